package dev.jtee.examples.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.examples.seed.JournalTa;
import dev.jtee.junit.JteeTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The session bound counted by the TA itself, on whatever transport the suite runs on (embedded,
 * daemon, libteec): bursts of 64 threads opening sessions on a single-instance TA never have more
 * sessions of one context open at once than its bound — not in the first burst, not in one after
 * every session closed.
 */
@JteeTest
class SessionBoundEveryTransportTest {
    private static final TeeUuid JOURNAL = TeeUuid.parse(JournalTa.UUID);

    private static void burst(Context ctx, int threads, int rounds) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int r = 0; r < rounds; r++) {
                        ctx.openSession(JOURNAL).close();
                    }
                } catch (InterruptedException | TeeException e) {
                    failures.incrementAndGet();
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(0, failures.get());
    }

    @Test
    void burstsNeverOpenMoreSessionsThanTheBound(Tee tee) {
        int bound = 3;
        try (Context observer = tee.newContext(FlowControl.off());
             Session watch = observer.openSession(JOURNAL); // keeps the instance and its peak count
             Context ctx = tee.newContext(FlowControl.builder().maxSessionsPerTa(bound).deadline(Duration.ofSeconds(60)).build())) {
            assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
                burst(ctx, 64, 10);
                burst(ctx, 64, 3); // after a quiet moment
            });
            Operation op = Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0);
            watch.invoke(JournalTa.CMD_SESSIONS, op);
            assertEquals(1, op.valueA(0), "only the observer's session is left");
            assertTrue(op.valueB(0) <= bound + 1, "peak " + op.valueB(0) + " sessions: the observer's and at most " + bound);
        }
    }
}
