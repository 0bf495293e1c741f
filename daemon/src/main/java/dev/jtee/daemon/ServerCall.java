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
import dev.jtee.wire.MessageType;
import dev.jtee.wire.ParamLayout;
import dev.jtee.wire.Result;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * One request of one connection, from admission to the answer, on a virtual thread of its own
 * that is kept and reused for the connection's later requests (so a request allocates nothing but
 * its memref regions). Waiting for the daemon's limiter happens here, never on the reader thread.
 */
final class ServerCall implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.jtee.daemon");

    final Connection conn;
    final CallFrame frame = new CallFrame();
    final ParamLayout layout = new ParamLayout();
    final Permit permit;
    private ByteBuffer out = ByteBuffer.allocateDirect(1024);
    private final Thread thread;
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
        this.thread = Thread.ofVirtual().name("jtee-call-" + conn.id).start(this);
    }

    /** Hands the decoded request to this call's thread (reader thread). */
    void dispatch(int type, int requestId) {
        this.type = type;
        this.requestId = requestId;
        busy = true;
        ready = true;
        LockSupport.unpark(thread);
    }

    void retire() {
        retired = true;
        LockSupport.unpark(thread);
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
        reply();
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

    private void reply() {
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
        conn.send(out);
    }
}
