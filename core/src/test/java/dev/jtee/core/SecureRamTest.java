package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SecureRamTest {
    private static final long BASE = 0x0e100000L;
    private static final long PAGE = 4096;

    @Test
    void reservesWholePagesFirstFit() {
        SecureRam ram = new SecureRam(BASE, 16 * PAGE);
        assertEquals(16 * PAGE, ram.budget());
        assertEquals(0, ram.used());
        assertEquals(BASE, ram.reserve(1));
        assertEquals(PAGE, ram.used(), "rounded up to a page");
        assertEquals(BASE + PAGE, ram.reserve(PAGE));
        assertEquals(BASE + 2 * PAGE, ram.reserve(PAGE + 1));
        assertEquals(4 * PAGE, ram.used());
        assertEquals(12 * PAGE, ram.available());
        assertEquals(12 * PAGE, ram.largestAvailable());
    }

    @Test
    void failsWhenItDoesNotFit() {
        SecureRam ram = new SecureRam(BASE, 4 * PAGE + 100); // the partial page is not usable
        assertEquals(4 * PAGE, ram.budget());
        assertEquals(-1, ram.reserve(4 * PAGE + 1));
        assertEquals(-1, ram.reserve(Long.MAX_VALUE));
        long a = ram.reserve(3 * PAGE);
        assertEquals(-1, ram.reserve(2 * PAGE));
        assertEquals(BASE + 3 * PAGE, ram.reserve(PAGE));
        assertEquals(-1, ram.reserve(1));
        assertEquals(ram.budget(), ram.used());
        ram.release(a, 3 * PAGE);
        assertEquals(PAGE, ram.used());
        assertThrows(IllegalArgumentException.class, () -> ram.reserve(0));
        assertThrows(IllegalArgumentException.class, () -> ram.reserve(-5));
    }

    @Test
    void releaseCoalescesNeighbours() {
        SecureRam ram = new SecureRam(BASE, 8 * PAGE);
        long a = ram.reserve(2 * PAGE);
        long b = ram.reserve(2 * PAGE);
        long c = ram.reserve(2 * PAGE);
        long d = ram.reserve(2 * PAGE);
        assertEquals(-1, ram.reserve(PAGE));
        ram.release(a, 2 * PAGE);
        ram.release(c, 2 * PAGE);
        assertEquals(2 * PAGE, ram.largestAvailable(), "two separate holes");
        assertEquals(-1, ram.reserve(3 * PAGE));
        ram.release(b, 2 * PAGE); // joins a and c
        assertEquals(6 * PAGE, ram.largestAvailable());
        assertEquals(BASE, ram.reserve(6 * PAGE));
        ram.release(BASE, 6 * PAGE);
        ram.release(d, 2 * PAGE);
        assertEquals(0, ram.used());
        assertEquals(BASE, ram.reserve(8 * PAGE), "everything coalesced into one range");
    }

    @Test
    void rejectsBadReleases() {
        SecureRam ram = new SecureRam(BASE, 8 * PAGE);
        long a = ram.reserve(2 * PAGE);
        ram.release(a, 2 * PAGE);
        assertThrows(IllegalStateException.class, () -> ram.release(a, 2 * PAGE), "double release");
        long b = ram.reserve(PAGE);
        assertThrows(IllegalStateException.class, () -> ram.release(b, 2 * PAGE), "more than reserved");
        assertThrows(IllegalStateException.class, () -> ram.release(BASE - PAGE, PAGE), "below the base");
        assertThrows(IllegalStateException.class, () -> ram.release(BASE + 8 * PAGE, PAGE), "past the end");
        assertThrows(IllegalStateException.class, () -> ram.release(b + 1, PAGE), "not page-aligned");
        assertEquals(PAGE, ram.used());
        assertThrows(IllegalArgumentException.class, () -> new SecureRam(BASE + 1, PAGE));
    }

    @Test
    void concurrentReservationsNeverOverlap() throws Exception {
        SecureRam ram = new SecureRam(BASE, 256 * PAGE);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<long[]> kept = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    Random rnd = new Random(seed);
                    List<long[]> mine = new ArrayList<>();
                    for (int i = 0; i < 5000; i++) {
                        if (mine.isEmpty() || rnd.nextBoolean()) {
                            long size = 1 + rnd.nextInt(4 * (int) PAGE);
                            long pa = ram.reserve(size);
                            if (pa >= 0) {
                                mine.add(new long[] {pa, size});
                            }
                        } else {
                            long[] r = mine.remove(rnd.nextInt(mine.size()));
                            ram.release(r[0], r[1]);
                        }
                    }
                    kept.addAll(mine);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(w.isAlive());
        }
        assertTrue(failures.isEmpty(), () -> "worker failed: " + failures.peek());
        // what is still reserved is disjoint and matches used()
        Set<Long> pages = new HashSet<>();
        long bytes = 0;
        for (long[] r : kept) {
            long len = (r[1] + PAGE - 1) / PAGE * PAGE;
            bytes += len;
            for (long p = r[0]; p < r[0] + len; p += PAGE) {
                assertTrue(pages.add(p), "page reserved twice");
            }
        }
        assertEquals(bytes, ram.used());
        for (long[] r : kept) {
            ram.release(r[0], r[1]);
        }
        assertEquals(0, ram.used());
        assertEquals(BASE, ram.reserve(256 * PAGE));
    }
}
