package dev.jtee.stress;

import java.time.Duration;
import java.util.List;

/**
 * How {@link Stress#findKnee} steps the load up. First closed-model steps at each of
 * {@code closedCallers} (≥ 6 for the USL fit), then open-model steps from {@code startRate} (0: half
 * the closed steps' best throughput), each {@code growth} times the last, until one saturates;
 * then bisection between the last sustained and the first saturated rate until they are within
 * {@code precision} (at most {@code maxRefineSteps} steps).
 *
 * @param stepDuration   length of every step
 * @param closedCallers  callers of the closed steps
 * @param openWorkers    generator threads of every open step, exactly; 0 sizes them as each step runs
 *                       ({@link WorkerSizing}), starting from Little's law on the latency seen so far,
 *                       up to {@code maxOpenWorkers}
 * @param arrivals       spacing of the open steps' arrivals
 * @param startRate      the first open step's rate, calls/s; 0 picks one from the closed steps
 * @param growth         factor between open steps while none saturated (> 1)
 * @param precision      relative gap between sustained and saturated rates to stop at
 * @param maxOpenSteps   most ascending open steps
 * @param maxRefineSteps most bisection steps
 * @param grace          how long after each open step late calls may still start
 * @param confirmSaturation run a saturated open step again and believe it only if it saturates twice
 * @param maxOpenWorkers the most threads sized open steps grow to (e.g. the sessions a TA allows a
 *                       client, when each thread has a session of its own)
 */
public record KneeOptions(Duration stepDuration, List<Integer> closedCallers, int openWorkers, Arrivals arrivals, double startRate,
                          double growth, double precision, int maxOpenSteps, int maxRefineSteps, Duration grace,
                          boolean confirmSaturation, int maxOpenWorkers) {
    public static final List<Integer> DEFAULT_CALLERS = List.of(1, 2, 3, 4, 6, 8, 12, 16);

    public KneeOptions {
        closedCallers = List.copyOf(closedCallers);
        if (stepDuration == null || stepDuration.isNegative() || stepDuration.isZero()) {
            throw new IllegalArgumentException("step duration must be > 0");
        }
        if (!(growth > 1) || !(precision > 0) || openWorkers < 0 || maxOpenWorkers < 1 || maxOpenSteps < 1 || maxRefineSteps < 0 || startRate < 0) {
            throw new IllegalArgumentException("bad knee options: growth > 1, precision > 0, workers ≥ 0, steps ≥ 1 needed");
        }
    }

    /** 2 s steps, callers 1–16, open workers from the best closed step, uniform arrivals, ×1.25 steps, 5 % precision. */
    public static KneeOptions defaults() {
        return new KneeOptions(Duration.ofSeconds(2), DEFAULT_CALLERS, 0, Arrivals.UNIFORM, 0, 1.25, 0.05, 30, 4,
                Duration.ofSeconds(1), true, KneeFinder.MAX_WORKERS);
    }

    public KneeOptions withStepDuration(Duration d) {
        return new KneeOptions(d, closedCallers, openWorkers, arrivals, startRate, growth, precision, maxOpenSteps, maxRefineSteps, grace, confirmSaturation, maxOpenWorkers);
    }

    public KneeOptions withClosedCallers(List<Integer> callers) {
        return new KneeOptions(stepDuration, callers, openWorkers, arrivals, startRate, growth, precision, maxOpenSteps, maxRefineSteps, grace, confirmSaturation, maxOpenWorkers);
    }

    public KneeOptions withOpenWorkers(int workers) {
        return new KneeOptions(stepDuration, closedCallers, workers, arrivals, startRate, growth, precision, maxOpenSteps, maxRefineSteps, grace, confirmSaturation, maxOpenWorkers);
    }

    public KneeOptions withArrivals(Arrivals a) {
        return new KneeOptions(stepDuration, closedCallers, openWorkers, a, startRate, growth, precision, maxOpenSteps, maxRefineSteps, grace, confirmSaturation, maxOpenWorkers);
    }

    public KneeOptions withStartRate(double rate) {
        return new KneeOptions(stepDuration, closedCallers, openWorkers, arrivals, rate, growth, precision, maxOpenSteps, maxRefineSteps, grace, confirmSaturation, maxOpenWorkers);
    }

    public KneeOptions withConfirmSaturation(boolean confirm) {
        return new KneeOptions(stepDuration, closedCallers, openWorkers, arrivals, startRate, growth, precision, maxOpenSteps, maxRefineSteps, grace, confirm, maxOpenWorkers);
    }

    public KneeOptions withMaxOpenWorkers(int n) {
        return new KneeOptions(stepDuration, closedCallers, openWorkers, arrivals, startRate, growth, precision, maxOpenSteps, maxRefineSteps, grace, confirmSaturation, n);
    }

    public KneeOptions withGrace(Duration g) {
        return new KneeOptions(stepDuration, closedCallers, openWorkers, arrivals, startRate, growth, precision, maxOpenSteps, maxRefineSteps, g, confirmSaturation, maxOpenWorkers);
    }
}
