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
import dev.jtee.flow.SecureThreadQueue;
import java.util.concurrent.TimeUnit;

/**
 * The normal-world driver of one TEE device (the emulated {@code drivers/tee/optee}): takes a
 * {@link CallFrame} from a per-thread cache, marshals, enters the secure world through the
 * {@link SecureWorldPort}, unmarshals and turns a failure into a {@link TeeException}.
 *
 * <p>When the world answers {@link SecureWorldPort#THREAD_LIMIT} the caller waits in a FIFO call
 * queue ({@link SecureThreadQueue}, the daemon's too), as the OP-TEE Linux driver does: callers are
 * queued, never failed, and signalled as this driver's calls return.
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
    /** Callers waiting for a secure thread (the same queue the daemon's calls use). */
    private final SecureThreadQueue queue;
    private volatile boolean closed;
    /** The TAs' instance models, asked once per TA. */
    final TaModels models = new TaModels(this);

    Driver(SecureWorldPort port, ClientIdentity identity, long headRetryNanos) {
        this.port = port;
        this.identity = identity;
        this.queue = new SecureThreadQueue(headRetryNanos);
    }

    static final class Slot implements SecureThreadQueue.Attempt {
        final CallFrame frame = new CallFrame();
        final SecureThreadQueue.Waiter waiter = new SecureThreadQueue.Waiter();
        /** The call waiting in the secure-thread queue: what {@link #tryEnter} tries again. */
        private Driver driver;
        private int kind;
        private CallFrame pending;
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

        @Override
        public boolean tryEnter() {
            return driver.enter(kind, pending, this) == SecureWorldPort.OK;
        }
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
        return f.refusal == null ? new TeeException(TeeResult.of(f.result), origin(f.origin))
                : new TeeException(TeeResult.of(f.result), origin(f.origin), f.refusal);
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
        if (queue.isEmpty()) {
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
            queue.returned();
            throw e;
        } catch (RuntimeException e) {
            queue.returned();
            throw new TeeException(e instanceof IllegalArgumentException ? TeeResult.BAD_PARAMETERS : TeeResult.GENERIC,
                    Origin.COMMS, "transport failure: " + e, e);
        } catch (OutOfMemoryError e) {
            queue.returned();
            throw new TeeException(TeeResult.OUT_OF_MEMORY, Origin.COMMS, "transport failure: " + e, e);
        }
        if (r == SecureWorldPort.THREAD_LIMIT) {
            slot.entered = false;
            return r;
        }
        queue.returned();
        if (r != SecureWorldPort.OK) {
            throw new TeeException(TeeResult.GENERIC, Origin.COMMS, "the secure world answered " + r);
        }
        return r;
    }

    /** Waits in the secure-thread queue until the call entered; cancelled or closed are thrown. */
    private void queue(int kind, CallFrame f, Operation op, Slot slot) {
        SecureThreadQueue.Waiter w = slot.waiter;
        if (!queue.join(w, op)) {
            throw closedFailure();
        }
        slot.driver = this;
        slot.kind = kind;
        slot.pending = f;
        if (op != null) {
            op.waiter = w;
        }
        SecureThreadQueue.End end;
        try {
            end = queue.await(w, slot);
        } finally {
            if (op != null) {
                op.waiter = null;
            }
            slot.driver = null;
            slot.pending = null;
        }
        switch (end) {
            case ENTERED -> { }
            case CANCELLED -> throw new TeeException(TeeResult.CANCEL, Origin.COMMS, "cancelled while queued for a secure thread");
            default -> throw closedFailure();
        }
    }

    private boolean cancelQueued(Operation op) {
        SecureThreadQueue.Waiter w = op.waiter;
        return w != null && queue.cancel(w, op);
    }

    private static TeeException closedFailure() {
        return new TeeException(TeeResult.COMMUNICATION, Origin.COMMS, "the TEE was closed");
    }

    // ---- lifecycle and introspection

    /** Ends every queued call with COMMUNICATION, origin COMMS; later calls are not sent. */
    void close() {
        closed = true;
        queue.close();
    }

    boolean isClosed() {
        return closed;
    }

    /** Callers waiting for a secure thread right now. */
    int queued() {
        return queue.waiting();
    }

    /** Calls that ever had to wait for a secure thread. */
    long queuedCalls() {
        return queue.queuedCalls();
    }
}
