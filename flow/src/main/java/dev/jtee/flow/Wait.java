package dev.jtee.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One queued wait of a {@link Permit}: the queue node. Its verdict is decided exactly once, by
 * compare-and-set: by the limiter handing over a permit (under its lock) or by the waiter itself
 * giving up at its deadline or on cancellation — without the lock, so a waiter's refusal never
 * queues behind other waiters. A node decided by its waiter stays in the queue until the limiter
 * meets it and drops it. A new node per wait (only waiting allocates), so a permit that waits again
 * cannot be confused with its own earlier, abandoned place in the queue.
 */
final class Wait {
    private static final VarHandle VERDICT;

    static {
        try {
            VERDICT = MethodHandles.lookup().findVarHandle(Wait.class, "verdict", Admission.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Permit permit;
    final Thread waiter;
    final long deadline;
    final long seq;
    final long enqueuedAt;
    private volatile Admission verdict;

    Wait(Permit permit, Thread waiter, long deadline, long seq, long enqueuedAt) {
        this.permit = permit;
        this.waiter = waiter;
        this.deadline = deadline;
        this.seq = seq;
        this.enqueuedAt = enqueuedAt;
    }

    /** The verdict, or null while the wait goes on. */
    Admission verdict() {
        return verdict;
    }

    /** Ends the wait with {@code v} unless it has ended already; true if this call ended it. */
    boolean decide(Admission v) {
        return VERDICT.compareAndSet(this, null, v);
    }

    boolean decided() {
        return verdict != null;
    }
}
