package dev.jtee.daemon;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.flow.Partition;
import dev.jtee.wire.Cancel;
import dev.jtee.wire.CloseSession;
import dev.jtee.wire.ErrorCode;
import dev.jtee.wire.ErrorFrame;
import dev.jtee.wire.FrameReader;
import dev.jtee.wire.Hello;
import dev.jtee.wire.HelloReply;
import dev.jtee.wire.Invoke;
import dev.jtee.wire.MessageType;
import dev.jtee.wire.OpenSession;
import dev.jtee.wire.Protocol;
import dev.jtee.wire.WireException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection: a reader thread that cuts frames, validates them and serves each request
 * through a {@link ServerCall}, the sessions this client opened, and the clean-up when the client
 * goes away: queued calls released, running ones asked to cancel, then every session closed once
 * nothing of this client runs any more.
 *
 * <p>An INVOKE that gets a daemon permit at once runs on the reader thread itself, and its answer
 * waits in a batch while more requests are already read, so a busy connection costs one read and
 * one write per batch and no thread hand-off. Everything else (opens, closes, calls that must queue)
 * goes to the call's own thread. A call that keeps the reader longer than {@link #RELIEF_NANOS}
 * (a TA that waits, a long command) is noticed by the daemon's watch, which hands the reading to
 * another thread: later requests and cancellations of this client are read meanwhile, and the
 * relieved thread answers its call and leaves.
 *
 * <p>A frame whose header cannot be trusted (length over the limit, bad magic, wrong version) or a
 * message out of order ends the connection with an ERROR frame (request id 0); a malformed body
 * gets an ERROR frame for its request and the connection goes on.
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger("dev.jtee.daemon");
    /** How long a call may run on the reader thread before another thread takes over the reading. */
    static final long RELIEF_NANOS = 2_000_000;
    /** Answers queued by the reader before one write (bigger answers go out on their own). */
    private static final int BATCH_BYTES = 64 << 10;
    // the reader role: reading frames, serving a call on the reader thread, or handed on
    private static final int READING = 0;
    private static final int SERVING = 1;
    private static final int RELIEVED = 2;
    private static final VarHandle ROLE;

    static {
        try {
            ROLE = MethodHandles.lookup().findVarHandle(Connection.class, "role", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Daemon daemon;
    final SocketChannel channel;
    final PeerCredentials peer;
    final int id;
    final Partition partition;
    final SessionTable sessions = new SessionTable();
    private final FrameReader reader;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ByteBuffer control = ByteBuffer.allocateDirect(ErrorFrame.MAX_BYTES + 64); // guarded by writeLock
    private final ByteBuffer batch = ByteBuffer.allocateDirect(BATCH_BYTES); // guarded by writeLock
    private final Thread readerThread;
    private volatile int role = READING;
    private volatile long servingSince;

    private final Object lock = new Object();
    private final ArrayDeque<ServerCall> idle = new ArrayDeque<>();
    private final List<ServerCall> all = new ArrayList<>();
    private int outstanding; // guarded by lock
    private boolean cleaned; // guarded by lock
    volatile boolean ending;
    int version = Protocol.VERSION_1;
    int maxPayload;

    Connection(Daemon daemon, SocketChannel channel, PeerCredentials peer, int id, Partition partition) {
        this.daemon = daemon;
        this.channel = channel;
        this.peer = peer;
        this.id = id;
        this.partition = partition;
        this.reader = new FrameReader(channel, daemon.maxFrame);
        this.maxPayload = Protocol.maxPayload(daemon.maxFrame);
        this.readerThread = Thread.ofPlatform().daemon().name("jtee-conn-" + id).unstarted(this::readLoop);
    }

    void start() {
        readerThread.start();
    }

    int outstanding() {
        synchronized (lock) {
            return outstanding;
        }
    }

    // ---- reading

    private void readLoop() {
        boolean reading = true;
        try {
            if (!reader.next()) {
                return;
            }
            if (reader.type() != MessageType.HELLO) {
                throw new WireException(ErrorCode.UNEXPECTED, "the first frame must be HELLO, got " + MessageType.name(reader.type()));
            }
            Hello h = Hello.decode(reader.body());
            int v = h.choose(Protocol.MIN_VERSION, Protocol.MAX_VERSION);
            if (v == 0) {
                throw new WireException(ErrorCode.UNSUPPORTED_VERSION, "no common version: client speaks " + h.minVersion() + ".."
                        + h.maxVersion() + ", daemon " + Protocol.MIN_VERSION + ".." + Protocol.MAX_VERSION);
            }
            version = v;
            int frame = Math.max(Protocol.MIN_MAX_FRAME, Math.min(daemon.maxFrame, h.maxFrame()));
            maxPayload = Protocol.maxPayload(frame);
            reader.maxFrame(frame);
            writeLock.lock();
            try {
                control.clear();
                new HelloReply(v, frame, daemon.world.secureThreads(), peer.uid(), peer.gid(), peer.pid(), describe()).encode(control, 0);
                control.flip();
                writeFully(control);
            } finally {
                writeLock.unlock();
            }
            reading = serve();
        } catch (WireException e) {
            daemon.metrics.refused(e.code());
            error(0, e.code(), TeeResult.COMMUNICATION.code(), e.getMessage());
        } catch (IOException e) {
            // the client went away
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "connection " + id + " failed", e);
        } finally {
            if (reading) {
                end();
            }
        }
    }

    /** The reading goes on here after the watch relieved a reader that serves a long call. */
    private void readOn() {
        boolean reading = true;
        try {
            flush(); // answers the relieved reader had queued
            reading = serve();
        } catch (WireException e) {
            daemon.metrics.refused(e.code());
            error(0, e.code(), TeeResult.COMMUNICATION.code(), e.getMessage());
        } catch (IOException e) {
            // the client went away
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "connection " + id + " failed", e);
        } finally {
            if (reading) {
                end();
            }
        }
    }

    /**
     * Reads and serves requests until the stream ends (true: this thread ends the connection) or
     * until this thread was relieved while serving a call (false: another thread reads now).
     */
    private boolean serve() throws IOException {
        boolean queued = false; // answers wait in the batch
        for (;;) {
            if (queued && !reader.hasFrame()) {
                flush(); // before the read may block
                queued = false;
            }
            if (!reader.next()) {
                return true;
            }
            if (reader.version() != version) {
                throw new WireException(ErrorCode.UNSUPPORTED_VERSION, "frame in version " + reader.version() + ", negotiated " + version);
            }
            int type = reader.type();
            if (type == MessageType.INVOKE) {
                int r = invoke(reader.requestId(), reader.body());
                if (r == RELIEVED) {
                    return false;
                }
                queued |= r == SERVING;
            } else {
                handle(type, reader.requestId(), reader.body());
            }
        }
    }

    /** Watch thread: hands the reading to another thread if a call has held the reader too long. */
    void watch(long now) {
        if (role == SERVING && now - servingSince > RELIEF_NANOS && ROLE.compareAndSet(this, SERVING, RELIEVED)) {
            try {
                daemon.readers.execute(this::readOn);
            } catch (RuntimeException e) { // the daemon stops: nobody reads on, the channel closes
                LOG.log(System.Logger.Level.DEBUG, "connection " + id + ": no thread to read on", e);
            }
        }
    }

    private String describe() {
        String d = daemon.world.describe();
        return d.length() > 200 ? d.substring(0, 200) : d;
    }

    private void handle(int type, int requestId, ByteBuffer body) {
        switch (type) {
            case MessageType.OPEN_SESSION, MessageType.INVOKE, MessageType.CLOSE_SESSION -> request(type, requestId, body);
            case MessageType.CANCEL -> {
                long packed;
                try {
                    packed = Cancel.decode(body);
                } catch (WireException e) {
                    daemon.metrics.refused(e.code());
                    return; // cancel is not answered
                }
                cancel(Cancel.session(packed), Cancel.cancelId(packed));
            }
            case MessageType.HELLO -> throw new WireException(ErrorCode.UNEXPECTED, "a second HELLO");
            default -> {
                daemon.metrics.refused(ErrorCode.UNKNOWN_TYPE);
                error(requestId, ErrorCode.UNKNOWN_TYPE, TeeResult.NOT_SUPPORTED.code(), "unknown message type " + type);
            }
        }
    }

    /**
     * An INVOKE: served here when a permit is free at once, else handed to its call thread.
     * Answers READING (handed off or refused, nothing queued), SERVING (served, the answer queued
     * in the batch) or RELIEVED (served, but another thread reads now).
     */
    private int invoke(int requestId, ByteBuffer body) {
        ServerCall c = accept(MessageType.INVOKE, requestId, body);
        if (c == null) {
            return READING;
        }
        servingSince = System.nanoTime();
        role = SERVING;
        if (!c.invokeNow(requestId)) {
            c.dispatch(MessageType.INVOKE, requestId);
            // relieved meanwhile (this thread was off the CPU that long): another thread reads now
            return ROLE.compareAndSet(this, SERVING, READING) ? READING : RELIEVED;
        }
        boolean still = ROLE.compareAndSet(this, SERVING, READING);
        c.reply(!still || !reader.hasFrame());
        c.doneInline();
        return still ? SERVING : RELIEVED;
    }

    private void request(int type, int requestId, ByteBuffer body) {
        ServerCall c = accept(type, requestId, body);
        if (c != null) {
            c.dispatch(type, requestId);
        }
    }

    /** Decodes a request into a free call object; null if it was refused (answered with an ERROR frame). */
    private ServerCall accept(int type, int requestId, ByteBuffer body) {
        if (daemon.stopping) {
            daemon.metrics.refused(ErrorCode.SHUTTING_DOWN);
            error(requestId, ErrorCode.SHUTTING_DOWN, TeeResult.COMMUNICATION.code(), "the daemon is stopping");
            return null;
        }
        ServerCall c = take();
        if (c == null) {
            daemon.metrics.refused(ErrorCode.TOO_MANY_REQUESTS);
            error(requestId, ErrorCode.TOO_MANY_REQUESTS, TeeResult.BUSY.code(),
                    "more than " + daemon.maxOutstanding + " requests outstanding on one connection");
            return null;
        }
        try {
            switch (type) {
                case MessageType.OPEN_SESSION -> OpenSession.decode(body, c.frame, c.layout, maxPayload);
                case MessageType.INVOKE -> Invoke.decode(body, c.frame, c.layout, maxPayload);
                default -> CloseSession.decode(body, c.frame, c.layout);
            }
        } catch (WireException e) {
            c.frame.clear();
            finished(c);
            daemon.metrics.refused(e.code());
            // the kernel refuses a malformed argument block with EINVAL
            error(requestId, e.code(), TeeResult.BAD_PARAMETERS.code(), e.getMessage());
            return null;
        }
        long bytes = c.layout.regionBytes();
        if (bytes > 0 && !daemon.reservePayload(bytes)) {
            c.frame.clear();
            finished(c);
            daemon.metrics.refused(ErrorCode.BAD_REQUEST);
            // what the kernel answers when it cannot allocate shared memory: ENOMEM
            error(requestId, ErrorCode.BAD_REQUEST, TeeResult.OUT_OF_MEMORY.code(), "the daemon holds too many memref bytes now");
            return null;
        }
        c.payload = bytes;
        return c;
    }

    /** A free call object, or null when this connection has too many requests outstanding. */
    private ServerCall take() {
        synchronized (lock) {
            if (ending) {
                return null;
            }
            ServerCall c = idle.pollFirst();
            if (c == null) {
                if (all.size() >= daemon.maxOutstanding) {
                    return null;
                }
                c = new ServerCall(this);
                all.add(c);
            }
            outstanding++;
            return c;
        }
    }

    /** A call is done (answered or not): back to the pool, or the last one out cleans up. */
    void finished(ServerCall c) {
        if (c.payload > 0) {
            daemon.releasePayload(c.payload);
            c.payload = 0;
        }
        c.frame.clear(); // drop the regions now, not when the call object is next used
        boolean cleanup;
        synchronized (lock) {
            outstanding--;
            idle.addFirst(c);
            cleanup = ending && outstanding == 0 && !cleaned;
            if (cleanup) {
                cleaned = true;
            }
        }
        if (cleanup) {
            cleanup();
        }
    }

    private void cancel(int session, int cancelId) {
        if (cancelId == 0 || sessions.get(session) == null) {
            return; // only this client's own calls
        }
        synchronized (lock) {
            for (ServerCall c : all) {
                if (c.busy && c.type == MessageType.INVOKE && c.frame.session == session && c.frame.cancelId == cancelId) {
                    c.permit.cancel(); // if still queued in the daemon
                }
            }
        }
        daemon.world.requestCancellation(session, cancelId);
    }

    // ---- writing

    /**
     * Queues a frame in the batch and, if {@code flush}, sends everything queued; a frame bigger
     * than the batch goes out on its own. A failure ends the connection (the calls still running
     * finish unanswered).
     */
    void send(ByteBuffer frame, boolean flush) {
        writeLock.lock();
        try {
            if (frame.remaining() > batch.remaining()) {
                flushLocked();
                if (frame.remaining() > batch.capacity()) {
                    writeFully(frame);
                    return;
                }
            }
            batch.put(frame);
            if (flush) {
                flushLocked();
            }
        } catch (IOException e) {
            batch.clear();
            Daemon.closeQuietly(channel);
        } finally {
            writeLock.unlock();
        }
    }

    /** Sends what the batch holds. */
    private void flush() {
        writeLock.lock();
        try {
            flushLocked();
        } catch (IOException e) {
            batch.clear();
            Daemon.closeQuietly(channel);
        } finally {
            writeLock.unlock();
        }
    }

    private void flushLocked() throws IOException {
        if (batch.position() > 0) {
            batch.flip();
            try {
                writeFully(batch);
            } finally {
                batch.clear();
            }
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    private void error(int requestId, ErrorCode code, int result, String message) {
        writeLock.lock();
        try {
            flushLocked();
            control.clear();
            new ErrorFrame(code, result, Origin.COMMS.value(), message).encode(control, version, requestId);
            control.flip();
            writeFully(control);
        } catch (IOException | RuntimeException e) {
            Daemon.closeQuietly(channel);
        } finally {
            writeLock.unlock();
        }
    }

    // ---- the end

    /** The client is gone (or the daemon stops): release queued calls, cancel running ones, clean up when idle. */
    private void end() {
        boolean cleanup;
        synchronized (lock) {
            ending = true;
            for (ServerCall c : all) {
                if (c.busy) {
                    c.permit.cancel();
                    if (c.type == MessageType.INVOKE && c.frame.cancelId != 0) {
                        daemon.world.requestCancellation(c.frame.session, c.frame.cancelId);
                    }
                }
            }
            cleanup = outstanding == 0 && !cleaned;
            if (cleanup) {
                cleaned = true;
            }
        }
        Daemon.closeQuietly(channel);
        if (cleanup) {
            cleanup();
        }
    }

    /** Daemon shutdown: stop reading; the reader's end does the rest. */
    void shutdown() {
        Daemon.closeQuietly(channel);
    }

    /** Nothing of this client runs any more: close its sessions (TA close entries run), stop its threads. */
    private void cleanup() {
        CallFrame f = new CallFrame();
        for (SessionInfo s : sessions.drain()) {
            f.clear();
            f.session = s.id;
            try {
                while (daemon.world.closeSession(f) == SecureWorldPort.THREAD_LIMIT) {
                    LockSupport.parkNanos(100_000);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "closing session " + s.id + " of a departed client", e);
            }
        }
        synchronized (lock) {
            for (ServerCall c : all) {
                c.retire();
            }
        }
        daemon.ended(this);
    }

    @Override
    public String toString() {
        return "Connection[" + id + ", " + peer + "]";
    }
}
