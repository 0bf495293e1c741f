package dev.jtee.flow;

import static dev.jtee.flow.ServiceSim.MS;
import static dev.jtee.flow.ServiceSim.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The adaptive limit against simulated services, in simulated time. */
class AdaptiveLimitSimulationTest {

    private static AdaptiveLimit.Builder limit(ManualClock clock) {
        return AdaptiveLimit.builder().clock(clock)
                .initialLimit(20).minLimit(1).maxLimit(200)
                .minWindow(1, TimeUnit.MILLISECONDS).minSamples(100).probeSamples(200)
                .probeInterval(1, TimeUnit.SECONDS);
    }

    private static Limiter limiter(ManualClock clock, Limit limit) {
        return Limiter.builder().clock(clock).limit(limit).queueCapacity(0).policy(Policy.FAIL_FAST).build();
    }

    private static String describe(ServiceSim sim, double meanLimit) {
        return "mean limit " + meanLimit + ", min " + sim.minLimitSeen + ", max " + sim.maxLimitSeen
                + ", completed " + sim.completed + ", rejected " + sim.rejected + ", dropped " + sim.dropped
                + ", mean rtt " + sim.meanRtt();
    }

    @Test
    void convergesNearCapacityTimesLatencyWithExponentialService() {
        ManualClock clock = new ManualClock();
        Limiter limiter = limiter(clock, limit(clock).build());
        // 8 servers × 50 µs mean: 160 000 calls/s; offered twice that.
        ServiceSim sim = new ServiceSim(clock, limiter, 8, 50_000, true, 320_000);
        sim.runUntil(2 * S);
        sim.resetStats();
        double mean = sim.runUntil(3 * S);
        String d = describe(sim, mean);
        assertTrue(mean >= 0.8 * 8 && mean <= 1.6 * 8, d);
        // The service is kept busy (probes included) without much queueing.
        assertTrue(sim.completed >= 0.85 * 160_000, d);
        assertTrue(sim.meanRtt() <= 1.5 * 50_000, d);
        assertEquals(sim.arrivals, sim.admitted + sim.rejected, d);
    }

    @Test
    void usesSamplesFarBelow100MicrosecondsWithFixedService() {
        ManualClock clock = new ManualClock();
        AdaptiveLimit al = limit(clock).initialLimit(100).build();
        Limiter limiter = limiter(clock, al);
        // 16 servers × 20 µs: 800 000 calls/s; offered 1.5×. Starting far above capacity.
        ServiceSim sim = new ServiceSim(clock, limiter, 16, 20_000, false, 1_200_000);
        sim.runUntil(1 * S);
        sim.resetStats();
        double mean = sim.runUntil(2 * S);
        String d = describe(sim, mean);
        assertTrue(mean >= 0.8 * 16 && mean <= 1.6 * 16, d);
        assertTrue(Math.abs(al.baselineNanos() - 20_000) <= 2_000, "baseline " + al.baselineNanos());
        assertTrue(sim.completed >= 0.85 * 800_000, d);
    }

    @Test
    void doesNotCreepUpwardUnderSteadyOverload() {
        ManualClock clock = new ManualClock();
        Limiter limiter = limiter(clock, limit(clock).build());
        // 8 servers × 80 µs: 100 000 calls/s; offered 4× for 10 s, with a baseline probe every second.
        ServiceSim sim = new ServiceSim(clock, limiter, 8, 80_000, true, 400_000);
        sim.runUntil(2 * S);
        List<Double> perSecond = new ArrayList<>();
        int max = 0;
        for (int s = 2; s < 10; s++) {
            sim.resetStats();
            perSecond.add(sim.runUntil((s + 1) * S));
            max = Math.max(max, sim.maxLimitSeen);
        }
        double early = (perSecond.get(0) + perSecond.get(1)) / 2;
        double late = (perSecond.get(6) + perSecond.get(7)) / 2;
        String d = "per-second mean limits " + perSecond + ", max " + max;
        assertTrue(late <= early * 1.1 + 0.5, d);
        assertTrue(max <= 1.75 * 8, d);
        for (double m : perSecond) assertTrue(m <= 1.6 * 8 && m >= 0.6 * 8, d);
    }

    @Test
    void fallsWhenCapacityDropsAndRecoversWhenItReturns() {
        ManualClock clock = new ManualClock();
        Limiter limiter = limiter(clock, limit(clock).build());
        ServiceSim sim = new ServiceSim(clock, limiter, 16, 100_000, true, 320_000);
        sim.runUntil(2 * S);
        sim.resetStats();
        double before = sim.runUntil(2 * S + 500 * MS);
        sim.servers = 4; // e.g. another workload takes three quarters of the service
        sim.runUntil(4 * S);
        sim.resetStats();
        double during = sim.runUntil(4 * S + 500 * MS);
        sim.servers = 16;
        sim.runUntil(6 * S);
        sim.resetStats();
        double after = sim.runUntil(6 * S + 500 * MS);
        String d = "before " + before + ", during " + during + ", after " + after;
        assertTrue(before >= 0.8 * 16, d);
        assertTrue(during <= 2.0 * 4, d);
        assertTrue(after >= 0.8 * 16 && after <= 1.6 * 16, d);
    }

    @Test
    void backsOffOnDropsFromAnOverloadedService() {
        // The service has a backlog of 2: what cannot start or queue is dropped at once (a 1 µs RTT
        // that would fool a purely RTT-based limit into growing).
        ManualClock clock = new ManualClock();
        Limiter limiter = limiter(clock, limit(clock).initialLimit(60).build());
        ServiceSim sim = new ServiceSim(clock, limiter, 8, 50_000, true, 640_000);
        sim.backlogLimit = 2;
        sim.runUntil(2 * S);
        sim.resetStats();
        double mean = sim.runUntil(3 * S);
        String d = describe(sim, mean);
        assertTrue(mean <= 1.5 * 8 && mean >= 0.5 * 8, d);

        ManualClock clock2 = new ManualClock();
        ServiceSim fixed = new ServiceSim(clock2, limiter(clock2, new FixedLimit(60)), 8, 50_000, true, 640_000);
        fixed.backlogLimit = 2;
        fixed.runUntil(3 * S);
        double adaptiveDropRate = (double) sim.dropped / sim.admitted;
        double fixedDropRate = (double) fixed.dropped / fixed.admitted;
        assertTrue(adaptiveDropRate < fixedDropRate / 3, d + "; fixed limit drop rate " + fixedDropRate);
    }

    @Test
    void staysWithinMinAndMax() {
        ManualClock clock = new ManualClock();
        // max below the service's capacity: the limit goes to max and no further
        Limiter capped = limiter(clock, limit(clock).minLimit(2).maxLimit(6).build());
        ServiceSim big = new ServiceSim(clock, capped, 16, 50_000, true, 640_000);
        big.runUntil(3 * S);
        assertTrue(big.maxLimitSeen <= 6 && big.minLimitSeen >= 2, describe(big, 0));
        big.resetStats();
        big.runUntil(4 * S);
        assertEquals(6, big.maxLimitSeen, describe(big, 0));

        ManualClock clock2 = new ManualClock();
        // min above the service's capacity: the limit goes to min and no further
        Limiter floored = limiter(clock2, limit(clock2).minLimit(4).maxLimit(50).build());
        ServiceSim small = new ServiceSim(clock2, floored, 1, 50_000, true, 200_000);
        small.runUntil(3 * S);
        assertTrue(small.minLimitSeen >= 4 && small.maxLimitSeen <= 50, describe(small, 0));
        small.resetStats();
        small.runUntil(4 * S);
        assertTrue(small.minLimitSeen >= 4, describe(small, 0));
        // probing at min (above capacity here) measures some queueing, so it settles a little above min
        assertTrue(small.maxLimitSeen <= 8, describe(small, 0));
    }

    @Test
    void doesNotGrowWhileAppLimited() {
        ManualClock clock = new ManualClock();
        AdaptiveLimit al = limit(clock).initialLimit(10).build();
        Limiter limiter = limiter(clock, al);
        // offered 10 % of capacity: about 0.8 calls in flight; the limit has no reason to rise
        ServiceSim sim = new ServiceSim(clock, limiter, 8, 50_000, true, 16_000);
        sim.runUntil(3 * S);
        assertTrue(sim.maxLimitSeen <= 12, describe(sim, 0));
    }

    @Test
    void concurrentSamplesKeepTheLimitInBounds() throws Exception {
        ManualClock clock = new ManualClock();
        AdaptiveLimit al = limit(clock).minLimit(3).maxLimit(40).build();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            int seed = i;
            ts[i] = new Thread(() -> {
                java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
                for (int k = 0; k < 200_000; k++) {
                    clock.advance(r.nextInt(50));
                    al.onSample(1_000 + r.nextInt(100_000), 1 + r.nextInt(60), r.nextInt(100) == 0);
                    int l = al.currentLimit();
                    if (l < 3 || l > 40) throw new AssertionError("limit out of bounds: " + l);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!t.isAlive(), "sampler thread stuck");
        }
        assertTrue(al.currentLimit() >= 3 && al.currentLimit() <= 40);
    }
}
