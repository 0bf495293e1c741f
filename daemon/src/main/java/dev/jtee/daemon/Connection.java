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
import dev.jtee.wire.ShmFrames;
import dev.jtee.wire.WireException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client connection: a reader thread that cuts frames, validates them and serves each request
 * through a {@link ServerCall}, the sessions this client opened, and the clean-up when the client
 * goes away: queued calls released, running ones asked to cancel, then every session closed once
 * nothing of this client runs any more.
 *
 * <p>An INVOKE that gets a daemon permit at once is started by the reader thread itself: posted to
 * the TA's instance thread ({@link dev.jtee.core.SecureWorld#invokeAsync}), so the reader goes on
 * to the next request while it runs, and calls of many sessions run at once with no thread in
 * between; one the world cannot take without waiting (its instance busy) runs on the reader. When
 * every permit is held by other calls, the reader first waits for one of its own posted calls to
 * end; if it has none, it queues for a permit itself (FIFO in the client's partition of the
 * limiter) and then posts the call. The reader answers its posted calls as they end, in a batch,
 * and before it reads again (it never blocks in a read with calls of its own unanswered); a busy
 * connection costs one read and one write per batch. Everything else (opens, closes) goes to the
 * call's own thread. A reader held longer than {@link #RELIEF_NANOS} (running, awaiting or
 * queueing a call: a TA that waits, a long command, a full limiter) is noticed by the daemon's
 * watch, which hands the reading to another thread: later requests and cancellations of this
 * client are read meanwhile, and the relieved thread answers its calls and leaves. The TA instance
 * threads never write to a client's socket, so a client that stops reading cannot stall a TA other
 * clients use.
 *
 * <p>A frame whose header cannot be trusted (length over the limit, bad magic, wrong version) or a
 * message out of order ends the connection with an ERROR frame (request id 0); a malformed body
 * gets an ERROR frame for its request and the connection goes on.
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger("dev.jtee.daemon");
    /** How long a call may run on the reader thread before another thread takes over the reading. */
    static final long RELIEF_NANOS = 2_000_000;
    /** How long the reader spins, then yields, for its posted calls before it sleeps. */
    private static final long AWAIT_SPIN_NANOS = 2_000;
    private static final long AWAIT_YIELD_NANOS = 20_000;
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
    /** Counted in the daemon's connections, quotas and partitions until {@link Daemon#ended}. */
    final AtomicBoolean accounted = new AtomicBoolean(true);
    final SessionTable sessions = new SessionTable();
    private final FrameReader reader;
    final Buffers buffers;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ByteBuffer control = ByteBuffer.allocateDirect(ErrorFrame.MAX_BYTES + 64); // guarded by writeLock
    private final ByteBuffer batch = ByteBuffer.allocateDirect(BATCH_BYTES); // guarded by writeLock
    private final Thread readerThread;
    private volatile int role = READING;
    private volatile long servingSince;
    /** When the write in progress began (0: none): a client that does not drain its answers is cut off. */
    private volatile long writingSince;

    private final Object lock = new Object();
    private final ArrayDeque<ServerCall> idle = new ArrayDeque<>();
    private final List<ServerCall> all = new ArrayList<>();
    private int outstanding; // guarded by lock
    private boolean cleaned; // guarded by lock
    /** This connection's shared memory blocks: id → {secure RAM address, size}; guarded by lock. */
    private final java.util.Map<Integer, long[]> shm = new java.util.HashMap<>();
    private int lastShmId; // guarded by lock
    volatile boolean ending;
    int version = Protocol.VERSION_1;
    int maxPayload;

    Connection(Daemon daemon, SocketChannel channel, PeerCredentials peer, int id, Partition partition) {
        this.daemon = daemon;
        this.channel = channel;
        this.peer = peer;
        this.id = id;
        this.partition = partition;
        this.buffers = new Buffers(daemon.quotas, peer);
        this.reader = new FrameReader(channel, daemon.maxFrame, buffers);
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
        read(in -> handshake() ? serve(in) : true);
    }

    /** HELLO and its reply: the version and frame limit of the connection; false when the client left first. */
    private boolean handshake() throws IOException {
        if (!reader.next()) {
            return false;
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
        return true;
    }

    /** The reading goes on here after the watch relieved a reader that serves a long call. */
    private void readOn() {
        read(in -> {
            flush(); // answers the relieved reader had queued
            return serve(in);
        });
    }

    /** One thread's stretch of reading the connection; false when it handed the reading to another thread. */
    private interface Reading {
        boolean run(Inflight in) throws IOException;
    }

    /** Runs a stretch of reading: a protocol error ends the connection with an error frame; whoever reads last ends it. */
    private void read(Reading r) {
        boolean reading = true;
        Inflight in = new Inflight(daemon.maxOutstanding);
        try {
            reading = r.run(in);
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
            drain(in);
        }
    }

    /**
     * Reads and serves requests until the stream ends (true: this thread ends the connection) or
     * until this thread was relieved while serving a call (false: another thread reads now).
     */
    private boolean serve(Inflight in) throws IOException {
        boolean queued = false; // answers wait in the batch
        for (;;) {
            if (!reader.hasFrame()) {
                // before the read may block: the calls this reader started must be answered
                if (in.size > 0) {
                    queued = true;
                    if (!collect(in, true)) {
                        flush();
                        return false;
                    }
                }
                if (queued) {
                    flush();
                    queued = false;
                }
            }
            if (!reader.next()) {
                return true;
            }
            if (reader.version() != version) {
                throw new WireException(ErrorCode.UNSUPPORTED_VERSION, "frame in version " + reader.version() + ", negotiated " + version);
            }
            int type = reader.type();
            if (reader.requestId() == 0 && type != MessageType.CANCEL) {
                // 0 names the connection itself: an answer with it would end the connection
                throw new WireException(ErrorCode.BAD_FRAME, "request id 0 is reserved for the connection");
            }
            if (type == MessageType.INVOKE) {
                int r = invoke(reader.requestId(), reader.body(), in);
                if (r == RELIEVED) {
                    drain(in);
                    flush();
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
        long w = writingSince;
        if (w != 0 && now - w > daemon.replyTimeoutNanos && !ending) {
            // the client stopped reading: its answers cannot go out, so it goes (its sessions are
            // closed through the TA once its calls ended); others never waited for it
            LOG.log(System.Logger.Level.WARNING, "connection " + id + " (" + peer + ") did not read its answers for "
                    + (now - w) / 1_000_000 + " ms: disconnected");
            daemon.metrics.slowReaders.increment();
            Daemon.closeQuietly(channel);
        }
        if (ending && outstanding() > 0) {
            // the end's sweep of cancellations misses a call that reaches the world after it (its
            // permit handed over meanwhile, or posted but not yet on its thread): sweep until none is left
            cancelRunning();
        }
        if (role == SERVING && now - servingSince > RELIEF_NANOS && ROLE.compareAndSet(this, SERVING, RELIEVED)) {
            try {
                daemon.readers.execute(this::readOn);
            } catch (RuntimeException e) { // the daemon stops: nobody reads on, the channel closes
                LOG.log(System.Logger.Level.DEBUG, "connection " + id + ": no thread to read on", e);
            }
        }
    }

    /** Whether a write of answers has waited for this client longer than {@code nanos}. */
    boolean writeStalled(long now, long nanos) {
        long w = writingSince;
        return w != 0 && now - w > nanos;
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
            case MessageType.REGISTER_SHM, MessageType.RELEASE_SHM -> sharedMemory(type, requestId, body);
            case MessageType.HELLO -> throw new WireException(ErrorCode.UNEXPECTED, "a second HELLO");
            default -> {
                daemon.metrics.refused(ErrorCode.UNKNOWN_TYPE);
                error(requestId, ErrorCode.UNKNOWN_TYPE, TeeResult.NOT_SUPPORTED.code(), "unknown message type " + type);
            }
        }
    }

    /**
     * REGISTER_SHM / RELEASE_SHM: a client's shared memory block accounted in the world's secure
     * RAM while it holds it (released by RELEASE_SHM, or when the client goes away). Answered on
     * the reader: it never waits.
     */
    private void sharedMemory(int type, int requestId, ByteBuffer body) {
        try {
            if (type == MessageType.REGISTER_SHM) {
                long size = ShmFrames.decodeRegister(body);
                int shmId;
                synchronized (lock) {
                    long pages = ClientQuotas.pages(size);
                    if (ending || daemon.stopping) {
                        shmId = 0;
                    } else if (!daemon.quotas.takeShm(peer, pages)) {
                        shmId = -1; // counted in pages, per process and per user, as the secure RAM gives it out
                    } else {
                        long address = daemon.world.reserveSharedMemory(size);
                        if (address < 0) {
                            daemon.quotas.giveShm(peer, pages);
                            shmId = -1;
                        } else {
                            do {
                                shmId = ++lastShmId & 0x7FFFFFFF;
                            } while (shmId == 0 || shm.containsKey(shmId));
                            shm.put(shmId, new long[] {address, size});
                        }
                    }
                }
                if (shmId == 0) {
                    error(requestId, ErrorCode.SHUTTING_DOWN, TeeResult.COMMUNICATION.code(), "the connection is ending");
                } else if (shmId < 0) {
                    daemon.metrics.refused(ErrorCode.BAD_REQUEST);
                    error(requestId, ErrorCode.BAD_REQUEST, TeeResult.OUT_OF_MEMORY.code(),
                            "no room for " + size + " bytes of shared memory in the secure RAM");
                } else {
                    control(MessageType.SHM_REPLY, requestId, shmId);
                }
            } else {
                int shmId = ShmFrames.decodeId(body);
                long[] block;
                synchronized (lock) {
                    block = shm.remove(shmId);
                }
                if (block == null) {
                    daemon.metrics.refused(ErrorCode.BAD_REQUEST);
                    error(requestId, ErrorCode.BAD_REQUEST, TeeResult.ITEM_NOT_FOUND.code(), "no shared memory block " + shmId + " on this connection");
                } else {
                    daemon.world.releaseSharedMemory(block[0], block[1]);
                    daemon.quotas.giveShm(peer, ClientQuotas.pages(block[1]));
                    control(MessageType.SHM_REPLY, requestId, shmId);
                }
            }
        } catch (WireException e) {
            daemon.metrics.refused(e.code());
            error(requestId, e.code(), TeeResult.BAD_PARAMETERS.code(), e.getMessage());
        }
    }

    /** Shared memory blocks held now (tests, metrics). */
    int sharedMemoryBlocks() {
        synchronized (lock) {
            return shm.size();
        }
    }

    /** Gives back every block this client still held. */
    private void releaseSharedMemory() {
        List<long[]> blocks;
        synchronized (lock) {
            blocks = new ArrayList<>(shm.values());
            shm.clear();
        }
        for (long[] b : blocks) {
            daemon.world.releaseSharedMemory(b[0], b[1]);
            daemon.quotas.giveShm(peer, ClientQuotas.pages(b[1]));
        }
    }

    /**
     * An INVOKE: started here when a permit is free at once (posted to the TA's instance thread,
     * or run on this thread if the world cannot take it at once), else handed to its call thread.
     * Answers READING (handed off or refused, nothing queued), SERVING (started: the answer is or
     * will be queued in the batch) or RELIEVED (another thread reads now).
     */
    private int invoke(int requestId, ByteBuffer body, Inflight in) {
        ServerCall c = accept(MessageType.INVOKE, requestId, body);
        if (c == null) {
            return READING;
        }
        int r = c.tryPost(requestId, in);
        if (r == ServerCall.NOT_NOW && in.size > 0) {
            // the permits may be this reader's own: wait for one of its calls before queueing this one
            if (!collect(in, false)) {
                c.dispatch(MessageType.INVOKE, requestId);
                return RELIEVED;
            }
            r = c.tryPost(requestId, in);
        }
        if (r == ServerCall.POSTED) {
            in.calls[in.size++] = c;
            return SERVING;
        }
        servingSince = System.nanoTime();
        role = SERVING;
        if (r == ServerCall.NOT_NOW && c.mayQueueOnReader()) {
            // every permit is taken by others: queue for one here (FIFO in this client's partition,
            // as a call thread would; the watch relieves this reader if that takes long), then post
            // it, rather than a call thread per queued call, answered one write each
            r = c.admitThenPost(requestId, in);
            if (r == ServerCall.POSTED) {
                in.calls[in.size++] = c;
                return ROLE.compareAndSet(this, SERVING, READING) ? SERVING : RELIEVED;
            }
            if (r == ServerCall.REFUSED) {
                boolean still = ROLE.compareAndSet(this, SERVING, READING);
                c.reply(!still || !reader.hasFrame() && in.size == 0);
                c.doneInline();
                return still ? SERVING : RELIEVED;
            }
        }
        if (r == ServerCall.NOT_NOW) {
            c.dispatch(MessageType.INVOKE, requestId);
            // relieved meanwhile (this thread was off the CPU that long): another thread reads now
            return ROLE.compareAndSet(this, SERVING, READING) ? READING : RELIEVED;
        }
        c.runHeld();
        boolean still = ROLE.compareAndSet(this, SERVING, READING);
        c.reply(!still || !reader.hasFrame() && in.size == 0);
        c.doneInline();
        return still ? SERVING : RELIEVED;
    }

    /**
     * Waits for the calls this reader posted (all, or at least one) and queues their answers.
     * Counts as serving for the watch: false when this thread was relieved meanwhile.
     */
    private boolean collect(Inflight in, boolean all) {
        servingSince = System.nanoTime();
        role = SERVING;
        await(in, all);
        return ROLE.compareAndSet(this, SERVING, READING);
    }

    /** After the reading ended or moved to another thread: every call this thread posted ends here. */
    private void drain(Inflight in) {
        if (in.size > 0) {
            await(in, true);
            flush();
        }
    }

    /**
     * Finishes posted calls as they end: spins briefly (a null invoke ends within a few µs when its
     * instance thread has a core), then sleeps until a completion wakes it; answers already
     * queued go out before it sleeps, so a long call does not hold back the others' answers.
     */
    private void await(Inflight in, boolean all) {
        long since = System.nanoTime();
        for (;;) {
            int finished = reap(in);
            if (in.size == 0 || !all && (finished > 0 || role == RELIEVED)) {
                // relieved while waiting for one call to make room: the call in hand must not wait
                // here for calls that may never end (it is handed to its own thread instead)
                return;
            }
            if (finished > 0) {
                since = System.nanoTime();
            }
            long waited = System.nanoTime() - since;
            if (waited < AWAIT_SPIN_NANOS) {
                Thread.onSpinWait();
                continue;
            }
            if (waited < AWAIT_YIELD_NANOS) {
                Thread.yield();
                continue;
            }
            flush();
            in.parked = true;
            if (!in.anyCompleted()) {
                if (all) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, RELIEF_NANOS); // looks again whether it was relieved
                }
            }
            in.parked = false;
        }
    }

    /** Finishes the posted calls that ended; answers how many. */
    private static int reap(Inflight in) {
        int n = 0;
        ServerCall[] calls = in.calls;
        for (int i = 0; i < in.size; ) {
            ServerCall c = calls[i];
            if (c.completed) {
                calls[i] = calls[--in.size];
                calls[in.size] = null;
                c.finishPosted();
                n++;
            } else {
                i++;
            }
        }
        return n;
    }

    /** The calls one reading thread posted and has yet to answer (that thread's own). */
    static final class Inflight {
        final Thread thread = Thread.currentThread();
        final ServerCall[] calls;
        int size;
        /** The reading thread sleeps until a completion wakes it. */
        volatile boolean parked;

        Inflight(int capacity) {
            calls = new ServerCall[capacity];
        }

        boolean anyCompleted() {
            for (int i = 0; i < size; i++) {
                if (calls[i].completed) {
                    return true;
                }
            }
            return false;
        }
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
        String over = daemon.quotas.startCall(peer);
        if (over != null) {
            finished(c);
            daemon.metrics.refused(ErrorCode.TOO_MANY_REQUESTS);
            error(requestId, ErrorCode.TOO_MANY_REQUESTS, TeeResult.BUSY.code(), over + "; wait for answers before sending more");
            return null;
        }
        c.counted = true;
        try {
            switch (type) {
                case MessageType.OPEN_SESSION -> OpenSession.decode(body, version, c.frame, c.layout, maxPayload);
                case MessageType.INVOKE -> Invoke.decode(body, version, c.frame, c.layout, maxPayload);
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
        // the memref bytes and, as much again, the answer that carries them back
        long bytes = 2 * c.layout.regionBytes();
        if (bytes > 0 && !daemon.quotas.takeBuffer(peer, bytes)) {
            c.frame.clear();
            finished(c);
            daemon.metrics.refused(ErrorCode.BAD_REQUEST);
            // what the kernel answers when it cannot allocate shared memory: ENOMEM
            error(requestId, ErrorCode.BAD_REQUEST, TeeResult.OUT_OF_MEMORY.code(), "no buffer memory for " + bytes / 2
                    + " memref bytes now (this client's share or the daemon's budget is spent)");
            return null;
        }
        c.payload = bytes;
        if (type == MessageType.OPEN_SESSION) {
            over = daemon.quotas.openSession(peer);
            if (over != null) {
                finished(c);
                daemon.metrics.refused(ErrorCode.TOO_MANY_REQUESTS);
                // OP-TEE answers a session it cannot take now with TEE_ERROR_BUSY (tee_ta_init_session_with_context)
                error(requestId, ErrorCode.TOO_MANY_REQUESTS, TeeResult.BUSY.code(), over + "; close sessions before opening more");
                return null;
            }
            c.sessionSlot = true;
        }
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
            daemon.quotas.giveBuffer(peer, c.payload);
            c.payload = 0;
        }
        if (c.sessionSlot) {
            daemon.quotas.closeSession(peer); // the open did not end in a session
            c.sessionSlot = false;
        }
        if (c.counted) {
            daemon.quotas.endCall(peer);
            c.counted = false;
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
        writingSince = System.nanoTime() | 1;
        try {
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } finally {
            writingSince = 0;
        }
    }

    /** A small answer frame ({@code u32} body) of the shared-memory messages. */
    private void control(int type, int requestId, int value) {
        writeLock.lock();
        try {
            flushLocked();
            control.clear();
            ShmFrames.encodeId(control, version, type, requestId, value);
            control.flip();
            writeFully(control);
        } catch (IOException | RuntimeException e) {
            Daemon.closeQuietly(channel);
        } finally {
            writeLock.unlock();
        }
    }

    /** Answers a request the daemon did not run with an ERROR frame: result, origin COMMS and why. */
    void refuse(int requestId, ErrorCode code, int result, String why) {
        error(requestId, code, result, why);
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
                }
            }
            // every call of a departed client, whatever its cancel id (libteec sends 0 for a NULL operation)
            cancelRunning();
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

    /** Asks every call of this client's sessions to cancel, whatever its cancel id. */
    void cancelRunning() {
        for (SessionInfo s : sessions.all()) {
            daemon.world.cancelSession(s.id);
        }
    }

    /** Daemon shutdown: stop reading; the reader's end does the rest. */
    void shutdown() {
        Daemon.closeQuietly(channel);
    }

    /** Nothing of this client runs any more: close its sessions (TA close entries run), stop its threads. */
    private void cleanup() {
        releaseSharedMemory();
        reader.release();
        CallFrame f = new CallFrame();
        for (SessionInfo s : sessions.drain()) {
            daemon.quotas.closeSession(peer);
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
