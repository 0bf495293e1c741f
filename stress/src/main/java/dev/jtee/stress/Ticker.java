package dev.jtee.stress;

import java.util.concurrent.locks.LockSupport;

/**
 * The generator's time: a monotonic nanosecond clock and a way to wait for a moment on it. Tests
 * inject a simulated one so that schedules run in simulated time. Safe to call from any thread.
 */
public interface Ticker {

    /** Monotonic nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** Returns at or after {@code deadline} (as close to it as the ticker can), answering the time then. */
    long awaitNanos(long deadline);

    /** {@link System#nanoTime()}; waits park when far off, then yield, then spin, to start calls on time. */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}

enum SystemTicker implements Ticker {
    INSTANCE;

    /** parkNanos oversleeps by tens of µs on Linux: park only until this much before the deadline. */
    private static final long PARK_SLACK = 80_000;
    private static final long YIELD_FROM = 5_000;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long awaitNanos(long deadline) {
        long now = System.nanoTime();
        while (true) {
            long left = deadline - now;
            if (left <= 0) {
                return now;
            }
            if (left > PARK_SLACK + 20_000) {
                LockSupport.parkNanos(left - PARK_SLACK);
            } else if (left > YIELD_FROM) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
            now = System.nanoTime();
        }
    }
}
