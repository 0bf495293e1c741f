package dev.jtee.flow;

/**
 * A concurrency limit: how many calls may be in flight at once. {@link #currentLimit()} is read on
 * every acquire and {@link #onSample} is called on every release that carries a sample, from any
 * thread and concurrently, so both must be cheap, lock-free and allocation-free.
 */
public interface Limit {

    /** The current limit, always ≥ 1. */
    int currentLimit();

    /**
     * Records one completed call.
     *
     * @param rttNanos round-trip time of the call (from admission to completion)
     * @param inFlight calls in flight when this one completed, itself included
     * @param dropped  the call timed out or was refused by an overloaded service
     */
    void onSample(long rttNanos, int inFlight, boolean dropped);

    /**
     * Whether {@link #onSample} does anything; a limiter skips the call for a limit that answers
     * false (e.g. {@link FixedLimit}). Read once, when the limiter is built.
     */
    default boolean wantsSamples() {
        return true;
    }

    /**
     * Whether {@link #currentLimit()} may rise between releases (with time, or with something the
     * limiter does not see). Then waiters look again every few milliseconds; otherwise they park
     * until a release hands them a permit or their deadline passes.
     */
    default boolean risesByItself() {
        return true;
    }
}
