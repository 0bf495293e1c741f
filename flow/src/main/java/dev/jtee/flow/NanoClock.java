package dev.jtee.flow;

/**
 * A monotonic nanosecond time source, injected into every flow-control algorithm so that tests run
 * in simulated time. Implementations must be safe to call from any thread.
 */
@FunctionalInterface
public interface NanoClock {

    /** Monotonic time in nanoseconds; only differences between two readings are meaningful. */
    long nanoTime();

    /** The JVM's {@link System#nanoTime()}. */
    static NanoClock system() {
        return SystemClock.INSTANCE;
    }
}

enum SystemClock implements NanoClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
