package dev.jtee.flow;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A reusable admission ticket, created by {@link Limiter#newPermit()} and owned by one caller at a
 * time (e.g. one per worker thread or per operation object): the hot path allocates nothing.
 *
 * <p>Life cycle: idle → {@link Limiter#acquire acquire} → held (if granted) → {@link Limiter#release
 * release} → idle. Acquiring a permit that is not idle, or releasing one that is not held (a double
 * release), throws {@link IllegalStateException} and leaves the limiter's counters untouched.
 *
 * <p>Threads: acquire is called by the owner; release may be called from any thread, once;
 * {@link #cancel()} may be called from any thread. While the owner waits in the queue the permit is
 * the queue node itself.
 */
public final class Permit {
    static final int IDLE = 0;
    static final int ACQUIRING = 1;
    static final int HELD = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Permit.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Limiter owner;
    private volatile int state;
    volatile boolean cancelRequested;
    /** The current queued wait, or null. */
    volatile Wait wait;
    Partition partition;

    Permit(Limiter owner) {
        this.owner = owner;
    }

    boolean casState(int expect, int update) {
        return STATE.compareAndSet(this, expect, update);
    }

    void setState(int s) {
        state = s;
    }

    int state() {
        return state;
    }

    /** Release store: orders earlier writes (e.g. {@link #partition}) before it, without a fence. */
    void setStateRelease(int s) {
        STATE.setRelease(this, s);
    }

    /** True between a granted acquire and its release. */
    public boolean isHeld() {
        return state == HELD;
    }

    /** The partition this permit was last acquired for, or null. */
    public Partition partition() {
        return partition;
    }

    /**
     * Asks a pending acquire of this permit to give up: a queued wait ends with
     * {@link Admission#CANCELLED}. No effect on an idle or held permit (a running call is not
     * cancelled here). Returns true if an acquire was pending; it may still have been granted just
     * before the request arrived.
     */
    public boolean cancel() {
        if (state != ACQUIRING) return false;
        cancelRequested = true;
        Wait w = wait;
        if (w != null) LockSupport.unpark(w.waiter);
        return true;
    }
}
