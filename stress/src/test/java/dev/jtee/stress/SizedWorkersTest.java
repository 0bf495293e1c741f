package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Open steps with sized workers on real threads and the real clock: a target of 5 ms calls at
 * 2 k/s needs about 10 threads in calls. No wall-clock time is asserted, only what the step did.
 */
class SizedWorkersTest {
    private static final RateProfile TWO_K = RateProfile.constant(2000, Duration.ofMillis(600));

    /** 100 servers of 5 ms each: no queueing at 2 k/s, so every call takes 5 ms. */
    private static Target fiveMs() {
        return Target.simulated(20_000, 100, Ticker.system());
    }

    @Test
    void sizedWorkersGrowToWhatTheRateNeedsAndStayWithinTheBound() {
        StepResult r = Stress.builder(fiveMs()).build()
                .run(OpenModel.sized(TWO_K, Arrivals.UNIFORM, 64, Duration.ofSeconds(5), 1));
        assertEquals(r.scheduled(), r.completed(), r.generatorNote());
        assertTrue(r.workers() >= 10 && r.workers() <= 64, "threads " + r.workers());
        assertFalse(r.workersLimited(), r.generatorNote());
        assertTrue(r.model().describe().contains("workers sized from 2, at most 64"), r.model().describe());
    }

    @Test
    void anExplicitWorkerCountWinsAndIsReportedWhenItLimitsTheRun() {
        // 2 threads of 5 ms make at most 400 calls/s of the 2 k/s asked
        StepResult r = Stress.builder(fiveMs()).build()
                .run(new OpenModel(TWO_K, Arrivals.UNIFORM, 2, Duration.ofSeconds(5), 1));
        assertEquals(2, r.workers());
        assertTrue(r.workersLimited(), r.generatorNote());
        assertTrue(r.busyAtBound() > 0, r.generatorNote());
        assertTrue(r.generatorNote().contains("calls found all 2 workers busy, the most set: the bound on workers limited the calls in flight"),
                r.generatorNote());
    }
}
