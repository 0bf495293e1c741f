package dev.jtee.flow;

/** The answer to an acquire: granted, or the reason it was refused. */
public enum Admission {
    /** A permit is held; release it exactly once. */
    GRANTED,
    /** No permit free and no room to wait (or the policy is {@link Policy#FAIL_FAST}). */
    QUEUE_FULL,
    /** The deadline passed before a permit was free (possibly while waiting in the queue). */
    DEADLINE,
    /** A token bucket (of the partition or of the whole limiter) had no token. */
    RATE_LIMITED,
    /** The limiter was closed. */
    CLOSED,
    /** The wait was cancelled, by {@link Permit#cancel()} or by interrupting the waiting thread. */
    CANCELLED;

    public boolean isGranted() {
        return this == GRANTED;
    }
}
