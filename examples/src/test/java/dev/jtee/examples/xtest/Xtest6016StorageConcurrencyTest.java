package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Fs.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * xtest 6016 "Storage concurency": three real threads, each with its own session (so its own
 * instance), create, rewrite, verify and delete their own object at the same time, 8 loops; every
 * call succeeds and every thread reads back its own data.
 */
@JteeTest
class Xtest6016StorageConcurrencyTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);
    private static final int NUM_THREADS = 3;
    private static final int LOOPS = 8;

    @Test
    void threeThreadsEightLoops(Context ctx) {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            ExecutorService pool = Executors.newFixedThreadPool(NUM_THREADS);
            try {
                for (int loop = 0; loop < LOOPS; loop++) {
                    CyclicBarrier start = new CyclicBarrier(NUM_THREADS);
                    List<Future<?>> futures = new ArrayList<>();
                    for (int n = 0; n < NUM_THREADS; n++) {
                        byte[] name = Arrays.copyOf(("file_" + n).getBytes(StandardCharsets.US_ASCII), 8);
                        futures.add(pool.submit(() -> {
                            try (Session s = ctx.openSession(STORAGE)) {
                                start.await(30, TimeUnit.SECONDS);
                                close(s, create(s, name, WRITE, 0, DATA_01));
                                int obj = open(s, name, WRITE);
                                write(s, obj, DATA_00);
                                close(s, obj);
                                obj = open(s, name, READ | WRITE_META);
                                assertArrayEquals(Arrays.copyOf(DATA_00, 10), read(s, obj, 10));
                                unlink(s, obj);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : futures) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        });
    }
}
