package dev.jtee.core;

/**
 * A thread's place in a {@link Gate}'s FIFO queue. Preallocated and reused: each secure thread has
 * one for the client calls it carries, each instance has one for the TA-to-TA calls its code makes.
 * A waiter is in at most one queue at a time, because its thread waits for one thing at a time.
 */
final class Waiter {
    static final int IDLE = 0;
    static final int WAITING = 1;
    static final int GRANTED = 2;
    static final int CANCELLED = 3;

    volatile int state;
    volatile Thread thread;
    /** The gate whose queue holds this waiter while {@link #WAITING}. */
    volatile Gate queuedOn;
    /** The call chain (secure thread) this waiter acts for. */
    Object chain;
    /** Next in the queue; guarded by the gate's monitor. */
    Waiter next;
}
