package dev.jtee.flow;

/** What an acquire does when no permit is free at once. */
public enum Policy {
    /** Refuse at once with {@link Admission#QUEUE_FULL} (a queue of capacity zero). */
    FAIL_FAST,
    /** Wait in the bounded queue until a permit is handed over, the deadline passes or the wait is cancelled. */
    BLOCK
}
