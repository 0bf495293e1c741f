package dev.jtee.stress;

/**
 * How many threads an open step with {@linkplain OpenModel#sized() sized} workers needs now. Little's
 * law on what the step has seen so far: the rate offered now (or just ahead) × the mean latency of the
 * calls completed, times a margin, plus two. A slow target's latency is not known while its first
 * calls are still under way, so a call that started late with every thread busy doubles the threads.
 * Never fewer than the step has (a thread that is not needed rests), never more than the bound.
 */
final class WorkerSizing {
    /** Calls in progress (rate × latency) times this, plus two. */
    static final double MARGIN = 2;
    /** How far ahead the rate is read, so that a ramp or the next stair finds its threads ready. */
    static final long LOOK_AHEAD_NANOS = 50_000_000;

    private final RateProfile profile;
    private final int max;

    WorkerSizing(RateProfile profile, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("most workers must be ≥ 1: " + max);
        }
        this.profile = profile;
        this.max = max;
    }

    /**
     * @param offsetNanos time since the step began
     * @param live        threads the step has now
     * @param completed   calls completed so far
     * @param busyNanos   the sum of their latencies from actual start
     * @param starved     whether a call started late with every thread busy since the last look
     * @return the threads the step should have (≥ {@code live} unless {@code live} exceeds the bound)
     */
    int wanted(long offsetNanos, int live, long completed, long busyNanos, boolean starved) {
        double latency = completed == 0 ? 0 : busyNanos / 1e9 / completed;
        long last = profile.durationNanos() - 1;
        double rate = Math.max(profile.rateAt(Math.min(offsetNanos, last)), profile.rateAt(Math.min(offsetNanos + LOOK_AHEAD_NANOS, last)));
        int want = Math.max(live, little(rate, latency));
        if (starved) {
            want = (int) Math.max(want, Math.min(Integer.MAX_VALUE, 2L * live));
        }
        return Math.min(want, Math.max(max, live));
    }

    int max() {
        return max;
    }

    /** Little's law with the margin: threads for {@code rate} calls/s of {@code latencySeconds} each. */
    static int little(double rate, double latencySeconds) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(rate * latencySeconds * MARGIN) + 2);
    }
}
