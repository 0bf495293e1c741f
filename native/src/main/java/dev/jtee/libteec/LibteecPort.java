package dev.jtee.libteec;

import static dev.jtee.libteec.Libteec.MEMREF_OFFSET;
import static dev.jtee.libteec.Libteec.MEMREF_PARENT;
import static dev.jtee.libteec.Libteec.MEMREF_SIZE;
import static dev.jtee.libteec.Libteec.OP_PARAMS;
import static dev.jtee.libteec.Libteec.OP_PARAM_TYPES;
import static dev.jtee.libteec.Libteec.PARAM_SIZE;
import static dev.jtee.libteec.Libteec.SHM_BUFFER;
import static dev.jtee.libteec.Libteec.SHM_FLAGS;
import static dev.jtee.libteec.Libteec.SHM_SIZE;
import static dev.jtee.libteec.Libteec.TMPREF_BUFFER;
import static dev.jtee.libteec.Libteec.TMPREF_SIZE;
import static dev.jtee.libteec.Libteec.VALUE_A;
import static dev.jtee.libteec.Libteec.VALUE_B;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.MemrefRegions;
import dev.jtee.api.spi.SecureWorldPort;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A secure world behind a GP TEE Client API library: one {@code TEEC_Context}, driven through
 * {@code java.lang.foreign}. Thread-safe (libteec is): calls block in the library, which queues
 * them itself, so this port never answers {@link #THREAD_LIMIT}.
 *
 * <p>Memrefs: the frame's windows on one Java array form one region, copied into native memory
 * for the call and back after it when a parameter on it is an output (whatever the result: a TA
 * may write before SHORT_BUFFER). A region used by one parameter travels as a TEMP memref; one
 * shared by several as a block registered for the call ({@code TEEC_RegisterSharedMemory}) with a
 * PARTIAL memref each, so windows that overlap in the client overlap in the TA too.
 *
 * <p>The call path allocates nothing: each calling thread has its own operation, shared memory
 * structures and native buffer. Session ids are this port's own (the library's TEEC_Session is
 * opaque); a closed or unknown id is BAD_PARAMETERS, origin COMMS, as from the kernel.
 */
final class LibteecPort implements SecureWorldPort {
    private static final System.Logger LOG = System.getLogger(LibteecPort.class.getName());
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int INDEX_BITS = 20;
    private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;
    private static final int IN_OUT = Libteec.TEEC_MEM_INPUT | Libteec.TEEC_MEM_OUTPUT;

    private final Libteec lib;
    private final String tee;
    private final MemorySegment context;
    private final int threads;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    /** Open sessions by index (low bits of the id); the high bits tell reuses of an index apart. */
    private final Object sessionsLock = new Object();
    private volatile Entry[] sessions = new Entry[64];
    private int generation;

    private record Entry(int id, MemorySegment session) {
    }

    /** Every thread's call state, weakly (threads come and go), for cancellation. */
    private final ConcurrentLinkedQueue<WeakReference<Call>> calls = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Call> mine = ThreadLocal.withInitial(this::newCall);

    private LibteecPort(Libteec lib, String tee, MemorySegment context, int threads) {
        this.lib = lib;
        this.tee = tee;
        this.context = context;
        this.threads = threads;
    }

    /**
     * Loads {@code library} and initializes a context on the TEE {@code tee} (null: the library's
     * default). A library that cannot be loaded is ITEM_NOT_FOUND, a context that cannot be
     * initialized the library's result; origin API.
     */
    static LibteecPort open(String library, String tee, int defaultThreads) {
        Libteec lib = Libteec.load(library, Arena.global());
        MemorySegment ctx = Arena.ofAuto().allocate(Libteec.CONTEXT);
        int r;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment name = tee == null ? MemorySegment.NULL : a.allocateFrom(tee);
            r = (int) lib.initializeContext.invokeExact(name, ctx);
        } catch (Throwable t) {
            throw new TeeException(TeeResult.COMMUNICATION, Origin.API, "TEEC_InitializeContext in " + lib.library + " failed: " + t, t);
        }
        if (r != Libteec.TEEC_SUCCESS) {
            throw new TeeException(TeeResult.of(r), Origin.API, "TEEC_InitializeContext(" + (tee == null ? "NULL" : '"' + tee + '"')
                    + ") in " + lib.library + " answered 0x" + Integer.toHexString(r));
        }
        int threads = defaultThreads;
        if (lib.secureThreads != null) {
            try {
                int n = (int) lib.secureThreads.invokeExact(ctx);
                if (n > 0) {
                    threads = n;
                }
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.DEBUG, "jtee_context_secure_threads failed", t);
            }
        }
        return new LibteecPort(lib, tee, ctx, threads);
    }

    // ---- SecureWorldPort

    @Override
    public int openSession(CallFrame f) {
        if (f.uuid == null) {
            throw new IllegalArgumentException("no TA UUID");
        }
        Call c = enter();
        try {
            MemorySegment session = Arena.ofAuto().allocate(Libteec.SESSION); // opens are not the hot path
            putUuid(c.uuid, f.uuid);
            MemorySegment data = MemorySegment.NULL;
            if (f.login == Libteec.TEEC_LOGIN_GROUP || f.login == Libteec.TEEC_LOGIN_GROUP_APPLICATION) {
                c.connectionData.set(JAVA_INT, 0, f.connectionData); // the group, as a gid_t
                data = c.connectionData;
            }
            if (!c.marshal(f, lib, context)) {
                return OK;
            }
            int r;
            c.begin(0, f.cancelId);
            try {
                r = (int) lib.openSession.invokeExact(context, session, c.uuid, f.login, data, c.op, c.origin);
            } finally {
                c.end();
            }
            c.unmarshal(f, r);
            if (r == Libteec.TEEC_SUCCESS) {
                f.session = add(session);
                f.instance = instance(session);
            }
            return OK;
        } catch (Throwable t) {
            throw failure("TEEC_OpenSession", t);
        } finally {
            leave(c);
        }
    }

    @Override
    public int invokeCommand(CallFrame f) {
        Call c = enter();
        try {
            MemorySegment session = session(f.session);
            if (session == null) {
                f.result = TeeResult.BAD_PARAMETERS.code();
                f.origin = Origin.COMMS.value();
                return OK;
            }
            if (!c.marshal(f, lib, context)) {
                return OK;
            }
            int r;
            c.begin(f.session, f.cancelId);
            try {
                r = (int) lib.invokeCommand.invokeExact(session, f.command, c.op, c.origin);
            } finally {
                c.end();
            }
            c.unmarshal(f, r);
            return OK;
        } catch (Throwable t) {
            throw failure("TEEC_InvokeCommand", t);
        } finally {
            leave(c);
        }
    }

    @Override
    public int closeSession(CallFrame f) {
        Call c = enter();
        try {
            MemorySegment session = remove(f.session);
            if (session == null) {
                f.result = TeeResult.BAD_PARAMETERS.code();
                f.origin = Origin.COMMS.value();
                return OK;
            }
            lib.closeSession.invokeExact(session);
            f.result = Libteec.TEEC_SUCCESS;
            f.origin = Origin.TEE.value();
            return OK;
        } catch (Throwable t) {
            throw failure("TEEC_CloseSession", t);
        } finally {
            leave(c);
        }
    }

    @Override
    public void requestCancellation(int session, int cancelId) {
        if (cancelId == 0 || closed) {
            return;
        }
        for (WeakReference<Call> ref : calls) {
            Call c = ref.get();
            if (c != null && c.active && c.cancelId == cancelId && c.session == session) {
                c.cancel(lib);
            }
        }
    }

    @Override
    public int secureThreads() {
        return threads;
    }

    @Override
    public String describe() {
        return "libteec " + lib.library + (tee == null ? "" : " (TEE \"" + tee + "\")") + ", " + threads + " secure threads";
    }

    /**
     * Finalizes the context once the calls in flight returned (at most {@value #CLOSE_WAIT_NANOS}
     * ns; a call still running then keeps the context alive rather than have it freed under it).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadline > 0) {
                LOG.log(System.Logger.Level.WARNING, "{0} call(s) still in {1} after {2} s; the context is left open",
                        inFlight.get(), lib.library, TimeUnit.NANOSECONDS.toSeconds(CLOSE_WAIT_NANOS));
                return;
            }
            LockSupport.parkNanos(1_000_000);
        }
        try {
            lib.finalizeContext.invokeExact(context);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "TEEC_FinalizeContext failed", t);
        }
    }

    @Override
    public String toString() {
        return "LibteecPort[" + describe() + "]";
    }

    // ---- calls

    private Call enter() {
        inFlight.incrementAndGet();
        if (closed) {
            inFlight.decrementAndGet();
            throw new TeeException(TeeResult.COMMUNICATION, Origin.COMMS, "the libteec context was closed");
        }
        Call c = mine.get();
        if (c.busy) {
            c = newCall(); // a call from inside a call on this thread
            c.temporary = true;
        }
        c.busy = true;
        return c;
    }

    private void leave(Call c) {
        c.releaseBlocks(lib);
        c.busy = false;
        inFlight.decrementAndGet();
    }

    private Call newCall() {
        Call c = new Call();
        calls.removeIf(r -> r.get() == null);
        calls.add(new WeakReference<>(c));
        return c;
    }

    private static TeeException failure(String what, Throwable t) {
        if (t instanceof TeeException e) {
            return e;
        }
        if (t instanceof IllegalArgumentException e) {
            throw e; // the driver reports it as BAD_PARAMETERS
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new TeeException(TeeResult.COMMUNICATION, Origin.COMMS, what + " failed: " + t, t);
    }

    private int instance(MemorySegment session) {
        if (lib.sessionInstance == null) {
            return 0; // unknown: the driver then gates per session only
        }
        try {
            return (int) lib.sessionInstance.invokeExact(session);
        } catch (Throwable t) {
            return 0;
        }
    }

    private static void putUuid(MemorySegment u, TeeUuid uuid) {
        long msb = uuid.msb();
        long lsb = uuid.lsb();
        u.set(JAVA_INT, Libteec.UUID_TIME_LOW, (int) (msb >>> 32));
        u.set(JAVA_SHORT, Libteec.UUID_TIME_MID, (short) (msb >>> 16));
        u.set(JAVA_SHORT, Libteec.UUID_TIME_HI, (short) msb);
        for (int i = 0; i < 8; i++) {
            u.set(JAVA_BYTE, Libteec.UUID_CLOCK_SEQ + i, (byte) (lsb >>> (56 - 8 * i)));
        }
    }

    // ---- the session table

    private int add(MemorySegment session) {
        synchronized (sessionsLock) {
            Entry[] t = sessions;
            int i = 0;
            while (i < t.length && t[i] != null) {
                i++;
            }
            if (i == t.length) {
                if (t.length > INDEX_MASK) {
                    throw new TeeException(TeeResult.OUT_OF_MEMORY, Origin.COMMS, "too many open sessions");
                }
                t = java.util.Arrays.copyOf(t, Math.min(t.length * 2, INDEX_MASK));
            }
            generation = (generation + 1) & 0x3FF;
            int id = generation << INDEX_BITS | (i + 1);
            t[i] = new Entry(id, session);
            sessions = t;
            return id;
        }
    }

    private MemorySegment session(int id) {
        int i = (id & INDEX_MASK) - 1;
        Entry[] t = sessions;
        Entry e = i >= 0 && i < t.length ? t[i] : null;
        return e != null && e.id == id ? e.session : null;
    }

    private MemorySegment remove(int id) {
        synchronized (sessionsLock) {
            int i = (id & INDEX_MASK) - 1;
            Entry[] t = sessions;
            Entry e = i >= 0 && i < t.length ? t[i] : null;
            if (e == null || e.id != id) {
                return null;
            }
            t[i] = null;
            sessions = t; // publish
            return e.session;
        }
    }

    /**
     * One thread's call state: a TEEC_Operation, four TEEC_SharedMemory for regions several
     * parameters share, the native buffer the regions live in, and what cancellation needs.
     */
    static final class Call {
        final Arena arena = Arena.ofAuto();
        final MemorySegment op = arena.allocate(Libteec.OPERATION);
        final MemorySegment origin = arena.allocate(JAVA_INT);
        final MemorySegment uuid = arena.allocate(Libteec.UUID);
        final MemorySegment connectionData = arena.allocate(JAVA_INT);
        final MemorySegment blocks = arena.allocate(Libteec.SHARED_MEMORY.byteSize() * 4, 8);
        /** The four blocks as segments of their own (what TEEC_Register/ReleaseSharedMemory take). */
        final MemorySegment[] block = new MemorySegment[4];
        MemorySegment buffer = Arena.ofAuto().allocate(4096, 16);
        boolean busy;
        boolean temporary;

        // the regions of the call in progress, indexed by the parameter that owns each
        final MemrefRegions regions = new MemrefRegions();
        final long[] base = new long[4];
        final boolean[] registered = new boolean[4];

        // cancellation: guarded by this
        volatile boolean active;
        volatile int session;
        volatile int cancelId;

        synchronized void begin(int session, int cancelId) {
            this.session = session;
            this.cancelId = cancelId;
            active = cancelId != 0;
        }

        synchronized void end() {
            active = false;
        }

        /** Under the lock, so the operation cannot end and be reused meanwhile. */
        synchronized void cancel(Libteec lib) {
            if (!active) {
                return;
            }
            try {
                lib.requestCancellation.invokeExact(op);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "TEEC_RequestCancellation failed", t);
            }
        }

        Call() {
            for (int i = 0; i < 4; i++) {
                block[i] = blocks.asSlice(i * Libteec.SHARED_MEMORY.byteSize(), Libteec.SHARED_MEMORY.byteSize());
            }
        }

        /**
         * Writes the frame's parameters into {@link #op}. False when the library refused to
         * register a block (the frame then holds its result, origin API).
         */
        boolean marshal(CallFrame f, Libteec lib, MemorySegment context) throws Throwable {
            int types = f.paramTypes;
            long total = 0;
            regions.compute(f);
            java.util.Arrays.fill(registered, false);
            for (int i = 0; i < 4; i++) {
                if (regions.owner(i) == i) {
                    base[i] = total;
                    total += (regions.length(i) + 7) & ~7L;
                }
            }
            if (buffer.byteSize() < total) {
                buffer = Arena.ofAuto().allocate(Math.max(total, buffer.byteSize() * 2), 16);
            }
            long address = buffer.address();
            for (int i = 0; i < 4; i++) {
                if (regions.owner(i) == i) {
                    MemorySegment.copy(f.buffer[i], regions.lo(i), buffer, JAVA_BYTE, base[i], regions.length(i));
                }
            }
            op.fill((byte) 0);
            int teecTypes = 0;
            for (int i = 0; i < 4; i++) {
                int t = (types >>> (4 * i)) & 0xF;
                long p = OP_PARAMS + i * PARAM_SIZE;
                int teec = t;
                if (t == 1 || t == 3) {
                    op.set(JAVA_INT, p + VALUE_A, f.valueA[i]);
                    op.set(JAVA_INT, p + VALUE_B, f.valueB[i]);
                } else if (t >= 5) {
                    int o = regions.owner(i);
                    if (o < 0) {
                        // a null memref: TEMP with a NULL buffer and size 0 (the operation is zeroed)
                    } else if (regions.users(o) == 1) {
                        op.set(JAVA_LONG, p + TMPREF_BUFFER, address + base[o] + (f.offset[i] - regions.lo(o)));
                        op.set(JAVA_LONG, p + TMPREF_SIZE, f.size[i]);
                    } else {
                        if (!registered[o] && !register(o, address, lib, context, f)) {
                            return false;
                        }
                        teec = t + Libteec.PARTIAL_OFFSET;
                        op.set(JAVA_LONG, p + MEMREF_PARENT, blocks.address() + o * Libteec.SHARED_MEMORY.byteSize());
                        op.set(JAVA_LONG, p + MEMREF_SIZE, f.size[i]);
                        op.set(JAVA_LONG, p + MEMREF_OFFSET, f.offset[i] - regions.lo(o));
                    }
                }
                teecTypes |= teec << (4 * i);
            }
            op.set(JAVA_INT, OP_PARAM_TYPES, teecTypes);
            origin.set(JAVA_INT, 0, Origin.API.value());
            return true;
        }

        private boolean register(int o, long address, Libteec lib, MemorySegment context, CallFrame f) throws Throwable {
            long shm = o * Libteec.SHARED_MEMORY.byteSize();
            block[o].fill((byte) 0);
            blocks.set(JAVA_LONG, shm + SHM_BUFFER, address + base[o]);
            blocks.set(JAVA_LONG, shm + SHM_SIZE, regions.length(o));
            blocks.set(JAVA_INT, shm + SHM_FLAGS, IN_OUT);
            int r = (int) lib.registerSharedMemory.invokeExact(context, block[o]);
            if (r != Libteec.TEEC_SUCCESS) {
                f.result = r;
                f.origin = Origin.API.value();
                return false;
            }
            registered[o] = true;
            return true;
        }

        /** Reads the answer back into the frame: result, origin, output values, sizes and region bytes. */
        void unmarshal(CallFrame f, int result) {
            f.result = result;
            f.origin = origin.get(JAVA_INT, 0);
            int types = f.paramTypes;
            for (int i = 0; i < 4; i++) {
                int t = (types >>> (4 * i)) & 0xF;
                long p = OP_PARAMS + i * PARAM_SIZE;
                if (t == 2 || t == 3) {
                    f.valueA[i] = op.get(JAVA_INT, p + VALUE_A);
                    f.valueB[i] = op.get(JAVA_INT, p + VALUE_B);
                } else if (t == 6 || t == 7) {
                    int o = regions.owner(i);
                    f.size[i] = op.get(JAVA_LONG, p + (o >= 0 && regions.users(o) > 1 ? MEMREF_SIZE : TMPREF_SIZE));
                }
            }
            for (int i = 0; i < 4; i++) {
                if (regions.owner(i) == i && regions.isOutput(i)) {
                    MemorySegment.copy(buffer, JAVA_BYTE, base[i], f.buffer[i], regions.lo(i), regions.length(i));
                }
            }
        }

        void releaseBlocks(Libteec lib) {
            for (int i = 0; i < 4; i++) {
                if (registered[i]) {
                    registered[i] = false;
                    try {
                        lib.releaseSharedMemory.invokeExact(block[i]);
                    } catch (Throwable t) {
                        LOG.log(System.Logger.Level.WARNING, "TEEC_ReleaseSharedMemory failed", t);
                    }
                }
            }
        }
    }
}
