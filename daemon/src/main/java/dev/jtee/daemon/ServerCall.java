package dev.jtee.daemon;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.core.SecureWorld;
import dev.jtee.flow.Admission;
import dev.jtee.flow.Limiter;
import dev.jtee.flow.Outcome;
import dev.jtee.flow.Permit;
import dev.jtee.flow.Policy;
import dev.jtee.wire.MessageType;
import dev.jtee.wire.ParamLayout;
import dev.jtee.wire.Result;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * One request of one connection, from admission to the answer. An INVOKE for which the daemon's
 * limiter has a permit free at once runs on the connection's reader thread ({@link #invokeNow});
 * every other request runs on a virtual thread of this call's own, started on first use and kept
 * for the connection's later requests (so a request allocates nothing but its memref regions).
 * Waiting for the daemon's limiter happens there, never on the reader thread.
 */
final class ServerCall implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.jtee.daemon");

    final Connection conn;
    final CallFrame frame = new CallFrame();
    final ParamLayout layout = new ParamLayout();
    final Permit permit;
    private ByteBuffer out = ByteBuffer.allocateDirect(1024);
    private Thread thread; // started on the first request that needs it (reader thread only)
    volatile int type;
    private int requestId;
    /** Memref bytes reserved from the daemon's budget for this call. */
    long payload;
    /** Set while the call is assigned (from dispatch until finished). */
    volatile boolean busy;
    private volatile boolean ready;
    private volatile boolean retired;

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
     * Runs the decoded INVOKE here, on the reader thread, if this client's session exists and the
     * daemon's limiter has a permit free now (nobody queued): no hand-off to another thread. False
     * (nothing done) when the call has to wait or be refused: then {@link #dispatch} it.
     * The answer is left in the frame for {@link #reply}.
     */
    boolean invokeNow(int requestId) {
        CallFrame g = frame;
        SessionInfo s = conn.sessions.get(g.session);
        Limiter l = conn.daemon.limiter;
        if (s == null || conn.ending || l.queueDepth() != 0 || l.inFlight() >= l.limit() || l.isClosed()) {
            return false;
        }
        // A deadline already passed: granted only on the fast path (a free permit, nobody queued),
        // never a wait. Losing a race for the last permit costs one DEADLINE count in the limiter's
        // rejection meter; the call then queues on its own thread as usual.
        if (l.acquire(permit, conn.partition, Policy.BLOCK, l.clock().nanoTime()) != Admission.GRANTED) {
            return false;
        }
        this.type = MessageType.INVOKE;
        this.requestId = requestId;
        busy = true;
        long start = System.nanoTime();
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
            l.release(permit, Outcome.SUCCESS, 0);
        }
        conn.daemon.metrics.invoked(s, g.command, g.result, System.nanoTime() - start);
        return true;
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

    /** The call ran on the reader thread ({@link #invokeNow}) and was answered: back to the pool. */
    void doneInline() {
        busy = false;
        conn.finished(this);
    }

    private void execute() {
        CallFrame g = frame;
        SecureWorld world = conn.daemon.world;
        switch (type) {
            case MessageType.OPEN_SESSION -> {
                int r = Identities.derive(g, conn.peer);
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
                enter(world, MessageType.CLOSE_SESSION); // closes are never held back
            }
        }
        reply(true);
    }

    /** Takes a daemon permit in this client's partition; false (with the frame's result set) if refused. */
    private boolean admit() {
        if (conn.ending) {
            fail(TeeResult.COMMUNICATION.code());
            return false;
        }
        Admission a = conn.daemon.limiter.acquire(permit, conn.partition, Limiter.NO_DEADLINE);
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
        return false;
    }

    /** Enters the world, waiting out THREAD_LIMIT (secure threads held by calls the limiter does not see, e.g. closes). */
    private void enter(SecureWorld world, int kind) {
        long backoff = 2_000;
        for (;;) {
            int r = switch (kind) {
                case MessageType.OPEN_SESSION -> world.openSession(frame);
                case MessageType.INVOKE -> world.invokeCommand(frame);
                default -> world.closeSession(frame);
            };
            if (r == SecureWorldPort.OK) {
                return;
            }
            LockSupport.parkNanos(backoff);
            backoff = Math.min(backoff * 2, 1_000_000);
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
        int bound = Result.bound(layout);
        if (out.capacity() < bound) {
            out = ByteBuffer.allocateDirect(Math.max(bound, out.capacity() * 2));
        }
        out.clear();
        Result.encode(out, conn.version, requestId, frame, layout);
        out.flip();
        conn.send(out, flush);
    }
}
