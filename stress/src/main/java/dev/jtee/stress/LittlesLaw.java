package dev.jtee.stress;

/**
 * Little's law check of one step: the mean number of calls in progress, sampled, against
 * throughput × mean latency (both from actual starts). Far apart means the step was not steady
 * or the measurement is wrong.
 *
 * @param sampled    mean calls in progress, sampled about every millisecond
 * @param throughput completed calls per second
 * @param meanLatencySeconds mean latency from actual start
 */
public record LittlesLaw(double sampled, double throughput, double meanLatencySeconds) {
    /** {@code L = λ·W}. */
    public double predicted() {
        return throughput * meanLatencySeconds;
    }

    /** sampled / predicted (1 is perfect). */
    public double ratio() {
        double p = predicted();
        return p == 0 ? (sampled == 0 ? 1 : Double.POSITIVE_INFINITY) : sampled / p;
    }

    /** Within 25 %, or both below 0.05 calls (too few in progress to sample meaningfully). */
    public boolean consistent() {
        return Math.abs(ratio() - 1) <= 0.25 || Math.abs(sampled - predicted()) < 0.05;
    }
}
