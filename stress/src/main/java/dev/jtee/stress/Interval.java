package dev.jtee.stress;

/**
 * One sampling interval of a step (default a twentieth of it).
 *
 * @param atSeconds       end of the interval, seconds since the run started
 * @param throughput      calls completed per second in the interval
 * @param p50             corrected latency percentiles of calls completed in it, nanoseconds
 * @param uncorrectedP99  p99 from the calls' actual starts
 * @param lateP99         p99 of how late calls started
 * @param inCall          generator threads inside a call (mean of samples)
 * @param inFlight        the context's calls inside the secure world (flow control), −1 when unknown
 * @param limit           its in-flight limit, −1 when unknown
 * @param queued          its calls waiting in the normal world, −1 when unknown
 */
public record Interval(double atSeconds, double throughput, long p50, long p90, long p99, long max, long uncorrectedP99,
                       long lateP99, double inCall, int inFlight, int limit, int queued) {
}
