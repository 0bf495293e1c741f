package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * A target that stalls once: a closed-loop tool records one slow call and calls the rest fast;
 * measured from intended starts, every call scheduled during the stall is as slow as it was.
 */
class CoordinatedOmissionTest {

    @Test
    void inSimulatedTimeTheCorrectionIsExact() {
        long t0 = 1_000_000_000L;
        ManualTicker ticker = new ManualTicker(0);
        // 1000/s for 10 s; call 5000 stalls 1 s; every other call takes 10 µs
        Target fast = () -> () -> {
            ticker.advance(10_000);
            return Outcome.SUCCESS;
        };
        Target stalling = Target.stallOnce(fast, 5000, Duration.ofSeconds(1), ticker);
        LoadGenerator.Schedule s = new LoadGenerator.Schedule(OpenModel.constant(1000, Duration.ofSeconds(10), 1), t0);
        LoadGenerator.OpenWorker w = new LoadGenerator.OpenWorker(stalling.newCaller(), ticker, s, 0);
        s.all = new LoadGenerator.OpenWorker[] {w};
        w.run();
        Histogram corrected = w.corrected.getIntervalHistogram();
        Histogram uncorrected = w.uncorrected.getIntervalHistogram();
        assertEquals(10_000, corrected.getTotalCount());
        // uncorrected: one call of 1 s among 10 000 of 10 µs
        assertEquals(10_000, uncorrected.getValueAtPercentile(99), 10);
        assertEquals(1_000_010_000, uncorrected.getMaxValue(), 1_000_010_000 * 0.001);
        // corrected: the k-th of the 1000 calls due during the stall (10 % of all) was due k ms after the
        // stalled one and ran once the k before it had: 1 s − k ms + (k + 1) × 10 µs
        long p99 = corrected.getValueAtPercentile(99);
        assertEquals(900_000_000 + 101 * 10_000, p99, 901_010_000 * 0.001, "corrected p99: the 100th-slowest call");
        assertEquals(500_000_000 + 501 * 10_000, corrected.getValueAtPercentile(95), 505_010_000 * 0.001, "corrected p95");
        assertTrue(p99 > 10_000 * uncorrected.getValueAtPercentile(99));
    }

    @Test
    void inRealTimeTheCorrectedP99IsFarAboveTheUncorrected() {
        // 2000/s for 1.5 s on one worker; call 600 stalls 300 ms: ~600 calls (20 %) are due during the stall
        Target stalling = Target.stallOnce(Target.noop(), 600, Duration.ofMillis(300), Ticker.system());
        StepResult r = Stress.builder(stalling).build()
                .run(OpenModel.constant(2000, Duration.ofMillis(1500), 1).withGrace(Duration.ofSeconds(2)));
        assertEquals(3000, r.completed());
        assertEquals(0, r.missed());
        long corrected = r.corrected().p99();
        long uncorrected = r.uncorrected().p99();
        assertTrue(corrected > 100_000_000L, "corrected p99 " + corrected);
        assertTrue(corrected > 50 * Math.max(uncorrected, 1), "corrected p99 " + corrected + " vs uncorrected " + uncorrected);
        assertTrue(r.uncorrected().max() >= 300_000_000L, "the stall itself is in both");
        assertTrue(r.lateness().p99() > 50_000_000L, "the generator saw calls start late: " + r.lateness());
    }
}
