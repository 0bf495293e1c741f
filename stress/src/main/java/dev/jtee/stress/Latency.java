package dev.jtee.stress;

import org.HdrHistogram.Histogram;

/** Latency percentiles of a set of calls, in nanoseconds (HdrHistogram, 3 significant digits). */
public record Latency(long count, double mean, long p50, long p90, long p99, long p999, long max) {
    public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0, 0);

    public static Latency of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Latency(h.getTotalCount(), h.getMean(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
