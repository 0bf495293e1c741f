package dev.jtee.flow;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: for simulated-time tests of flow control (and of other
 * modules that inject a {@link NanoClock}). Thread-safe: any thread may read or advance it.
 */
public final class ManualClock implements NanoClock {
    private final AtomicLong now;

    public ManualClock() {
        this(0L);
    }

    public ManualClock(long startNanos) {
        this.now = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** Moves time forward by {@code nanos} (must be ≥ 0) and returns the new time. */
    public long advance(long nanos) {
        if (nanos < 0) throw new IllegalArgumentException("time only moves forward: " + nanos);
        return now.addAndGet(nanos);
    }

    /** Sets the time to {@code nanos}, which must not be earlier than the current time. */
    public void set(long nanos) {
        long prev = now.getAndUpdate(cur -> Math.max(cur, nanos));
        if (nanos < prev) throw new IllegalArgumentException("time only moves forward: " + nanos + " < " + prev);
    }
}
