package dev.jtee.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsAndAllocationTest {

    @Test
    void metersUnderJteeFlow() throws Exception {
        ManualClock clock = new ManualClock();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Limiter limiter = Limiter.builder().name("ta").clock(clock).fixedLimit(1).queueCapacity(1)
                .partition("p", 1.0).meterRegistry(registry).build();
        Permit a = limiter.newPermit(), b = limiter.newPermit(), c = limiter.newPermit();
        limiter.acquire(a, Limiter.NO_DEADLINE);
        AtomicReference<Admission> out = new AtomicReference<>();
        Thread t = new Thread(() -> out.set(limiter.acquire(b, clock.nanoTime() + 1_000_000)));
        t.start();
        Waiting.until(() -> limiter.queueDepth() == 1, "queued");
        assertEquals(1.0, registry.get("jtee.flow.queue.depth").tag("limiter", "ta").gauge().value());
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(c, Limiter.NO_DEADLINE));
        clock.advance(1_000_000);
        Waiting.join(t);
        assertEquals(Admission.DEADLINE, out.get());

        assertEquals(1.0, registry.get("jtee.flow.limit").tag("limiter", "ta").gauge().value());
        assertEquals(1.0, registry.get("jtee.flow.inflight").tag("limiter", "ta").gauge().value());
        assertEquals(1.0, registry.get("jtee.flow.partition.inflight").tag("partition", "p").gauge().value());
        assertEquals(1.0, registry.get("jtee.flow.rejections").tags("partition", "p", "reason", "QUEUE_FULL").counter().count());
        assertEquals(1.0, registry.get("jtee.flow.rejections").tags("partition", "p", "reason", "DEADLINE").counter().count());
        assertEquals(0.0, registry.get("jtee.flow.rejections").tags("partition", "p", "reason", "CLOSED").counter().count());
        var timer = registry.get("jtee.flow.wait").tag("limiter", "ta").timer();
        assertEquals(1, timer.count());
        assertEquals(1_000_000.0, timer.totalTime(TimeUnit.NANOSECONDS));
        assertNotNull(registry.find("jtee.flow.rejections").tags("reason", "RATE_LIMITED").counter());
    }

    /** Bytes this thread allocated, via the HotSpot extension (present on the JDKs we build with). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long allocationPerLoop(Limiter limiter, int loops) {
        Permit p = limiter.newPermit();
        Partition part = limiter.defaultPartition();
        Runnable loop = () -> {
            for (int i = 0; i < loops; i++) {
                if (limiter.acquire(p, part, Policy.FAIL_FAST, Limiter.NO_DEADLINE).isGranted()) {
                    limiter.release(p, Outcome.SUCCESS, 3_000);
                }
            }
        };
        loop.run(); // warm up
        loop.run();
        long before = allocated();
        loop.run();
        return allocated() - before;
    }

    @Test
    void uncontendedAcquireAndReleaseAllocateNothing() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Limiter fixed = Limiter.builder().fixedLimit(4).rateLimit(1e9, 1_000_000).meterRegistry(registry).build();
        Limiter adaptive = Limiter.builder().limit(AdaptiveLimit.builder().minWindow(100, TimeUnit.MICROSECONDS).build())
                .partition("a", 0.5).systemPartition("s", 0.5).reserve(1).meterRegistry(registry).build();
        // 200 000 round trips: a per-call allocation would show up as megabytes
        long f = allocationPerLoop(fixed, 200_000);
        long a = allocationPerLoop(adaptive, 200_000);
        assertTrue(f < 16_384, "fixed limiter allocated " + f + " bytes");
        assertTrue(a < 16_384, "adaptive limiter allocated " + a + " bytes");
    }
}
