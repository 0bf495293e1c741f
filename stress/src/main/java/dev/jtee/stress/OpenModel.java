package dev.jtee.stress;

import java.time.Duration;

/**
 * The open model: calls arrive at the times {@code profile} sets, whether or not earlier calls have
 * returned, and each call's latency counts from its intended start, so a stalled target cannot hide
 * its stall (coordinated omission). {@code workers} platform threads make the calls; a call whose
 * time has come while every worker is busy starts late and that lateness counts in its latency.
 * Calls not started by the end of the run plus {@code grace} are counted as missed.
 *
 * @param profile  the offered rate over time
 * @param arrivals uniform or Poisson spacing
 * @param workers  threads that make calls (≥ 1); more than the target's concurrency lets the
 *                 generator keep the rate while calls queue
 * @param grace    how long after the end late calls may still start
 * @param seed     the seed of Poisson arrivals (runs with one seed are repeatable)
 * @param sized    whether {@code workers} is only the most threads: the step starts with few and adds
 *                 them as {@link WorkerSizing} finds them needed (Little's law, calls starting late);
 *                 false: exactly {@code workers} threads
 */
public record OpenModel(RateProfile profile, Arrivals arrivals, int workers, Duration grace, long seed, boolean sized) implements LoadModel {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(1);

    /** Exactly {@code workers} threads. */
    public OpenModel(RateProfile profile, Arrivals arrivals, int workers, Duration grace, long seed) {
        this(profile, arrivals, workers, grace, seed, false);
    }

    /** Threads sized by {@link WorkerSizing} as the step runs, at most {@code maxWorkers}. */
    public static OpenModel sized(RateProfile profile, Arrivals arrivals, int maxWorkers, Duration grace, long seed) {
        return new OpenModel(profile, arrivals, maxWorkers, grace, seed, true);
    }

    public OpenModel {
        if (profile == null || arrivals == null) {
            throw new IllegalArgumentException("profile and arrivals are required");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be ≥ 1: " + workers);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must be ≥ 0: " + grace);
        }
    }

    /** Uniform arrivals, {@code workers} threads, the default grace. */
    public static OpenModel of(RateProfile profile, int workers) {
        return new OpenModel(profile, Arrivals.UNIFORM, workers, DEFAULT_GRACE, 1);
    }

    /** A constant rate with uniform arrivals. */
    public static OpenModel constant(double perSecond, Duration duration, int workers) {
        return of(RateProfile.constant(perSecond, duration), workers);
    }

    public OpenModel withArrivals(Arrivals a) {
        return new OpenModel(profile, a, workers, grace, seed, sized);
    }

    public OpenModel withGrace(Duration g) {
        return new OpenModel(profile, arrivals, workers, g, seed, sized);
    }

    public OpenModel withSeed(long s) {
        return new OpenModel(profile, arrivals, workers, grace, s, sized);
    }

    @Override
    public Duration duration() {
        return profile.duration();
    }

    @Override
    public String describe() {
        return "open: " + profile.describe() + (arrivals == Arrivals.POISSON ? ", Poisson" : "") + ", " + (sized ? "workers sized, at most " + workers : workers + " workers");
    }
}
