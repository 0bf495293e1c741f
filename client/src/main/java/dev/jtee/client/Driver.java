package dev.jtee.client;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.flow.Admission;
import dev.jtee.flow.Limiter;
import dev.jtee.flow.Outcome;
import dev.jtee.flow.Permit;
import dev.jtee.flow.Policy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The normal-world driver of one TEE device (the emulated {@code drivers/tee/optee}): takes a
 * {@link CallFrame} from a per-thread cache, marshals, enters the secure world through the
 * {@link SecureWorldPort}, unmarshals and turns a failure into a {@link TeeException}.
 *
 * <p>When the world answers {@link SecureWorldPort#THREAD_LIMIT} the caller waits in a FIFO call
 * queue, as the OP-TEE Linux driver does: callers are queued, never failed. Each time one of this
 * driver's calls returns, the waiter at the head of the queue is signalled and tries again. A
 * waiter records how many calls had returned before it tried, and tries again at once instead of
 * sleeping if any returned meanwhile, so no wake-up is lost. The head also retries after
 * {@code headRetryNanos} on its own, for secure threads held by callers this driver does not see.
 * New callers join the queue's tail while anyone waits, so queued callers are not overtaken.
 *
 * <p>In front of that sits each context's flow control ({@link ContextFlow}, configured by
 * {@link FlowControl}): a session slot per TA for opens, a gate per TA instance, the in-flight
 * permit; each call takes what applies, in that order, waiting in the normal world, and gives it
 * back when it returns. Every call is counted once as completed, refused or cancelled.
 *
 * <p>Thread-safe. The call path allocates nothing unless the caller has to wait.
 */
final class Driver {
    static final long DEFAULT_HEAD_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final System.Logger LOG = System.getLogger("dev.jtee.client");

    static final int OPEN = 0;
    static final int INVOKE = 1;
    static final int CLOSE = 2;

    /** One frame and one queue entry per thread, shared by every driver the thread calls. */
    private static final ThreadLocal<Slot> SLOTS = ThreadLocal.withInitial(Slot::new);

    final SecureWorldPort port;
    final ClientIdentity identity;
    private final long headRetryNanos;

    private final ReentrantLock lock = new ReentrantLock();
    /** Parked waiters in ticket order (guarded by lock). */
    private Waiter head;
    private Waiter tail;
    private long nextTicket;
    /** How many of this driver's calls have returned while someone waited (written under lock). */
    private volatile long returns;
    /** Callers in the queue path, parked or trying again (written under lock). */
    private volatile int waiters;
    private volatile boolean closed;
    private final LongAdder queuedCalls = new LongAdder();
    /** The TAs' instance models, asked once per TA. */
    final TaModels models = new TaModels(this);

    Driver(SecureWorldPort port, ClientIdentity identity, long headRetryNanos) {
        this.port = port;
        this.identity = identity;
        this.headRetryNanos = headRetryNanos;
    }

    static final class Slot {
        final CallFrame frame = new CallFrame();
        final Waiter waiter = new Waiter();
        boolean busy;
        /** Set when the port answered the current call (it completed, whatever its result). */
        boolean entered;
        /** This thread's permits for the last few limiters it used (a limiter's permit is per caller). */
        /** This thread's place in an instance gate's queue (replaced when a call gives up in it). */
        CallCombiner.Node node = new CallCombiner.Node();
        private final Limiter[] limiters = new Limiter[4];
        private final Permit[] permits = new Permit[4];
        private int victim;

        Permit permit(Limiter l) {
            for (int i = 0; i < limiters.length; i++) {
                if (limiters[i] == l) {
                    return permits[i];
                }
            }
            int i = victim;
            victim = (i + 1) & 3;
            limiters[i] = l;
            return permits[i] = l.newPermit();
        }
    }

    /** A caller waiting for a secure thread. */
    static final class Waiter {
        Thread thread;
        Operation op;
        long ticket;
        // guarded by the driver's lock
        Waiter prev;
        Waiter next;
        boolean linked;
        volatile boolean signalled;
        volatile boolean cancelled;
    }

    // ---- the three calls

    Session openSession(Context context, TeeUuid uuid, Login login, Integer connectionData, Operation op) {
        if (uuid == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API, "no TA UUID");
        }
        TeeUuid client = identity.clientUuid(login, connectionData);
        ContextFlow flow = context.flow;
        // Before taking this thread's call slot: these may call the world themselves.
        SessionSlots slots = null;
        ContextFlow.Gate taGate = null;
        if (flow.on) {
            int flags = models.flags(uuid);
            if (TaModels.sharesInstance(flags)) {
                // one instance, one heap for every session: each open holds a slot from before it
                // opens until it closes, and waits for one, from the very first open
                slots = flow.sessionSlots(uuid, this);
                slots.refresh();
                if (flags != TaModels.UNKNOWN && flow.config.instanceAware) {
                    taGate = flow.taGate(uuid);
                }
            }
        }
        Permit slotPermit = slots == null ? null : slots.limiter.newPermit();
        boolean opened = false;
        Slot slot = acquire();
        try {
            CallFrame f = slot.frame.clear();
            f.uuid = uuid;
            f.login = login.value();
            f.clientUuid = client;
            f.connectionData = connectionData == null ? 0 : connectionData;
            if (op != null) {
                op.target = this;
                f.cancelId = op.cancelId;
                Marshalling.toFrame(op, f, context);
            }
            call(OPEN, f, op, slot, flow, slots, slotPermit, taGate);
            if (op != null) {
                Marshalling.fromFrame(op, f);
            }
            if (f.result != 0) {
                diedIfDead(f, slots, f.instance);
                throw failure(f);
            }
            ContextFlow.Gate gate = taGate != null ? taGate
                    : flow.on && flow.config.instanceAware && f.instance != 0 ? flow.retain(f.instance, uuid) : null;
            Session s = new Session(context, this, f.session, uuid, origin(f.origin), slots, slotPermit, gate, f.instance);
            opened = true;
            return s;
        } finally {
            slot.busy = false;
            if (!opened && slotPermit != null && slotPermit.isHeld()) {
                slots.limiter.release(slotPermit, Outcome.IGNORED, 0);
            }
        }
    }

    /** A call answered TARGET_DEAD from the TEE: the TA died, and its session slots learn of it. */
    private static void diedIfDead(CallFrame f, SessionSlots slots, int instance) {
        if (slots != null && f.result == TeeResult.TARGET_DEAD.code() && f.origin == Origin.TEE.value()) {
            slots.died(instance);
        }
    }

    /** The hot path: no allocation unless the call fails or has to wait. */
    void invoke(Session session, int command, Operation op) {
        Slot slot = acquire();
        try {
            CallFrame f = slot.frame.clear();
            f.session = session.id();
            f.command = command;
            if (op != null) {
                op.target = session;
                f.cancelId = op.cancelId;
                Marshalling.toFrame(op, f, session.context());
            }
            if (session.isClosed()) {
                throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.COMMS, "session " + session.id() + " is closed");
            }
            call(INVOKE, f, op, slot, session.context().flow, null, null, session.gate);
            if (op != null) {
                Marshalling.fromFrame(op, f);
            }
            if (f.result != 0) {
                diedIfDead(f, session.slots, session.instance);
                throw failure(f);
            }
        } finally {
            slot.busy = false;
        }
    }

    /** {@code TEEC_CloseSession}: never fails; a refusal is only logged. Gives back the session's slot and gate. */
    void closeSession(Session session) {
        ContextFlow flow = session.context().flow;
        try {
            if (closed) {
                return;
            }
            Slot slot = acquire();
            try {
                CallFrame f = slot.frame.clear();
                f.session = session.id();
                call(CLOSE, f, null, slot, flow, null, null, session.gate);
                if (f.result != 0) {
                    LOG.log(System.Logger.Level.DEBUG, "closing session {0}: {1}", session.id(), failure(f).getMessage());
                }
            } catch (TeeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing session " + session.id() + " failed", e);
            } finally {
                slot.busy = false;
            }
        } finally {
            if (session.gate != null) {
                flow.release(session.gate);
            }
            if (session.slotPermit != null && session.slotPermit.isHeld()) {
                session.slots.limiter.release(session.slotPermit, Outcome.IGNORED, 0);
            }
        }
    }

    private final CallCombiner.Body gated = this::gated;

    /**
     * One call through flow control: the session slot (opens), the instance gate, the in-flight
     * permit, then the secure world. Counts the call once: completed if the port answered, refused
     * or cancelled otherwise.
     */
    private void call(int kind, CallFrame f, Operation op, Slot slot, ContextFlow flow, SessionSlots slots, Permit slotPermit,
                      ContextFlow.Gate gate) {
        flow.submitted.increment();
        slot.entered = false;
        if (op != null) {
            op.cancelRequested = false;
            op.flow = flow;
        }
        boolean counted = false;
        try {
            if (!flow.on) {
                run(kind, f, op, slot);
                return;
            }
            boolean bounded = kind != CLOSE;
            long deadline = flow.deadline();
            if (bounded) {
                Admission a = flow.rateCheck();
                if (a != null) {
                    counted = true;
                    throw flow.refusal(a, this);
                }
                if (slots != null) {
                    a = flow.admit(slots.limiter, slotPermit, op, deadline, true);
                    if (a != Admission.GRANTED) {
                        counted = true;
                        throw flow.refusal(a, this, slots.reason());
                    }
                }
            }
            CallCombiner.Node n = slot.node;
            n.body = gated;
            n.kind = kind;
            n.frame = f;
            n.op = op;
            n.slot = slot;
            n.flow = flow;
            n.bounded = bounded;
            n.deadline = deadline;
            if (gate == null) {
                n.refused = false;
                try {
                    gated(n);
                } finally {
                    counted = n.refused;
                }
                return;
            }
            Admission a;
            if (op != null) {
                op.combining = n;
            }
            try {
                a = gate.combiner.run(n, bounded ? deadline : Limiter.NO_DEADLINE, gateCapacity(flow, bounded), flow);
            } finally {
                if (op != null) {
                    op.combining = null;
                }
            }
            if (a != Admission.GRANTED) {
                slot.node = new CallCombiner.Node(); // the gate may still hold the old one
                if (bounded) {
                    counted = true;
                    throw flow.refusal(a, this);
                }
                run(kind, f, op, slot); // the context is closing: its sessions close without the gate
                return;
            }
            counted = n.refused;
            Throwable failure = n.failure;
            n.failure = null;
            n.op = null;
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        } finally {
            if (!counted) {
                (slot.entered ? flow.completed : flow.cancelled).increment();
            }
        }
    }

    /**
     * The part of a call after the instance gate: the in-flight permit, then the secure world. Runs
     * on whichever thread holds the gate ({@link CallCombiner}); a refusal is thrown and marked.
     */
    private void gated(CallCombiner.Node n) {
        if (!n.bounded) {
            run(n.kind, n.frame, n.op, n.slot); // closes are not held back by the in-flight limit
            return;
        }
        ContextFlow flow = n.flow;
        Permit permit = n.slot.permit(flow.inFlight);
        Admission a = flow.admit(flow.inFlight, permit, n.op, n.deadline, true);
        if (a != Admission.GRANTED) {
            n.refused = true;
            throw flow.refusal(a, this);
        }
        n.frame.admissionWaitNanos = flow.admissionWait(n.deadline);
        long start = flow.sampled ? flow.clock.nanoTime() : 0;
        Outcome outcome = Outcome.DROPPED;
        try {
            run(n.kind, n.frame, n.op, n.slot);
            outcome = Outcome.SUCCESS;
        } finally {
            flow.release(permit, outcome, start);
        }
    }

    /** Callers that may wait at an instance gate: none under FAIL_FAST, and no bound for closes. */
    private static int gateCapacity(ContextFlow flow, boolean bounded) {
        if (!bounded) {
            return Integer.MAX_VALUE;
        }
        return flow.config.policy == Policy.FAIL_FAST ? 0 : flow.config.queueCapacity;
    }

    /**
     * A call of the driver's own (asking pseudo-TAs about TAs): no flow control and not counted,
     * only the secure-thread queue. Answers the frame's GP result; transport failures are thrown.
     */
    int systemCall(int kind, CallFrame f) {
        if (closed) {
            throw closedFailure();
        }
        Slot slot = acquire();
        try {
            run(kind, f, null, slot);
            return f.result;
        } finally {
            slot.busy = false;
        }
    }

    void requestCancellation(Operation op, int session, int cancelId, ContextFlow flow) {
        if (flow != null) {
            flow.cancel(op);
        }
        cancelQueued(op);
        if (closed) {
            return;
        }
        // also sent for a call that just left the queue: the world ignores an id it does not run
        try {
            port.requestCancellation(session, cancelId);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cancellation request failed", e);
        }
    }

    private static Slot acquire() {
        Slot slot = SLOTS.get();
        if (slot.busy) {
            slot = new Slot(); // a call made from inside a call on this thread
        }
        slot.busy = true;
        return slot;
    }

    private static TeeException failure(CallFrame f) {
        return new TeeException(TeeResult.of(f.result), origin(f.origin));
    }

    private static Origin origin(int value) {
        return switch (value) {
            case 1 -> Origin.API;
            case 3 -> Origin.TEE;
            case 4 -> Origin.TRUSTED_APP;
            default -> Origin.COMMS;
        };
    }

    // ---- entering the secure world, and the call queue

    private void run(int kind, CallFrame f, Operation op, Slot slot) {
        if (waiters == 0) {
            if (enter(kind, f, slot) == SecureWorldPort.OK) {
                return;
            }
        }
        queue(kind, f, op, slot);
    }

    /** One attempt: OK (the frame holds the answer) or THREAD_LIMIT; a transport failure is thrown. */
    private int enter(int kind, CallFrame f, Slot slot) {
        int r;
        slot.entered = true; // undone below if no secure thread was free
        try {
            r = switch (kind) {
                case OPEN -> port.openSession(f);
                case INVOKE -> port.invokeCommand(f);
                default -> port.closeSession(f);
            };
        } catch (TeeException e) {
            returned();
            throw e;
        } catch (RuntimeException e) {
            returned();
            throw new TeeException(e instanceof IllegalArgumentException ? TeeResult.BAD_PARAMETERS : TeeResult.GENERIC,
                    Origin.COMMS, "transport failure: " + e, e);
        } catch (OutOfMemoryError e) {
            returned();
            throw new TeeException(TeeResult.OUT_OF_MEMORY, Origin.COMMS, "transport failure: " + e, e);
        }
        if (r == SecureWorldPort.THREAD_LIMIT) {
            slot.entered = false;
            return r;
        }
        returned();
        if (r != SecureWorldPort.OK) {
            throw new TeeException(TeeResult.GENERIC, Origin.COMMS, "the secure world answered " + r);
        }
        return r;
    }

    /** A call of this driver came back: a secure thread may be free for the head of the queue. */
    private void returned() {
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

    private void signalHead() {
        Waiter w = head;
        if (w != null) {
            unlink(w);
            w.signalled = true;
            LockSupport.unpark(w.thread);
        }
    }

    private void queue(int kind, CallFrame f, Operation op, Slot slot) {
        Waiter w = slot.waiter;
        queuedCalls.increment();
        w.thread = Thread.currentThread();
        w.signalled = false;
        w.cancelled = false;
        boolean attempt;
        lock.lock();
        try {
            if (closed) {
                throw closedFailure();
            }
            w.op = op;
            w.ticket = nextTicket++;
            waiters++;
            // first in line: try again at once (a call may have returned before we got here)
            attempt = head == null;
            if (!attempt) {
                link(w);
            }
        } finally {
            lock.unlock();
        }
        if (op != null) {
            op.waiter = w;
        }
        boolean interrupted = false;
        boolean done = false;
        try {
            for (;;) {
                if (attempt) {
                    long seen = returns;
                    if (w.cancelled || closed) {
                        break;
                    }
                    w.signalled = false;
                    if (enter(kind, f, slot) == SecureWorldPort.OK) {
                        done = true;
                        return;
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
                attempt = false;
                boolean timed = headRetryNanos != Long.MAX_VALUE;
                long deadline = timed ? System.nanoTime() + headRetryNanos : 0;
                while (!w.signalled && !w.cancelled && !closed) {
                    if (timed) {
                        LockSupport.parkNanos(this, deadline - System.nanoTime());
                    } else {
                        LockSupport.park(this);
                    }
                    if (Thread.interrupted()) {
                        interrupted = true;
                        w.cancelled = true;
                        break;
                    }
                    if (timed) {
                        long now = System.nanoTime();
                        if (now - deadline >= 0) {
                            if (retryAsHead(w)) {
                                break;
                            }
                            deadline = now + headRetryNanos;
                        }
                    }
                }
                if (w.cancelled || closed) {
                    break;
                }
                attempt = true;
            }
            throw w.cancelled
                    ? new TeeException(TeeResult.CANCEL, Origin.COMMS, "cancelled while queued for a secure thread")
                    : closedFailure();
        } finally {
            if (op != null) {
                op.waiter = null;
            }
            lock.lock();
            try {
                if (w.linked) {
                    unlink(w);
                }
                w.op = null;
                waiters--;
                if (!done) {
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

    /** The head's own retry, for secure threads held by calls this driver will never see return. */
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

    private boolean cancelQueued(Operation op) {
        Waiter w = op.waiter;
        if (w == null) {
            return false;
        }
        lock.lock();
        try {
            if (w.op != op) {
                return false; // that call already left the queue
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

    private static TeeException closedFailure() {
        return new TeeException(TeeResult.COMMUNICATION, Origin.COMMS, "the TEE was closed");
    }

    // ---- lifecycle and introspection

    /** Ends every queued call with COMMUNICATION, origin COMMS; later calls are not sent. */
    void close() {
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

    boolean isClosed() {
        return closed;
    }

    /** Callers waiting for a secure thread right now. */
    int queued() {
        return waiters;
    }

    /** Calls that ever had to wait for a secure thread. */
    long queuedCalls() {
        return queuedCalls.sum();
    }
}
