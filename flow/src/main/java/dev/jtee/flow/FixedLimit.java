package dev.jtee.flow;

/** A limit that never changes; samples are ignored. Immutable, so safe from any thread. */
public final class FixedLimit implements Limit {
    private final int limit;

    public FixedLimit(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be ≥ 1: " + limit);
        this.limit = limit;
    }

    @Override
    public int currentLimit() {
        return limit;
    }

    @Override
    public void onSample(long rttNanos, int inFlight, boolean dropped) {
        // fixed: nothing to learn
    }

    @Override
    public boolean wantsSamples() {
        return false;
    }

    @Override
    public String toString() {
        return "FixedLimit[" + limit + "]";
    }

    /** Never changes. */
    @Override
    public boolean risesByItself() {
        return false;
    }
}
