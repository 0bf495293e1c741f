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
 * @param firstWorkers threads the step starts with (1 to {@code workers}); fewer than {@code workers}
 *                 makes the workers {@linkplain #sized() sized}: the step adds threads as
 *                 {@link WorkerSizing} finds them needed (Little's law, calls starting late), up to
 *                 {@code workers}
 */
public record OpenModel(RateProfile profile, Arrivals arrivals, int workers, Duration grace, long seed, int firstWorkers)
        implements LoadModel {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(1);

    /** Exactly {@code workers} threads. */
    public OpenModel(RateProfile profile, Arrivals arrivals, int workers, Duration grace, long seed) {
        this(profile, arrivals, workers, grace, seed, workers);
    }

    /** Threads sized by {@link WorkerSizing} as the step runs, from two, at most {@code maxWorkers}. */
    public static OpenModel sized(RateProfile profile, Arrivals arrivals, int maxWorkers, Duration grace, long seed) {
        return new OpenModel(profile, arrivals, maxWorkers, grace, seed, Math.min(2, Math.max(1, maxWorkers)));
    }

    /** Whether the step adds threads as it finds them needed. */
    public boolean sized() {
        return firstWorkers < workers;
    }

    /** Sized workers starting from {@code n} threads (a guess from earlier steps), at most {@link #workers}. */
    public OpenModel withFirstWorkers(int n) {
        return new OpenModel(profile, arrivals, workers, grace, seed, Math.clamp(n, 1, workers));
    }

    public OpenModel {
        if (profile == null || arrivals == null) {
            throw new IllegalArgumentException("profile and arrivals are required");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be ≥ 1: " + workers);
        }
        if (firstWorkers < 1 || firstWorkers > workers) {
            throw new IllegalArgumentException("first workers must be 1 to " + workers + ": " + firstWorkers);
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
        return new OpenModel(profile, a, workers, grace, seed, firstWorkers);
    }

    public OpenModel withGrace(Duration g) {
        return new OpenModel(profile, arrivals, workers, g, seed, firstWorkers);
    }

    public OpenModel withSeed(long s) {
        return new OpenModel(profile, arrivals, workers, grace, s, firstWorkers);
    }

    @Override
    public Duration duration() {
        return profile.duration();
    }

    @Override
    public String describe() {
        return "open: " + profile.describe() + (arrivals == Arrivals.POISSON ? ", Poisson" : "") + ", " + (sized() ? "workers sized from " + firstWorkers + ", at most " + workers : workers + " workers");
    }
}
