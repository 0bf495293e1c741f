package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The knee search against targets of known capacity, in simulated time ({@link SimulatedRun}):
 * the knee is within ±10 % of the true capacity, or the search says it cannot tell; never a
 * confident wrong answer.
 */
class KnownCapacityTest {
    private static final KneeOptions OPTIONS = KneeOptions.defaults().withStepDuration(Duration.ofMillis(500));

    /** The matrix: capacity, servers, queueing (also {@link KnownCapacityRealtimeTest}'s). */
    static Stream<Arguments> matrix() {
        return Stream.of(1_000, 10_000, 100_000, 1_000_000).flatMap(c -> {
            int servers = c == 1_000 ? 1 : c == 10_000 ? 2 : c == 100_000 ? 4 : 8;
            return Stream.of(Arguments.of((double) c, servers, true), Arguments.of((double) c, servers, false));
        });
    }

    @ParameterizedTest(name = "{0} calls/s, {1} servers, queueing {2}")
    @MethodSource("matrix")
    void findsTheKnownCapacityWithinTenPercent(double capacity, int servers, boolean queueing) {
        // a generator 20× faster than the target
        KneeResult k = new KneeFinder(new SimulatedRun(capacity, servers, queueing, 20 * capacity, 20 * capacity), OPTIONS).find();
        String trace = k.verdict() + "\n" + trace(k);
        assertNotEquals(Confidence.Level.CANNOT_TELL, k.confidence().level(), trace);
        assertEquals(capacity, k.knee(), capacity * 0.10, trace);
        assertTrue(k.verdict().startsWith("knee at"), trace);
        assertTrue(k.generatorLimited().isEmpty(), trace);
        assertTrue(k.confidence().generatorHeadroom() > 10, trace);
    }

    /**
     * The finding of issue 19: closed steps reached ~800 k/s while every open step started its
     * calls late because the generator could offer only ~80 k/s in the open model, and the tool
     * printed "knee at 81.4 k/s: sustained". Now those steps are generator-limited: neither knee
     * nor saturation, and the headline says it cannot tell.
     */
    @Test
    void aGeneratorLimitedOpenModelIsNotReportedAsTheTargetsKnee() {
        KneeResult k = new KneeFinder(new SimulatedRun(800_000, 8, true, 80_000, 2_000_000), OPTIONS).find();
        String trace = k.verdict() + "\n" + trace(k);
        assertEquals(Confidence.Level.CANNOT_TELL, k.confidence().level(), trace);
        assertTrue(k.verdict().startsWith("cannot tell the knee: the generator could not offer"), trace);
        // the rate was run twice (a limited step is confirmed like a saturated one), both times limited: both marked
        assertEquals(2, k.generatorLimited().size(), trace);
        assertTrue(Double.isNaN(k.saturatedAt()), "a generator-limited step does not saturate the search: " + trace);
        for (int i : k.generatorLimited()) {
            StepResult s = k.steps().get(i - 1);
            assertTrue(s.lateness().p99() > KneeFinder.LATE_BOUND_NANOS || s.missed() > 0, trace);
        }
    }

    @Test
    void aGeneratorSlowerThanTheTargetEverywhereCannotTell() {
        // the generator's own ceiling (no-op target) is below the target's capacity
        KneeResult k = new KneeFinder(new SimulatedRun(100_000, 4, true, 60_000, 60_000), OPTIONS).find();
        String trace = k.verdict() + "\n" + trace(k);
        assertEquals(Confidence.Level.CANNOT_TELL, k.confidence().level(), trace);
        assertTrue(k.confidence().generatorHeadroom() < 1.2, trace);
        assertTrue(k.verdict().startsWith("cannot tell"), trace);
    }

    @Test
    void openThreadsStartFromLittlesLawAndAreSizedUpToTheBound() {
        // 1 ms per call on 1 server of 1000/s: at 800/s about 0.8 calls are in progress; ×2 margin + 2
        KneeFinder f = new KneeFinder(new SimulatedRun(1000, 1, true, 1e6, 1e6), OPTIONS);
        KneeResult k = f.find();
        for (StepResult s : k.steps()) {
            if (s.model() instanceof OpenModel o) {
                int expected = (int) Math.ceil(o.profile().meanRate() * 0.001 * KneeFinder.LITTLE_MARGIN) + 2;
                assertTrue(o.firstWorkers() >= expected && o.firstWorkers() <= expected + 2, s.model().describe());
                assertTrue(o.sized(), s.model().describe());
                assertEquals(KneeFinder.MAX_WORKERS, o.workers(), s.model().describe());
            }
        }
        // before any step there is no latency to go by: two
        assertEquals(2, new KneeFinder(new SimulatedRun(1000, 1, true, 1e6, 1e6), OPTIONS).model(1).firstWorkers());
        // workers the options fix are exactly that many
        OpenModel fixed = new KneeFinder(new SimulatedRun(1000, 1, true, 1e6, 1e6), OPTIONS.withOpenWorkers(3)).model(800);
        assertEquals(3, fixed.workers());
        assertFalse(fixed.sized());
    }

    private static String trace(KneeResult k) {
        return k.steps().stream().map(s -> s.index() + " " + s.model().describe() + " → " + Format.rate(s.achieved())
                + " late p99 " + Format.latency(s.lateness().p99()) + " missed " + s.missed() + " in-call " + String.format("%.2f", s.little().sampled())
                + " " + s.saturation().reasons()).collect(Collectors.joining("\n"));
    }
}
