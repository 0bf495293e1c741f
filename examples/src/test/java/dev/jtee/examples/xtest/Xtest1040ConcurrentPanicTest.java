package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * xtest 1040 "Test panic in concurrent open/invoke/close session": three threads open a session
 * on the single-instance sims TA, make it panic and close, over and over. An open may meet the
 * instance another thread just killed (TARGET_DEAD, retried as xtest does); every panic invoke
 * answers TARGET_DEAD; every thread ends in SUCCESS.
 */
@JteeTest
class Xtest1040ConcurrentPanicTest {
    private static final int NUM_THREADS = 3;
    /** xtest's loop count at level 0. */
    private static final int LOOPS = 50;

    @Test
    void concurrentInvokeWithPanicInTa(Context ctx) {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            ExecutorService pool = Executors.newFixedThreadPool(NUM_THREADS);
            try {
                List<Future<TeeResult>> threads = new ArrayList<>();
                for (int n = 0; n < NUM_THREADS; n++) {
                    threads.add(pool.submit(() -> panicLoop(ctx)));
                }
                for (Future<TeeResult> t : threads) {
                    assertEquals(TeeResult.SUCCESS, t.get(100, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            // and the TA works again afterwards
            try (Session s = ctx.openSession(Xtest.uuid(SimsTa.UUID))) {
                Xtest1012SingleInstanceMultiSessionTest.counter(s);
            }
        });
    }

    /** test_1040_thread: the thread's result, SUCCESS when every round went as expected. */
    private static TeeResult panicLoop(Context ctx) {
        int n = 0;
        while (n < LOOPS) {
            Session session;
            try {
                session = ctx.openSession(Xtest.uuid(SimsTa.UUID));
            } catch (TeeException e) {
                if (e.result().equals(TeeResult.TARGET_DEAD)) {
                    continue;
                }
                return e.result();
            }
            TeeResult res = TeeResult.SUCCESS;
            Origin origin = null;
            try {
                session.invoke(SimsTa.CMD_PANIC, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, null));
            } catch (TeeException e) {
                res = e.result();
                origin = e.origin();
            }
            session.close();
            if (!res.equals(TeeResult.TARGET_DEAD)) {
                return res.isSuccess() ? TeeResult.GENERIC : res;
            }
            if (origin != Origin.TEE) {
                return TeeResult.GENERIC;
            }
            n++;
        }
        return TeeResult.SUCCESS;
    }
}
