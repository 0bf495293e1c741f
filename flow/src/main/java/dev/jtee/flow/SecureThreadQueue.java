package dev.jtee.flow;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Callers waiting for a secure thread after the world answered THREAD_LIMIT, in FIFO order, as
 * OP-TEE's Linux driver queues them: never failed, only queued. Each time a call of this queue's
 * owner returns from the world ({@link #returned}), the waiter at the head is signalled and tries
 * again. A waiter notes how many calls had returned before it tried and tries again at once if any
 * returned meanwhile, so no wake-up is lost. The head also retries every {@code headRetryNanos} on
 * its own, for secure threads held by calls this queue does not see. A caller that finds waiters
 * must join the tail ({@link #isEmpty}), so queued callers are not overtaken.
 *
 * <p>One implementation for every driver of a world: the client's and the daemon's. Thread-safe;
 * waiting allocates nothing (each caller brings its reusable {@link Waiter}).
 */
public final class SecureThreadQueue {
    /** One try to enter the world: true when it entered (the call ran), false on THREAD_LIMIT. */
    public interface Attempt {
        boolean tryEnter();
    }

    /** How a wait ended. */
    public enum End {
        ENTERED, CANCELLED, CLOSED
    }

    /** A caller's place in the queue; one per calling thread, reused. */
    public static final class Waiter {
        Thread thread;
        /** What the wait is for (a call's operation), so a cancel names the right wait; may be null. */
        Object owner;
        long ticket;
        // guarded by the queue's lock
        Waiter prev;
        Waiter next;
        boolean linked;
        volatile boolean signalled;
        volatile boolean cancelled;
    }

    private final long headRetryNanos;
    private final ReentrantLock lock = new ReentrantLock();
    /** Parked waiters in ticket order (guarded by lock). */
    private Waiter head;
    private Waiter tail;
    private long nextTicket;
    /** How many calls have returned while someone waited (written under lock). */
    private volatile long returns;
    /** Callers in the queue, parked or trying again (written under lock). */
    private volatile int waiters;
    private volatile boolean closed;
    private final LongAdder queuedCalls = new LongAdder();

    /** {@code headRetryNanos}: how often the head retries on its own; {@link Long#MAX_VALUE} for never. */
    public SecureThreadQueue(long headRetryNanos) {
        if (headRetryNanos <= 0) {
            throw new IllegalArgumentException("head retry must be > 0: " + headRetryNanos);
        }
        this.headRetryNanos = headRetryNanos;
    }

    /** Nobody waits: a caller may try the world directly. */
    public boolean isEmpty() {
        return waiters == 0;
    }

    /** Callers waiting right now. */
    public int waiting() {
        return waiters;
    }

    /** Calls that ever had to wait. */
    public long queuedCalls() {
        return queuedCalls.sum();
    }

    /** Whether {@code w} is parked in line (tests: a wait they can observe). */
    boolean inLine(Waiter w) {
        lock.lock();
        try {
            return w.linked;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** A call came back from the world: a secure thread may be free for the head of the queue. */
    public void returned() {
        if (waiters != 0) {
            lock.lock();
            try {
                returns++;
                signalHead();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Takes a place in line for {@code owner}'s call: false (nothing taken) when the queue is
     * closed. From here {@link #cancel} finds the wait; {@link #await} must follow.
     */
    public boolean join(Waiter w, Object owner) {
        queuedCalls.increment();
        w.thread = Thread.currentThread();
        w.signalled = false;
        w.cancelled = false;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            w.owner = owner;
            w.ticket = nextTicket++;
            waiters++;
            // first in line: try again at once (a call may have returned before we got here)
            if (head != null) {
                link(w);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits in line ({@link #join}ed) until {@code attempt} enters, the wait is
     * {@linkplain #cancel cancelled} (or the thread interrupted: the flag is kept) or the queue
     * {@linkplain #close closed}. An exception of the attempt ends the wait and is thrown; the next
     * waiter gets any signal this one took.
     */
    public End await(Waiter w, Attempt attempt) {
        boolean tryNow = !w.linked;
        boolean interrupted = false;
        boolean entered = false;
        try {
            for (;;) {
                if (tryNow) {
                    long seen = returns;
                    if (w.cancelled || closed) {
                        break;
                    }
                    w.signalled = false;
                    if (attempt.tryEnter()) {
                        entered = true;
                        return End.ENTERED;
                    }
                    lock.lock();
                    try {
                        if (returns != seen && !w.cancelled && !closed) {
                            continue; // a thread came free while we tried: try again now
                        }
                        if (!w.cancelled) {
                            link(w);
                        }
                    } finally {
                        lock.unlock();
                    }
                }
                tryNow = false;
                interrupted = park(w);
                if (w.cancelled || closed) {
                    break;
                }
                tryNow = true;
            }
            return w.cancelled ? End.CANCELLED : End.CLOSED;
        } finally {
            lock.lock();
            try {
                if (w.linked) {
                    unlink(w);
                }
                w.owner = null;
                waiters--;
                if (!entered) {
                    // a signal this waiter took without using it goes to the next one
                    signalHead();
                }
            } finally {
                lock.unlock();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Parks until signalled, cancelled or closed, retrying as head on its own; true if interrupted. */
    private boolean park(Waiter w) {
        boolean timed = headRetryNanos != Long.MAX_VALUE;
        long deadline = timed ? System.nanoTime() + headRetryNanos : 0;
        while (!w.signalled && !w.cancelled && !closed) {
            if (timed) {
                LockSupport.parkNanos(this, deadline - System.nanoTime());
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                w.cancelled = true;
                return true;
            }
            if (timed) {
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    if (retryAsHead(w)) {
                        return false;
                    }
                    deadline = now + headRetryNanos;
                }
            }
        }
        return false;
    }

    /**
     * Ends {@code w}'s wait with {@link End#CANCELLED} if it still waits for {@code owner}; false if
     * that wait already ended (the call entered the world, or never waited).
     */
    public boolean cancel(Waiter w, Object owner) {
        lock.lock();
        try {
            if (w.owner != owner || owner == null) {
                return false;
            }
            w.cancelled = true;
            if (w.linked) {
                unlink(w);
            }
            LockSupport.unpark(w.thread);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends every wait with {@link End#CLOSED}; later waits end at once. */
    public void close() {
        closed = true;
        lock.lock();
        try {
            for (Waiter w = head; w != null; w = w.next) {
                LockSupport.unpark(w.thread);
            }
        } finally {
            lock.unlock();
        }
    }

    private void signalHead() {
        Waiter w = head;
        if (w != null) {
            unlink(w);
            w.signalled = true;
            LockSupport.unpark(w.thread);
        }
    }

    /** The head's own retry, for secure threads held by calls this queue will never see return. */
    private boolean retryAsHead(Waiter w) {
        lock.lock();
        try {
            if (head == w) {
                unlink(w);
                w.signalled = true;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Inserts in ticket order: a waiter that tried and failed keeps its place ahead of later ones. */
    private void link(Waiter w) {
        Waiter after = tail;
        while (after != null && after.ticket > w.ticket) {
            after = after.prev;
        }
        w.prev = after;
        w.next = after == null ? head : after.next;
        if (w.next != null) {
            w.next.prev = w;
        } else {
            tail = w;
        }
        if (after != null) {
            after.next = w;
        } else {
            head = w;
        }
        w.linked = true;
    }

    private void unlink(Waiter w) {
        if (w.prev != null) {
            w.prev.next = w.next;
        } else {
            head = w.next;
        }
        if (w.next != null) {
            w.next.prev = w.prev;
        } else {
            tail = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.linked = false;
    }
}
