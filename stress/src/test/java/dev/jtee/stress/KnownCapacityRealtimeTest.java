package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KnownCapacityTest}'s matrix on real time: simulated services of known capacity (their
 * finish times computed, so the capacity is exact however late a thread wakes) behind the real
 * generator, its threads and the system clock. The knee is within ±10 % of the capacity or the
 * search says it cannot tell, never a confident wrong answer. What it reports depends on the
 * machine (a 1 M/s service needs a generator that keeps 1 M/s), so it is tagged realtime; each
 * case prints its verdict for bench/results.
 */
@Tag("realtime")
class KnownCapacityRealtimeTest {
    private static final KneeOptions OPTIONS = KneeOptions.defaults().withStepDuration(Duration.ofMillis(400));

    @ParameterizedTest(name = "{0} calls/s, {1} servers, queueing {2}")
    @MethodSource("dev.jtee.stress.KnownCapacityTest#matrix")
    void theKneeIsWithinTenPercentOfTheKnownCapacityOrCannotTell(double capacity, int servers, boolean queueing) {
        Target t = Target.simulated(capacity, servers, queueing, Ticker.system());
        Stress stress = Stress.builder(t).build();
        KneeResult k = stress.findKnee(OPTIONS);
        String line = String.format(java.util.Locale.ROOT, "known capacity %s, %d servers, queueing %s: %s; closed peak %s; %s",
                Format.rate(capacity), servers, queueing, k.confidence().level(), Format.rate(k.closedPeak()), k.verdict());
        System.out.println(line);
        boolean cannotTell = k.confidence().level() == Confidence.Level.CANNOT_TELL;
        assertTrue(cannotTell || Math.abs(k.knee() / capacity - 1) <= 0.10, line);
        assertTrue(cannotTell == k.verdict().startsWith("cannot tell"), line);
    }
}
