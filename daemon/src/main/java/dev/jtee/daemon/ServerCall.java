package dev.jtee.daemon;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.core.InvokeCompletion;
import dev.jtee.core.SecureWorld;
import dev.jtee.flow.Admission;
import dev.jtee.flow.Limiter;
import dev.jtee.flow.Outcome;
import dev.jtee.flow.Permit;
import dev.jtee.flow.Policy;
import dev.jtee.flow.SecureThreadQueue;
import dev.jtee.wire.ErrorCode;
import dev.jtee.wire.MessageType;
import dev.jtee.wire.ParamLayout;
import dev.jtee.wire.Result;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * One request of one connection, from admission to the answer. An INVOKE for which the daemon's
 * limiter has a permit free at once is started by the connection's reader thread ({@link #tryPost}):
 * posted to the TA's instance thread, or run on the reader if the world cannot take it at once;
 * every other request runs on a virtual thread of this call's own, started on first use and kept
 * for the connection's later requests (so a request allocates nothing but its memref regions).
 * Waiting for the daemon's limiter happens there, never on the reader thread.
 */
final class ServerCall implements Runnable, InvokeCompletion, SecureThreadQueue.Attempt {
    /** {@link #tryPost}: not started; hand it to {@link #dispatch} (or retry once the reader's own calls ended). */
    static final int NOT_NOW = 0;
    /** {@link #tryPost}: posted to the TA's instance thread; {@link #completed} says when it ended. */
    static final int POSTED = 1;
    /** {@link #tryPost}: a permit is held but the call could not be posted: {@link #runHeld} it now. */
    static final int HELD = 2;

    private static final System.Logger LOG = System.getLogger("dev.jtee.daemon");

    final Connection conn;
    final CallFrame frame = new CallFrame();
    final ParamLayout layout = new ParamLayout();
    final Permit permit;
    /** The answer buffer for the common small answers; bigger ones are taken and freed per answer. */
    private final ByteBuffer out = ByteBuffer.allocateDirect(1024);
    private Thread thread; // started on the first request that needs it (reader thread only)
    volatile int type;
    private int requestId;
    /** Memref bytes reserved from the daemon's budget for this call. */
    long payload;
    /** Counted among its client's outstanding calls (ClientQuotas), until {@link Connection#finished}. */
    boolean counted;
    /** An OPEN_SESSION holding a session of its client's quota; the session takes it over once open. */
    boolean sessionSlot;
    /** Why the daemon's limiter refused this call (the flow module's words), or null: answered in an ERROR frame. */
    private String refusal;
    /** Set while the call is assigned (from dispatch until finished). */
    volatile boolean busy;
    private volatile boolean ready;
    private volatile boolean retired;
    /** A posted call: the reader waiting for it, whether it ended, and what its metrics need. */
    private Connection.Inflight inflight;
    volatile boolean completed;
    private SessionInfo postedSession;
    private long postedAt;
    /** This call's place in the daemon's secure-thread queue, and what it tries to enter with. */
    private final SecureThreadQueue.Waiter waiter = new SecureThreadQueue.Waiter();
    private int enterKind;

    ServerCall(Connection conn) {
        this.conn = conn;
        this.permit = conn.daemon.limiter.newPermit();
    }

    /** Hands the decoded request to this call's thread (reader thread). */
    void dispatch(int type, int requestId) {
        this.type = type;
        this.requestId = requestId;
        busy = true;
        ready = true;
        Thread t = thread;
        if (t == null) {
            thread = Thread.ofVirtual().name("jtee-call-" + conn.id).start(this);
        } else {
            LockSupport.unpark(t);
        }
    }

    /** Lets this call's thread end (the connection is done); under the connection's lock. */
    void retire() {
        retired = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Starts the decoded INVOKE from the reader thread if nothing has to wait: this client's
     * session exists and the daemon's limiter has a permit free now (nobody queued). Then the call
     * is posted to the TA's instance thread ({@link SecureWorld#invokeAsync}), or, if the world
     * cannot take it without waiting (busy instance, no free secure thread), left {@link #HELD}
     * for {@link #runHeld}. {@link #NOT_NOW} (nothing done) when it has to wait for a permit or be
     * refused: then {@link #dispatch} it.
     */
    int tryPost(int requestId, Connection.Inflight in) {
        CallFrame g = frame;
        SessionInfo s = conn.sessions.get(g.session);
        Limiter l = conn.daemon.limiter;
        if (s == null || conn.ending || l.queueDepth() != 0 || l.inFlight() >= l.limit() || l.isClosed()) {
            return NOT_NOW;
        }
        // a quiet probe: a permit free for this client now (under its ceiling), or the call queues as usual
        if (!l.tryAcquire(permit, conn.partition)) {
            return NOT_NOW;
        }
        this.type = MessageType.INVOKE;
        this.requestId = requestId;
        busy = true;
        postedSession = s;
        postedAt = System.nanoTime();
        if (conn.ending) {
            return HELD;
        }
        completed = false;
        inflight = in;
        beforeEnter();
        try {
            if (conn.daemon.world.invokeAsync(g, this)) {
                return POSTED;
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "request of connection " + conn.id + " failed", e);
        }
        inflight = null;
        return HELD;
    }

    /** {@link #admitThenPost}: refused by the limiter; the answer is in the frame. */
    static final int REFUSED = 3;

    /** Whether {@link #admitThenPost} may queue this call on the reader: its session is this client's. */
    boolean mayQueueOnReader() {
        return conn.sessions.get(frame.session) != null && !conn.ending;
    }

    /**
     * The reader queues for a permit itself (FIFO in this client's partition, as a call thread
     * would), then posts the call: {@link #POSTED}, {@link #HELD} or {@link #REFUSED}.
     */
    int admitThenPost(int requestId, Connection.Inflight in) {
        this.type = MessageType.INVOKE;
        this.requestId = requestId;
        busy = true;
        postedSession = conn.sessions.get(frame.session);
        postedAt = System.nanoTime();
        if (postedSession == null) {
            fail(TeeResult.BAD_PARAMETERS.code());
            return REFUSED;
        }
        if (!admit()) {
            conn.daemon.metrics.invoked(postedSession, frame.command, frame.result, System.nanoTime() - postedAt);
            postedSession = null;
            return REFUSED;
        }
        completed = false;
        inflight = in;
        beforeEnter();
        try {
            if (conn.daemon.world.invokeAsync(frame, this)) {
                return POSTED;
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "request of connection " + conn.id + " failed", e);
        }
        inflight = null;
        return HELD;
    }

    /**
     * Instance thread: the posted call ended. Its permit goes back now, when the secure world is
     * done, not when its answer is written: a client that stops reading holds no permit. Wakes the
     * reader if that one sleeps.
     */
    @Override
    public void invokeCompleted(CallFrame f) {
        Connection.Inflight in = inflight;
        conn.daemon.limiter.release(permit, Outcome.SUCCESS, 0);
        conn.daemon.secureThreads.returned();
        completed = true;
        if (in.parked) {
            LockSupport.unpark(in.thread);
        }
    }

    /** Reader thread, after {@link #completed}: the metrics, the answer queued, the call back to the pool. */
    void finishPosted() {
        inflight = null;
        conn.daemon.metrics.invoked(postedSession, frame.command, frame.result, System.nanoTime() - postedAt);
        postedSession = null;
        reply(false);
        doneInline();
    }

    /** Runs a {@link #HELD} call here, on the reader thread, and releases its permit; the answer is left in the frame for {@link #reply}. */
    void runHeld() {
        try {
            if (conn.ending) {
                fail(TeeResult.COMMUNICATION.code());
            } else {
                enter(conn.daemon.world, MessageType.INVOKE);
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "request of connection " + conn.id + " failed", e);
            fail(TeeResult.GENERIC.code());
        } finally {
            conn.daemon.limiter.release(permit, Outcome.SUCCESS, 0);
        }
        conn.daemon.metrics.invoked(postedSession, frame.command, frame.result, System.nanoTime() - postedAt);
        postedSession = null;
    }

    @Override
    public void run() {
        for (;;) {
            while (!ready) {
                if (retired) {
                    return;
                }
                LockSupport.park(this);
            }
            ready = false;
            try {
                execute();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "request of connection " + conn.id + " failed", e);
            } finally {
                busy = false;
                conn.finished(this);
            }
        }
    }

    /** The call was started by the reader thread ({@link #tryPost}) and answered: back to the pool. */
    void doneInline() {
        busy = false;
        conn.finished(this);
    }

    private void execute() {
        CallFrame g = frame;
        SecureWorld world = conn.daemon.world;
        switch (type) {
            case MessageType.OPEN_SESSION -> {
                // the identity of the process as it is now, not as it connected (the Linux driver's rule)
                int r = Identities.derive(g, conn.peer.current());
                if (r != 0) {
                    fail(r);
                    break;
                }
                if (admit()) {
                    try {
                        enter(world, MessageType.OPEN_SESSION);
                    } finally {
                        conn.daemon.limiter.release(permit, Outcome.SUCCESS, 0);
                    }
                }
                if (g.result == 0 && g.origin != Origin.COMMS.value()) {
                    conn.sessions.put(g.session, new SessionInfo(g.session, g.uuid, conn.daemon.metrics.ta(g.uuid).name,
                            conn.daemon.metrics.ta(g.uuid)));
                    sessionSlot = false; // the session holds its place in the quota until it closes
                }
            }
            case MessageType.INVOKE -> {
                SessionInfo s = conn.sessions.get(g.session);
                if (s == null) {
                    fail(TeeResult.BAD_PARAMETERS.code()); // not a session of this client
                    break;
                }
                long start = System.nanoTime();
                if (admit()) {
                    try {
                        enter(world, MessageType.INVOKE);
                    } finally {
                        conn.daemon.limiter.release(permit, Outcome.SUCCESS, 0);
                    }
                }
                conn.daemon.metrics.invoked(s, g.command, g.result, System.nanoTime() - start);
            }
            default -> {
                SessionInfo s = conn.sessions.remove(g.session);
                if (s == null) {
                    fail(TeeResult.BAD_PARAMETERS.code());
                    break;
                }
                conn.daemon.quotas.closeSession(conn.peer);
                enter(world, MessageType.CLOSE_SESSION); // closes are never held back
            }
        }
        reply(true);
    }

    /**
     * Takes a daemon permit in this client's partition, waiting no longer than the client allows
     * (the rest of its deadline, sent with the call); false (with the frame's result set) if refused.
     */
    private boolean admit() {
        if (conn.ending) {
            fail(TeeResult.COMMUNICATION.code());
            return false;
        }
        Limiter l = conn.daemon.limiter;
        long wait = frame.admissionWaitNanos;
        Admission a = wait == 0
                ? l.acquire(permit, conn.partition, Policy.FAIL_FAST, Limiter.NO_DEADLINE)
                : l.acquire(permit, conn.partition, wait < 0 ? Limiter.NO_DEADLINE : deadlineIn(l, wait));
        if (a == Admission.GRANTED) {
            if (!conn.ending) {
                return true;
            }
            conn.daemon.limiter.release(permit, Outcome.IGNORED, 0);
            fail(TeeResult.COMMUNICATION.code());
            return false;
        }
        fail(switch (a) {
            case CANCELLED -> TeeResult.CANCEL.code();
            case CLOSED -> TeeResult.COMMUNICATION.code();
            default -> TeeResult.BUSY.code();
        });
        // the flow module decided and words it: one reason for every admission through it
        refusal = l.why(a, conn.partition, wait == 0 ? Policy.FAIL_FAST : conn.partition.policy(), Math.max(wait, 0));
        return false;
    }

    private static long deadlineIn(Limiter l, long nanos) {
        long d = l.clock().nanoTime() + nanos;
        return d == Limiter.NO_DEADLINE ? d - 1 : d;
    }

    /**
     * Enters the world, waiting out THREAD_LIMIT (secure threads held by calls the limiter does not
     * see, e.g. closes) in the daemon's secure-thread queue, the client driver's queue.
     */
    private void enter(SecureWorld world, int kind) {
        beforeEnter();
        enterKind = kind;
        SecureThreadQueue q = conn.daemon.secureThreads;
        if (q.isEmpty() && tryEnter()) {
            return;
        }
        if (!q.join(waiter, this) || q.await(waiter, this) != SecureThreadQueue.End.ENTERED) {
            fail(TeeResult.COMMUNICATION.code()); // interrupted: the daemon is going away
        }
    }

    /** One try of {@link #enter}; a call that ran wakes the queue's head. */
    @Override
    public boolean tryEnter() {
        SecureWorld world = conn.daemon.world;
        int r = switch (enterKind) {
            case MessageType.OPEN_SESSION -> world.openSession(frame);
            case MessageType.INVOKE -> world.invokeCommand(frame);
            default -> world.closeSession(frame);
        };
        if (r != SecureWorldPort.OK) {
            return false;
        }
        conn.daemon.secureThreads.returned();
        return true;
    }

    private void beforeEnter() {
        java.util.function.Consumer<Connection> hook = conn.daemon.beforeEnter;
        if (hook != null) {
            hook.accept(conn);
        }
    }

    private void fail(int result) {
        frame.result = result;
        frame.origin = Origin.COMMS.value();
    }

    /** Sends the answer, or queues it to go with the next ones unless {@code flush}. */
    void reply(boolean flush) {
        if (conn.ending) {
            return;
        }
        if (refusal != null) {
            String why = refusal;
            refusal = null;
            ErrorCode code = frame.result == TeeResult.COMMUNICATION.code() ? ErrorCode.SHUTTING_DOWN : ErrorCode.TOO_MANY_REQUESTS;
            conn.daemon.metrics.refused(code);
            conn.refuse(requestId, code, frame.result, why);
            return;
        }
        int bound = Result.bound(layout);
        ByteBuffer b = out;
        if (bound > b.capacity()) {
            // a big answer gets a buffer of its own, within its call's reservation, freed once sent
            b = conn.buffers.allocate(bound);
        }
        try {
            b.clear();
            Result.encode(b, conn.version, requestId, frame, layout);
            b.flip();
            conn.send(b, flush);
        } finally {
            if (b != out) {
                conn.buffers.free(b);
            }
        }
    }
}
