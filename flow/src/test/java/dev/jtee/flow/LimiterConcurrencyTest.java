package dev.jtee.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** Real threads, bounded time: the limit is never exceeded and no acquire goes missing. */
class LimiterConcurrencyTest {

    private static void hammer(Limiter limiter, int threads, int iterations, boolean withCanceller) throws Exception {
        int limit = limiter.limit();
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger maxHolding = new AtomicInteger();
        AtomicLong attempts = new AtomicLong();
        Map<Admission, LongAdder> results = new EnumMap<>(Admission.class);
        for (Admission a : Admission.values()) results.put(a, new LongAdder());
        Permit[] permits = new Permit[threads];
        for (int i = 0; i < threads; i++) permits[i] = limiter.newPermit();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger(threads);
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Permit permit = permits[i];
            int seed = i;
            ts[i] = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                java.util.List<Partition> parts = limiter.partitions();
                for (int k = 0; k < iterations; k++) {
                    Partition p = parts.get(r.nextInt(parts.size()));
                    Policy policy = r.nextBoolean() ? Policy.BLOCK : Policy.FAIL_FAST;
                    long deadline = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(r.nextInt(1, 500));
                    attempts.incrementAndGet();
                    Admission a = limiter.acquire(permit, p, policy, deadline);
                    results.get(a).increment();
                    if (a.isGranted()) {
                        int h = holding.incrementAndGet();
                        maxHolding.accumulateAndGet(h, Math::max);
                        if (r.nextInt(8) == 0) Thread.yield();
                        holding.decrementAndGet();
                        limiter.release(permit, r.nextInt(10) == 0 ? Outcome.DROPPED : Outcome.SUCCESS, 1_000);
                    }
                }
                Thread.interrupted(); // a stray interrupt must not leak into the next test
                running.decrementAndGet();
            }, "hammer-" + i);
            ts[i].start();
        }
        Thread canceller = null;
        if (withCanceller) {
            canceller = new Thread(() -> {
                SplittableRandom r = new SplittableRandom(99);
                while (running.get() > 0) {
                    permits[r.nextInt(permits.length)].cancel();
                    Thread.onSpinWait();
                }
            });
            canceller.start();
        }
        start.countDown();
        for (Thread t : ts) Waiting.join(t);
        if (canceller != null) Waiting.join(canceller);

        long total = 0;
        for (LongAdder v : results.values()) total += v.sum();
        assertEquals(attempts.get(), total, "every acquire ends in exactly one answer: " + results);
        assertEquals((long) threads * iterations, attempts.get());
        assertTrue(maxHolding.get() <= limit, "in flight " + maxHolding.get() + " > limit " + limit);
        assertTrue(results.get(Admission.GRANTED).sum() > 0, "some calls got through: " + results);
        assertEquals(0, limiter.inFlight(), "all permits back");
        assertEquals(0, limiter.queueDepth(), "nobody left waiting");
        for (Partition p : limiter.partitions()) assertEquals(0, p.inFlight(), p.name());
    }

    @Test
    void neverExceedsTheLimitAndConservesCalls() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                hammer(Limiter.builder().fixedLimit(4).queueCapacity(4).build(), 8, 20_000, false));
    }

    @Test
    void lifoWithPartitionsReserveAndCancellationsUnderStress() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                hammer(Limiter.builder().fixedLimit(5).reserve(1).queueCapacity(16).queueOrder(QueueOrder.LIFO)
                        .partition("a", 0.5).partition("b", 0.5).systemPartition("sys", 0).build(), 8, 20_000, true));
    }

    @Test
    void adaptiveLimitUnderRealThreads() {
        AdaptiveLimit limit = AdaptiveLimit.builder().initialLimit(4).minLimit(2).maxLimit(6)
                .minWindow(1, TimeUnit.MILLISECONDS).probeInterval(50, TimeUnit.MILLISECONDS).build();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Limiter limiter = Limiter.builder().limit(limit).queueCapacity(8).build();
            // the limit moves while we run, so check against its maximum
            AtomicInteger holding = new AtomicInteger();
            hammerAgainstMax(limiter, holding);
        });
    }

    private static void hammerAgainstMax(Limiter limiter, AtomicInteger holding) throws Exception {
        int threads = 8;
        AtomicInteger max = new AtomicInteger();
        LongAdder granted = new LongAdder(), refused = new LongAdder();
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            Permit permit = limiter.newPermit();
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 20_000; k++) {
                    Admission a = limiter.acquire(permit, System.nanoTime() + 200_000);
                    if (!a.isGranted()) {
                        refused.increment();
                        continue;
                    }
                    granted.increment();
                    max.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    holding.decrementAndGet();
                    limiter.release(permit, Outcome.SUCCESS, 2_000);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) Waiting.join(t);
        assertEquals(threads * 20_000L, granted.sum() + refused.sum());
        assertTrue(max.get() <= 6, "in flight " + max.get() + " above max limit 6");
        assertEquals(0, limiter.inFlight());
        assertEquals(0, limiter.queueDepth());
    }
}
