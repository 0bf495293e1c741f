package dev.jtee.wire;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A secure world in a jtee daemon, reached over one Unix domain socket connection. Thread-safe:
 * any number of threads call at once, each call is a request with its own id and the answers come
 * back in any order, matched by id on the connection's reader thread.
 *
 * <p>The daemon queues calls itself (its flow control spans every client), so this port never
 * answers {@link #THREAD_LIMIT}: a call returns {@link #OK} once the daemon answered. A call the
 * daemon refused without running it (an ERROR frame) returns OK with the frame's result and origin
 * set as the daemon said (e.g. BAD_PARAMETERS / COMMS). A lost connection is a
 * {@link TeeException} COMMUNICATION, origin COMMS, for every call waiting and every later one.
 *
 * <p>The call path allocates nothing: each calling thread has its own request slot, frame buffer
 * and parameter layout. Frames are sent by group commit: a caller copies its frame into the
 * connection's queue and, unless another caller is writing already, writes the queue out itself;
 * callers that come meanwhile leave theirs for the writer's next write. So concurrent callers
 * never wait for each other's system calls and share writes.
 */
final class SocketPort implements SecureWorldPort {
    private static final int IDLE = 0;
    private static final int WAITING = 1;
    private static final int DONE = 2;
    private static final int MAX_SLOTS = 1 << 16;
    private static final int SPINS = 200;
    private static final long HANDSHAKE_TIMEOUT_MS = 10_000;
    /** Frames queued for one write; a bigger frame is written on its own. */
    private static final int QUEUE_BYTES = 64 << 10;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Pending.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One calling thread's request: its id slot, buffers and the frame it waits on. */
    static final class Pending {
        final int slot;
        int id;
        volatile int state;
        Thread waiter;
        CallFrame frame;
        final ParamLayout layout = new ParamLayout();
        ByteBuffer out = ByteBuffer.allocateDirect(4096);
        boolean busy;
        /** Set instead of an answer when the daemon refused the request or the connection died. */
        ErrorFrame refused;
        TeeException failure;
        /** The id a SHM_REPLY carried (shared-memory requests, which have no frame). */
        int shmId;
        int gen;

        Pending(int slot) {
            this.slot = slot;
        }
    }

    private final Path path;
    private final SocketChannel channel;
    private final FrameReader reader;
    /** Frames queued for writing ({@code queue}), and whether a thread is writing ({@code writing}). */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition written = writeLock.newCondition();
    private ByteBuffer queue = ByteBuffer.allocateDirect(QUEUE_BYTES); // guarded by writeLock
    private ByteBuffer spare = ByteBuffer.allocateDirect(QUEUE_BYTES); // the writer's, while it writes
    private boolean writing; // guarded by writeLock
    private final Object slotsLock = new Object();
    private volatile Pending[] slots = new Pending[16];
    private final ThreadLocal<Pending> mine = ThreadLocal.withInitial(this::newPending);
    private HelloReply hello;
    private int version;
    private int maxPayload;
    private volatile TeeException broken;
    private final Thread readerThread;

    private SocketPort(Path path, SocketChannel channel, int maxFrame) {
        this.path = path;
        this.channel = channel;
        this.reader = new FrameReader(channel, maxFrame);
        this.readerThread = Thread.ofPlatform().daemon().name("jtee-socket-reader " + path).unstarted(this::readLoop);
    }

    static SocketPort connect(Path path, int maxFrame) {
        if (!Files.exists(path)) {
            throw new TeeException(TeeResult.ITEM_NOT_FOUND, Origin.API, "no jtee daemon socket at " + path);
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            throw new TeeException(TeeResult.COMMUNICATION, Origin.API, "cannot connect to the jtee daemon at " + path + ": " + e, e);
        }
        try {
            Rendezvous.checkDaemon(ch, path); // before a single byte goes to it
        } catch (IOException | SecurityException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // refusing anyway
            }
            throw new TeeException(TeeResult.COMMUNICATION, Origin.API, e.getMessage(), e);
        }
        SocketPort port = new SocketPort(path, ch, maxFrame);
        port.handshake(maxFrame);
        return port;
    }

    private final CompletableFuture<HelloReply> handshake = new CompletableFuture<>();

    private void handshake(int maxFrame) {
        try {
            ByteBuffer b = ByteBuffer.allocate(64);
            new Hello(Protocol.MIN_VERSION, Protocol.MAX_VERSION, maxFrame).encode(b, 0);
            b.flip();
            while (b.hasRemaining()) {
                channel.write(b);
            }
            readerThread.start();
            hello = handshake.get(HANDSHAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            closeQuietly();
            Throwable c = e.getCause();
            throw c instanceof TeeException t ? t
                    : new TeeException(TeeResult.COMMUNICATION, Origin.API, "jtee daemon at " + path + " refused the connection: " + c.getMessage(), c);
        } catch (TimeoutException e) {
            closeQuietly();
            throw new TeeException(TeeResult.COMMUNICATION, Origin.API, "no answer from a jtee daemon at " + path + " within " + HANDSHAKE_TIMEOUT_MS + " ms", e);
        } catch (IOException e) {
            closeQuietly();
            throw new TeeException(TeeResult.COMMUNICATION, Origin.API, "cannot talk to the jtee daemon at " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly();
            throw new TeeException(TeeResult.COMMUNICATION, Origin.API, "interrupted while connecting to " + path, e);
        }
        version = hello.version();
        maxPayload = Protocol.maxPayload(hello.maxFrame());
        reader.maxFrame(Math.max(hello.maxFrame(), maxFrame));
    }

    /** What the daemon said in its HELLO_REPLY (e.g. the credentials it saw). */
    HelloReply hello() {
        return hello;
    }

    // ---- SecureWorldPort

    @Override
    public int openSession(CallFrame frame) {
        return call(MessageType.OPEN_SESSION, frame);
    }

    @Override
    public int invokeCommand(CallFrame frame) {
        return call(MessageType.INVOKE, frame);
    }

    @Override
    public int closeSession(CallFrame frame) {
        return call(MessageType.CLOSE_SESSION, frame);
    }

    @Override
    public void requestCancellation(int session, int cancelId) {
        if (broken != null) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(Cancel.BYTES); // not the invoke path
        Cancel.encode(b, version, session, cancelId);
        b.flip();
        send(b);
    }

    /** REGISTER_SHM: the daemon accounts the block in its secure RAM; OUT_OF_MEMORY if it cannot hold it. */
    @Override
    public int allocateSharedMemory(long size) {
        if (size < 0 || size > ShmFrames.MAX_SIZE) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, Origin.API, "cannot allocate " + Long.toUnsignedString(size) + " bytes of shared memory");
        }
        return shm(MessageType.REGISTER_SHM, size);
    }

    /** RELEASE_SHM; quietly nothing once the connection is gone (the daemon released everything then). */
    @Override
    public void releaseSharedMemory(int id) {
        if (id == 0 || broken != null) {
            return;
        }
        try {
            shm(MessageType.RELEASE_SHM, id);
        } catch (TeeException e) {
            // an unknown id, or the connection ended meanwhile: nothing is held either way
        }
    }

    /** One shared-memory request on a slot of its own (not the invoke path): the id answered, or the refusal thrown. */
    private int shm(int type, long arg) {
        Pending p = newPending();
        try {
            TeeException b = broken;
            if (b != null) {
                throw copy(b);
            }
            ByteBuffer out = ByteBuffer.allocate(ShmFrames.REGISTER_BYTES);
            int id = nextId(p);
            p.id = id;
            if (type == MessageType.REGISTER_SHM) {
                ShmFrames.encodeRegister(out, version, id, arg);
            } else {
                ShmFrames.encodeId(out, version, MessageType.RELEASE_SHM, id, (int) arg);
            }
            p.shmId = 0;
            ErrorFrame refused = exchange(p, null, out);
            if (refused != null) {
                // as TEEC_AllocateSharedMemory reports it: the client API's result
                throw new TeeException(TeeResult.of(refused.result()), Origin.API,
                        "the jtee daemon refused " + MessageType.name(type) + ": " + refused.message());
            }
            return p.shmId;
        } finally {
            p.state = IDLE;
            p.waiter = null;
            release(p);
        }
    }

    @Override
    public int secureThreads() {
        return hello.secureThreads();
    }

    @Override
    public String describe() {
        return "daemon at unix:" + path + " (" + hello.describe() + ")";
    }

    @Override
    public void close() {
        fail(new TeeException(TeeResult.COMMUNICATION, Origin.COMMS, "the connection to the jtee daemon was closed"));
        closeQuietly();
        if (Thread.currentThread() != readerThread) {
            try {
                readerThread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "SocketPort[" + path + "]";
    }

    // ---- calls

    private int call(int type, CallFrame f) {
        Pending p = mine.get();
        boolean temporary = p.busy;
        if (temporary) {
            p = newPending(); // a call from inside a call on this thread
        }
        p.busy = true;
        try {
            TeeException b = broken;
            if (b != null) {
                throw copy(b);
            }
            ParamLayout layout = p.layout;
            int bound;
            try {
                if (type == MessageType.CLOSE_SESSION) {
                    layout.clear();
                    bound = CloseSession.BYTES;
                } else {
                    if (type == MessageType.OPEN_SESSION && f.uuid == null) {
                        throw new IllegalArgumentException("no TA UUID");
                    }
                    layout.compute(f, maxPayload);
                    bound = type == MessageType.OPEN_SESSION ? OpenSession.bound(layout) : Invoke.bound(layout);
                }
            } catch (ParamLayout.TooLargeException e) {
                // what the kernel answers when it cannot map that much: ENOMEM
                throw new TeeException(TeeResult.OUT_OF_MEMORY, Origin.COMMS, e.getMessage(), e);
            }
            ByteBuffer out = p.out;
            if (out.capacity() < bound) {
                out = p.out = ByteBuffer.allocateDirect(Math.max(bound, out.capacity() * 2));
            }
            out.clear();
            int id = nextId(p);
            p.id = id;
            switch (type) {
                case MessageType.OPEN_SESSION -> OpenSession.encode(out, version, id, f, layout);
                case MessageType.INVOKE -> Invoke.encode(out, version, id, f, layout);
                default -> CloseSession.encode(out, version, id, f.session);
            }
            ErrorFrame refused = exchange(p, f, out);
            if (refused != null) {
                f.result = refused.result();
                f.origin = refused.origin();
                f.refusal = "the jtee daemon refused the call: " + refused.message();
            }
            return OK;
        } finally {
            p.state = IDLE;
            p.frame = null;
            p.waiter = null;
            p.busy = false;
            if (temporary) {
                release(p);
            }
        }
    }

    /**
     * Sends a frame (group commit, see the class comment). On return the frame is written or queued
     * for a write that another thread makes, so {@code out} may be reused. A write failure ends the
     * connection: every waiting call fails, including those whose frames were queued.
     */
    /** Sends the request in {@code out} for slot {@code p} and waits for its answer: the daemon's refusal, or null. */
    private ErrorFrame exchange(Pending p, CallFrame frame, ByteBuffer out) {
        out.flip();
        p.frame = frame;
        p.refused = null;
        p.failure = null;
        p.waiter = Thread.currentThread();
        p.state = WAITING;
        if (broken != null) {
            STATE.compareAndSet(p, WAITING, IDLE);
            throw copy(broken);
        }
        send(out);
        await(p);
        if (p.failure != null) {
            throw copy(p.failure);
        }
        return p.refused;
    }

    private void send(ByteBuffer out) {
        writeLock.lock();
        try {
            if (out.remaining() <= queue.remaining()) {
                queue.put(out);
                if (writing) {
                    return; // the writing thread takes it with its next write
                }
            } else {
                while (writing) {
                    written.awaitUninterruptibly();
                }
            }
            writing = true;
        } finally {
            writeLock.unlock();
        }
        try {
            for (;;) {
                ByteBuffer b;
                writeLock.lock();
                try {
                    if (queue.position() == 0 && !out.hasRemaining()) {
                        writing = false;
                        written.signalAll();
                        return;
                    }
                    b = queue;
                    queue = spare;
                    spare = b;
                } finally {
                    writeLock.unlock();
                }
                b.flip();
                writeFully(b);
                b.clear();
                writeFully(out); // a frame too big for the queue, after what was queued before it
            }
        } catch (IOException | RuntimeException e) {
            writeLock.lock();
            try {
                queue.clear();
                spare.clear();
                writing = false;
                written.signalAll();
            } finally {
                writeLock.unlock();
            }
            fail(new TeeException(TeeResult.COMMUNICATION, Origin.COMMS, "lost the jtee daemon at " + path + ": " + e, e));
        }
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    private void await(Pending p) {
        // a virtual thread spinning would hold its carrier, which the answer's reader may need
        int spins = Thread.currentThread().isVirtual() ? 0 : SPINS;
        for (int i = 0; i < spins && p.state != DONE; i++) {
            Thread.onSpinWait();
        }
        boolean interrupted = false;
        while (p.state != DONE) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true; // the daemon will answer; GP cancellation is how a call is stopped
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static TeeException copy(TeeException e) {
        return new TeeException(e.result(), e.origin(), e.getMessage(), e);
    }

    // ---- slots

    private Pending newPending() {
        synchronized (slotsLock) {
            Pending[] s = slots;
            for (int i = 0; i < s.length; i++) {
                if (s[i] == null) {
                    return s[i] = new Pending(i);
                }
            }
            if (s.length >= MAX_SLOTS) {
                throw new TeeException(TeeResult.OUT_OF_MEMORY, Origin.COMMS, "more than " + MAX_SLOTS + " threads call through one connection");
            }
            Pending[] bigger = java.util.Arrays.copyOf(s, Math.min(s.length * 2, MAX_SLOTS));
            Pending p = bigger[s.length] = new Pending(s.length);
            slots = bigger;
            return p;
        }
    }

    /** The slot's next request id; never 0, which names the connection itself. */
    private static int nextId(Pending p) {
        int id;
        do {
            id = (++p.gen & 0x7FFF) << 16 | p.slot;
        } while (id == 0);
        return id;
    }

    private void release(Pending p) {
        synchronized (slotsLock) {
            slots[p.slot] = null;
        }
    }

    // ---- the reader

    private void readLoop() {
        try {
            if (!reader.next()) {
                throw new java.io.EOFException("the daemon closed the connection during the handshake");
            }
            if (reader.type() == MessageType.ERROR) {
                ErrorFrame e = ErrorFrame.decode(reader.body());
                handshake.completeExceptionally(new TeeException(TeeResult.COMMUNICATION, Origin.API,
                        "the jtee daemon refused the connection: " + e.code() + ": " + e.message()));
                return;
            }
            if (reader.type() != MessageType.HELLO_REPLY) {
                throw new WireException(ErrorCode.UNEXPECTED, "expected HELLO_REPLY, got " + MessageType.name(reader.type()));
            }
            HelloReply h = HelloReply.decode(reader.body());
            if (h.version() < Protocol.MIN_VERSION || h.version() > Protocol.MAX_VERSION) {
                throw new WireException(ErrorCode.UNSUPPORTED_VERSION, "the daemon chose version " + h.version());
            }
            handshake.complete(h);
            while (reader.next()) {
                if (reader.version() != h.version()) {
                    throw new WireException(ErrorCode.UNSUPPORTED_VERSION, "frame in version " + reader.version());
                }
                dispatch(reader.type(), reader.requestId(), reader.body());
            }
            fail(new TeeException(TeeResult.COMMUNICATION, Origin.COMMS, "the jtee daemon at " + path + " closed the connection"));
        } catch (IOException | RuntimeException e) {
            TeeException t = new TeeException(TeeResult.COMMUNICATION, Origin.COMMS,
                    broken != null ? broken.getMessage() : "lost the jtee daemon at " + path + ": " + e, e);
            handshake.completeExceptionally(t);
            fail(t);
        } finally {
            closeQuietly();
        }
    }

    private void dispatch(int type, int id, ByteBuffer body) {
        switch (type) {
            case MessageType.RESULT -> {
                Pending p = waiting(id);
                if (p.frame == null) {
                    throw new WireException(ErrorCode.UNEXPECTED, "RESULT for shared-memory request " + Integer.toHexString(id));
                }
                Result.decode(body, p.frame, p.layout);
                complete(p);
            }
            case MessageType.SHM_REPLY -> {
                Pending p = waiting(id);
                if (p.frame != null) {
                    throw new WireException(ErrorCode.UNEXPECTED, "SHM_REPLY for call " + Integer.toHexString(id));
                }
                p.shmId = ShmFrames.decodeId(body);
                complete(p);
            }
            case MessageType.ERROR -> {
                ErrorFrame e = ErrorFrame.decode(body);
                if (id == 0) {
                    throw new WireException(e.code(), "the jtee daemon ended the connection: " + e.code() + ": " + e.message());
                }
                Pending p = waiting(id);
                p.refused = e;
                complete(p);
            }
            default -> throw new WireException(ErrorCode.UNKNOWN_TYPE, "unexpected " + MessageType.name(type) + " from the daemon");
        }
    }

    private Pending waiting(int id) {
        Pending[] s = slots;
        int slot = id & 0xFFFF;
        Pending p = slot < s.length ? s[slot] : null;
        if (p == null || p.id != id || p.state != WAITING) {
            throw new WireException(ErrorCode.BAD_FRAME, "answer to request " + Integer.toHexString(id) + ", which is not waiting");
        }
        return p;
    }

    private static void complete(Pending p) {
        Thread t = p.waiter;
        if (STATE.compareAndSet(p, WAITING, DONE)) {
            LockSupport.unpark(t);
        }
    }

    /** Ends the connection: every waiting call and every later one fails with {@code e}. */
    private void fail(TeeException e) {
        synchronized (slotsLock) {
            if (broken == null) {
                broken = e;
            }
        }
        closeQuietly();
        for (Pending p : slots) {
            if (p != null && p.state == WAITING) {
                p.failure = broken;
                complete(p);
            }
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
