package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The generator on real threads and real time (short runs; no wall-clock assertions). */
class GeneratorTest {

    @Test
    void openModelStartsEveryScheduledCallOnce() {
        Stress stress = Stress.builder(Target.noop()).build();
        StepResult r = stress.run(OpenModel.constant(20_000, Duration.ofMillis(500), 2));
        assertEquals(10_000, r.scheduled());
        // a no-op target keeps up on an idle machine; on a loaded one some calls may be reported missed,
        // never lost (whether the step counts as saturated is timing, tested in simulated time in KneeTest)
        assertEquals(10_000, r.started() + r.missed());
        assertEquals(r.started(), r.completed());
        assertTrue(r.started() > 0);
        assertEquals(1, r.outcomes().size());
        assertTrue(r.outcomes().getFirst().isSuccess());
        assertEquals(r.completed(), r.corrected().count());
        assertEquals(r.completed(), r.uncorrected().count());
        assertFalse(r.intervals().isEmpty());
        assertTrue(r.intervalLog().contains("Tag=corrected,") && r.intervalLog().contains("Tag=uncorrected,"), r.intervalLog());
    }

    @Test
    void poissonArrivalsAreCountedAndRepeatable() {
        Stress stress = Stress.builder(Target.noop()).build();
        OpenModel m = OpenModel.constant(10_000, Duration.ofMillis(400), 3).withArrivals(Arrivals.POISSON).withSeed(42);
        StepResult r = stress.run(m);
        // 4000 expected; a Poisson count has σ = √4000 ≈ 63
        assertTrue(Math.abs(r.scheduled() - 4000) < 5 * 63, "scheduled " + r.scheduled());
        assertEquals(r.scheduled(), r.completed() + r.missed());
    }

    @Test
    void resultsAreCountedByCodeAndOrigin() {
        AtomicLong n = new AtomicLong();
        long busy = Outcome.of(TeeResult.BUSY, Origin.COMMS);
        long dead = Outcome.of(TeeResult.TARGET_DEAD, Origin.TEE);
        Target t = () -> () -> {
            long i = n.getAndIncrement();
            return i % 10 == 3 ? busy : i % 10 == 7 ? dead : Outcome.SUCCESS;
        };
        StepResult r = Stress.builder(t).build().run(ClosedModel.of(1, Duration.ofMillis(200)));
        Map<String, Long> byName = r.outcomes().stream().collect(Collectors.toMap(OutcomeCount::describe, OutcomeCount::count));
        long total = r.completed();
        assertEquals(total, byName.values().stream().mapToLong(Long::longValue).sum());
        long b = byName.get("TEE_ERROR_BUSY (0xffff000d), origin COMMS");
        long d = byName.get("TEE_ERROR_TARGET_DEAD (0xffff3024), origin TEE");
        assertTrue(Math.abs(b - total / 10.0) <= 1 && Math.abs(d - total / 10.0) <= 1, byName.toString());
        assertEquals(b + d, r.errors());
        assertTrue(r.saturation().saturated(), "20 % errors saturate the step");
    }

    @Test
    void aThrowingTargetIsCountedNotFatal() {
        Target t = () -> () -> {
            throw new IllegalStateException("bug in the target");
        };
        StepResult r = Stress.builder(t).build().run(ClosedModel.of(2, Duration.ofMillis(100)));
        assertTrue(r.completed() > 0);
        assertEquals(r.completed(), r.errors());
        assertTrue(r.generatorNote().contains("bug in the target"), r.generatorNote());
    }

    @Test
    void closedModelKeepsLittlesLaw() {
        // 8 callers on a 4-server service: 8 calls always in progress (4 served, 4 queued), X = capacity
        Target sim = Target.simulated(2_000, 4);
        StepResult r = Stress.builder(sim).build().run(ClosedModel.of(8, Duration.ofMillis(1500)));
        assertTrue(r.little().consistent(), r.little().toString());
        assertEquals(8, r.little().sampled(), 1);
        // the service's capacity is a hard ceiling, however the threads are scheduled
        assertTrue(r.achieved() <= 2_000 * 1.02, "achieved " + r.achieved());
    }

    @Test
    void closedModelThinkTimeLowersThroughput() {
        Target sim = Target.simulated(10_000, 1);
        StepResult busy = Stress.builder(sim).build().run(ClosedModel.of(1, Duration.ofMillis(500)));
        StepResult thinking = Stress.builder(sim).build().run(new ClosedModel(1, Duration.ofMillis(2), Duration.ofMillis(500)));
        assertTrue(thinking.achieved() < busy.achieved() / 5, thinking.achieved() + " vs " + busy.achieved());
    }

    @Test
    void aGeneratorThatCannotKeepUpSaysSo() {
        // one worker, a 1 ms service, 5000/s offered: at most 1000/s can start
        Target slow = Target.simulated(1_000, 1);
        StepResult r = Stress.builder(slow).build().run(OpenModel.constant(5_000, Duration.ofMillis(400), 1).withGrace(Duration.ofMillis(100)));
        assertTrue(r.missed() > 0, "missed " + r.missed());
        assertTrue(r.generatorNote().contains("could not keep the rate"), r.generatorNote());
        assertTrue(r.saturation().saturated());
    }

    @Test
    void theCallPathAllocatesNothing() {
        // bytes allocated by one worker for 20 k and for 60 k calls: the difference is per-call cost
        allocatedBy(200_000); // let the JIT compile the call path first
        long small = allocatedBy(20_000);
        long large = allocatedBy(60_000);
        double perCall = (double) (large - small) / 40_000;
        assertTrue(perCall < 0.5, "bytes per call: " + perCall + " (" + small + " / " + large + ")");
    }

    private static long allocatedBy(int calls) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // simulated time: the same values every run, so no histogram resizes between the two runs
        ManualTicker ticker = new ManualTicker(0);
        OpenModel m = OpenModel.constant(calls * 4.0, Duration.ofMillis(250), 1);
        LoadGenerator.Schedule s = new LoadGenerator.Schedule(m, 1_000_000);
        LoadGenerator.OpenWorker w = new LoadGenerator.OpenWorker(Target.noop().newCaller(), ticker, s, 0);
        s.all = new LoadGenerator.OpenWorker[] {w};
        long before = mx.getCurrentThreadAllocatedBytes();
        w.run();
        long after = mx.getCurrentThreadAllocatedBytes();
        assertEquals(calls, w.completedOpaque());
        return after - before;
    }
}
