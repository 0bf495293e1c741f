package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.ParamType;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.SharedMemory;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * xtest 1013 "Test concurrency with concurrent TA": three real threads, each with its own session
 * (so its own instance of the multi-instance TA), run the busy loop and the SHA-256 loop; every
 * call succeeds, the highest concurrency the TA saw is in (0, 3], SHA-256("abc") is right.
 */
@JteeTest
class Xtest1013ConcurrencyTest {
    private static final int NUM_THREADS = 3;
    private static final int REPEAT = 1000;
    private static final byte[] SHA256_ABC = HexFormat.of()
            .parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    /** One thread's outcome (test_1013_thread_arg). */
    record Outcome(int maxConcurrency, byte[] out, long outSize) {
    }

    @Test
    void busyLoopAndSha256FromThreeThreads(Context ctx) {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int loop = 0; loop < 4; loop++) {
                try (SharedMemory shm = ctx.allocateSharedMemory(ConcurrentTa.SHM_SIZE,
                        SharedMemory.MEM_INPUT | SharedMemory.MEM_OUTPUT)) {
                    int max = 0;
                    for (Outcome o : runThreads(ctx, shm, ConcurrentTa.CMD_BUSY_LOOP, REPEAT * 10)) {
                        max = Math.max(max, o.maxConcurrency());
                    }
                    assertTrue(max > 0 && max <= NUM_THREADS, "busy loop max concurrency " + max);

                    max = 0;
                    for (Outcome o : runThreads(ctx, shm, ConcurrentTa.CMD_SHA256, REPEAT)) {
                        assertEquals(32, o.outSize());
                        assertArrayEquals(SHA256_ABC, o.out());
                        max = Math.max(max, o.maxConcurrency());
                    }
                    assertTrue(max > 0 && max <= NUM_THREADS, "SHA-256 max concurrency " + max);
                }
            }
        });
    }

    @Test
    void oneSecureThreadMeansNoConcurrencyInside() {
        // reference facts §3: a call holds a secure thread; with one thread the TA never sees two calls
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try (SecureWorld world = SecureWorld.builder().threads(1).console(line -> { }).build();
                 Tee tee = Tee.on(world);
                 Context ctx = tee.newContext();
                 SharedMemory shm = ctx.allocateSharedMemory(ConcurrentTa.SHM_SIZE,
                         SharedMemory.MEM_INPUT | SharedMemory.MEM_OUTPUT)) {
                for (Outcome o : runThreads(ctx, shm, ConcurrentTa.CMD_BUSY_LOOP, REPEAT * 10)) {
                    assertEquals(1, o.maxConcurrency());
                }
            }
        });
    }

    /** NUM_THREADS threads that open a session, meet at a barrier, invoke once and close. */
    private static List<Outcome> runThreads(Context ctx, SharedMemory shm, int command, int repeat) throws Exception {
        CyclicBarrier start = new CyclicBarrier(NUM_THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(NUM_THREADS);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int n = 0; n < NUM_THREADS; n++) {
                futures.add(pool.submit(() -> {
                    try (Session s = ctx.openSession(Xtest.uuid(ConcurrentTa.UUID))) {
                        byte[] out = new byte[32];
                        Operation op = Operation.create()
                                .partialMemref(0, ParamType.MEMREF_PARTIAL_INOUT, shm, 0, ConcurrentTa.SHM_SIZE)
                                .value(1, ParamType.VALUE_INOUT, repeat, 0);
                        if (command == ConcurrentTa.CMD_SHA256) {
                            op.tempMemref(2, ParamType.MEMREF_TEMP_INPUT, new byte[] {'a', 'b', 'c'})
                                    .tempMemref(3, ParamType.MEMREF_TEMP_OUTPUT, out);
                        }
                        start.await(30, TimeUnit.SECONDS);
                        s.invoke(command, op);
                        return new Outcome(op.valueB(1), out, command == ConcurrentTa.CMD_SHA256 ? op.size(3) : 0);
                    }
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
