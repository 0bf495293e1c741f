package dev.jtee.core;

import java.util.concurrent.locks.LockSupport;

/**
 * Exclusive ownership by a call chain, handed over in FIFO order: an instance's busy flag
 * ({@code tee_ta_try_set_busy}) and, re-entrant, the world's single-instance lock. The owner is a
 * chain (the secure thread a call runs on, which TA-to-TA calls inherit), not a Java thread, as in
 * OP-TEE where the owner is {@code thread_get_id()}. Waiters park; callers keep their secure thread
 * while they wait. Thread-safe; allocation-free.
 */
final class Gate {
    /** Acquired. */
    static final int OK = 0;
    /** The chain already holds this non-re-entrant gate: waiting would deadlock. */
    static final int SELF = 1;
    /** Removed from the queue by {@link #cancel}. */
    static final int CANCELLED = 2;
    /** The deadline passed while queued. */
    static final int TIMED_OUT = 3;

    private final boolean reentrant;
    private volatile Object owner;
    private int holds;
    private Waiter head;
    private Waiter tail;

    Gate(boolean reentrant) {
        this.reentrant = reentrant;
    }

    /** The chain holding the gate, or null (a racy view, exact when the caller is that chain). */
    Object owner() {
        return owner;
    }

    /**
     * Takes the gate for {@code chain}, queueing behind earlier callers.
     *
     * @param deadline {@link System#nanoTime()} to give up at, or {@link Long#MAX_VALUE}
     */
    int acquire(Waiter w, Object chain, long deadline) {
        synchronized (this) {
            if (owner == null) {
                owner = chain;
                holds = 1;
                return OK;
            }
            if (owner == chain) {
                if (reentrant) {
                    holds++;
                    return OK;
                }
                return SELF;
            }
            w.chain = chain;
            w.thread = Thread.currentThread();
            w.next = null;
            w.queuedOn = this;
            w.state = Waiter.WAITING;
            if (tail == null) {
                head = w;
            } else {
                tail.next = w;
            }
            tail = w;
        }
        while (w.state == Waiter.WAITING) {
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (cancel(w)) {
                        return TIMED_OUT;
                    }
                } else {
                    LockSupport.parkNanos(this, left);
                }
            }
        }
        return w.state == Waiter.GRANTED ? OK : CANCELLED;
    }

    /** Takes the gate only if that needs no waiting (re-entry included for a re-entrant gate). */
    synchronized boolean tryAcquire(Object chain) {
        if (owner == null) {
            owner = chain;
            holds = 1;
            return true;
        }
        if (owner == chain && reentrant) {
            holds++;
            return true;
        }
        return false;
    }

    /** Gives the gate up (one hold); the first waiter, if any, becomes the owner. */
    void release() {
        Thread wake;
        synchronized (this) {
            if (--holds > 0) {
                return;
            }
            Waiter w = head;
            if (w == null) {
                owner = null;
                return;
            }
            head = w.next;
            if (head == null) {
                tail = null;
            }
            w.next = null;
            owner = w.chain;
            holds = 1;
            wake = w.thread;
            w.queuedOn = null;
            w.state = Waiter.GRANTED;
        }
        LockSupport.unpark(wake);
    }

    /** Takes a still-queued waiter out of the queue; true if it was queued here. */
    boolean cancel(Waiter w) {
        Thread wake;
        synchronized (this) {
            if (w.state != Waiter.WAITING || w.queuedOn != this) {
                return false;
            }
            Waiter prev = null;
            for (Waiter x = head; x != null; prev = x, x = x.next) {
                if (x == w) {
                    if (prev == null) {
                        head = x.next;
                    } else {
                        prev.next = x.next;
                    }
                    if (tail == x) {
                        tail = prev;
                    }
                    break;
                }
            }
            w.next = null;
            w.queuedOn = null;
            wake = w.thread;
            w.state = Waiter.CANCELLED;
        }
        LockSupport.unpark(wake);
        return true;
    }

    /** Callers queued now. */
    synchronized int queued() {
        int n = 0;
        for (Waiter x = head; x != null; x = x.next) {
            n++;
        }
        return n;
    }
}
