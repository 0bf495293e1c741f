package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arrival schedules in simulated time: every call starts exactly when the profile says. */
class ScheduleTest {
    private static final long T0 = 1_000_000_000L;

    /** Runs one open-model worker in simulated time against a target that notes when each call starts. */
    private static List<Long> arrivals(OpenModel model, int workerIndex) {
        ManualTicker ticker = new ManualTicker(0);
        List<Long> times = new ArrayList<>();
        Target.Caller recorder = () -> {
            times.add(ticker.nanoTime() - T0);
            return Outcome.SUCCESS;
        };
        LoadGenerator.Schedule s = new LoadGenerator.Schedule(model, T0);
        LoadGenerator.OpenWorker w = new LoadGenerator.OpenWorker(recorder, ticker, s, workerIndex);
        s.all = new LoadGenerator.OpenWorker[] {w};
        w.run();
        return times;
    }

    @Test
    void constantRateStartsCallsEveryPeriod() {
        List<Long> t = arrivals(OpenModel.constant(1000, Duration.ofSeconds(2), 1), 0);
        assertEquals(2000, t.size());
        for (int i = 0; i < t.size(); i++) {
            assertEquals(i * 1_000_000L, t.get(i));
        }
    }

    @Test
    void fractionalPeriodsDoNotDrift() {
        // 3 calls per ms: a period of 333 333.3 ns must not accumulate rounding
        List<Long> t = arrivals(OpenModel.constant(3000, Duration.ofSeconds(1), 1), 0);
        assertEquals(3000, t.size());
        assertEquals(999_000_000L, t.get(2997));
        assertEquals(999_666_666L, t.getLast());
    }

    @Test
    void rampFollowsTheIntegralOfItsRate() {
        // 0 → 2000/s over 1 s: N(t) = 1000 t², so call i starts at √(i/1000) s
        RateProfile ramp = RateProfile.ramp(0, 2000, Duration.ofSeconds(1));
        List<Long> t = arrivals(OpenModel.of(ramp, 1), 0);
        assertEquals(1000, t.size());
        for (int i = 0; i < t.size(); i++) {
            assertEquals(Math.sqrt(i / 1000.0) * 1e9, t.get(i), 1.0);
        }
        assertEquals(250, t.stream().filter(x -> x < 500_000_000L).count(), "a quarter of the calls in the first half");
    }

    @Test
    void downwardRampToo() {
        RateProfile ramp = RateProfile.ramp(3000, 1000, Duration.ofSeconds(2));
        List<Long> t = arrivals(OpenModel.of(ramp, 1), 0);
        assertEquals(4000, t.size());
        // N(1 s) = 3000 − 500 = 2500 calls in the first second
        assertEquals(2500, t.stream().filter(x -> x < 1_000_000_000L).count());
    }

    @Test
    void stairsOfferEachStepItsRate() {
        RateProfile stairs = RateProfile.stairs(100, 200, 3, Duration.ofMillis(500));
        List<Long> t = arrivals(OpenModel.of(stairs, 1), 0);
        assertEquals(50 + 150 + 250, t.size());
        assertEquals(50, t.stream().filter(x -> x < 500_000_000L).count());
        assertEquals(150, t.stream().filter(x -> x >= 500_000_000L && x < 1_000_000_000L).count());
        assertEquals(250, t.stream().filter(x -> x >= 1_000_000_000L).count());
        // inside the second stair calls are 1/300 s apart
        int first = 50;
        assertEquals(500_000_000L, t.get(first));
        assertEquals(500_000_000L + 1e9 / 300 * 7, t.get(first + 7), 1.0);
        assertEquals(300, stairs.rateAt(600_000_000L));
        assertEquals(450, stairs.totalCount(), 1e-9);
    }

    @Test
    void poissonArrivalsHaveTheRateAndExponentialGaps() {
        // one worker of one: a Poisson process of 10 000/s over 10 s
        List<Long> t = arrivals(OpenModel.constant(10_000, Duration.ofSeconds(10), 1).withArrivals(Arrivals.POISSON).withSeed(7), 0);
        double n = t.size();
        assertEquals(100_000, n, 5 * Math.sqrt(100_000));
        double mean = 0;
        double sq = 0;
        long[] gaps = new long[t.size() - 1];
        for (int i = 1; i < t.size(); i++) {
            gaps[i - 1] = t.get(i) - t.get(i - 1);
            mean += gaps[i - 1];
        }
        mean /= gaps.length;
        for (long g : gaps) {
            sq += (g - mean) * (g - mean);
        }
        double cv = Math.sqrt(sq / gaps.length) / mean;
        assertEquals(100_000, mean, 1_000, "mean gap 100 µs");
        assertEquals(1.0, cv, 0.02, "exponential gaps have a coefficient of variation of 1");
        // P(gap > mean) = e^-1 for an exponential distribution
        double longer = java.util.Arrays.stream(gaps).filter(g -> g > 100_000).count() / (double) gaps.length;
        assertEquals(Math.exp(-1), longer, 0.01);
        // same seed, same arrivals
        assertEquals(t, arrivals(OpenModel.constant(10_000, Duration.ofSeconds(10), 1).withArrivals(Arrivals.POISSON).withSeed(7), 0));
    }

    @Test
    void poissonCallsNeverStartedCountAsMissed() {
        // 10 000/s for 1 s, no grace, but every call takes 1 ms of simulated time: one worker can start ~1000
        long t0 = 1_000_000L;
        ManualTicker ticker = new ManualTicker(0);
        Target.Caller slow = () -> {
            ticker.advance(1_000_000);
            return Outcome.SUCCESS;
        };
        OpenModel m = OpenModel.constant(10_000, Duration.ofSeconds(1), 1).withArrivals(Arrivals.POISSON).withGrace(Duration.ZERO);
        LoadGenerator.Schedule s = new LoadGenerator.Schedule(m, t0);
        LoadGenerator.OpenWorker w = new LoadGenerator.OpenWorker(slow, ticker, s, 0);
        s.all = new LoadGenerator.OpenWorker[] {w};
        w.run();
        long started = w.startedOpaque();
        assertEquals(1001, started, 1);
        long scheduled = s.scheduled();
        assertEquals(10_000, scheduled, 5 * Math.sqrt(10_000));
        assertTrue(scheduled - started > 8_000);
    }

    @Test
    void poissonScheduleCountsEveryArrivalMade() {
        OpenModel m = OpenModel.constant(5_000, Duration.ofSeconds(2), 1).withArrivals(Arrivals.POISSON).withSeed(11);
        ManualTicker ticker = new ManualTicker(0);
        long[] n = new long[1];
        LoadGenerator.Schedule s = new LoadGenerator.Schedule(m, T0);
        LoadGenerator.OpenWorker w = new LoadGenerator.OpenWorker(() -> {
            n[0]++;
            return Outcome.SUCCESS;
        }, ticker, s, 0);
        s.all = new LoadGenerator.OpenWorker[] {w};
        w.run();
        assertEquals(n[0], s.scheduled(), "nothing was missed");
        assertEquals(10_000, n[0], 5 * Math.sqrt(10_000));
    }

    @Test
    void poissonOnARampFollowsTheRamp() {
        OpenModel m = OpenModel.of(RateProfile.ramp(0, 20_000, Duration.ofSeconds(2)), 1).withArrivals(Arrivals.POISSON);
        List<Long> t = arrivals(m, 0);
        long firstHalf = t.stream().filter(x -> x < 1_000_000_000L).count();
        assertEquals(20_000, t.size(), 5 * Math.sqrt(20_000));
        assertEquals(5_000, firstHalf, 5 * Math.sqrt(5_000));
    }

    @Test
    void uniformCountIsTheCallsDueBeforeTheEnd() {
        assertEquals(1000, LoadGenerator.Schedule.uniformCount(RateProfile.constant(1000, Duration.ofSeconds(1))));
        assertEquals(1, LoadGenerator.Schedule.uniformCount(RateProfile.constant(0.5, Duration.ofSeconds(1))));
        assertEquals(2, LoadGenerator.Schedule.uniformCount(RateProfile.constant(1.5, Duration.ofSeconds(1))));
    }

    @Test
    void profilesRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> RateProfile.constant(0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> RateProfile.constant(10, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RateProfile.ramp(0, 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> RateProfile.stairs(10, -20, 3, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> OpenModel.constant(10, Duration.ofSeconds(1), 0));
        assertTrue(RateProfile.stairs(100, 50, 4, Duration.ofSeconds(2)).describe().contains("× 4"));
    }
}
