package dev.jtee.stress;

/** Simulated time for one thread: waiting jumps straight to the deadline. */
final class ManualTicker implements Ticker {
    private long now;

    ManualTicker(long start) {
        this.now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long awaitNanos(long deadline) {
        if (deadline - now > 0) {
            now = deadline;
        }
        return now;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
