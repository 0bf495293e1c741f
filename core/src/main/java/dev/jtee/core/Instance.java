package dev.jtee.core;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TrustedApplication;
import dev.jtee.ta.spi.InternalApi;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One TA instance (OP-TEE's {@code user_ta_ctx}): the TA object, its address space and heap, and
 * the platform thread its code runs on, with a stack of the TA's declared size. Entry points reach
 * that thread through one preallocated request slot: the caller (holding the instance's
 * {@link #gate}, so one entry at a time) fills the slot, publishes it, spins briefly and then parks
 * until the instance thread has run the entry. An invoke may instead be {@link #post}ed: the caller
 * returns at once and the instance thread completes the call itself (gate, secure thread, the
 * caller's {@link InvokeCompletion}). Nothing is allocated per call.
 *
 * <p>Where the stack model allows ({@link #runsOnCaller}), a caller runs the entry on its own
 * thread instead, under the same gate: no hand-off and no wake-up per call, so callers on different
 * instances run in parallel and a caller never waits for a thread that waits for a core. The entry
 * sees the same instance, API, class loader, cancellation and death handling as on the instance
 * thread; the stack limit is then the caller thread's, as it is the instance thread's JVM stack
 * in a world without strict stacks.
 *
 * <p>A panic, an abort, a stack overflow or any throwable out of TA code kills the instance: the
 * thread writes the dump, marks the instance {@link #dead}, answers TARGET_DEAD and exits. The rest
 * (dropping it from the world, freeing its memory) is the {@link TaManager}'s job.
 */
final class Instance {
    static final int CREATE = 1;
    static final int OPEN = 2;
    static final int INVOKE = 3;
    static final int CLOSE = 4;
    static final int DESTROY = 5;

    /** Bytes of the emulated code region ({@code r-xs}). */
    static final long CODE_SIZE = 64 * 1024;
    /** {@code TA_FRAMEWORK_STACK_SIZE}: added to TA_STACK_SIZE, as libutee's header does. */
    static final int FRAMEWORK_STACK = 2048;
    /** Panic code of a user-mode abort (OP-TEE sets it in {@code abort_handler}). */
    static final int ABORT_PANIC_CODE = 0xdeadbeef;
    /**
     * Metered worlds: JVM thread stack per byte of modelled stack. An interpreted frame with the
     * meter's calls is a few times its modelled size; 16 keeps the JVM from overflowing first.
     */
    static final long JVM_BYTES_PER_MODEL_BYTE = 16;

    // Waiting for the other side: a couple of µs of pure spinning covers a short entry (caller) or
    // the gap between back-to-back calls (instance thread); then yielding, which costs little when
    // a core is free and hands the core over when callers outnumber cores; then parking. The
    // instance thread spins and yields only while its entries come that close (see awaitRequest).
    private static final long SPIN_NANOS = 2_000;
    private static final long CALLER_YIELD_NANOS = 20_000;
    private static final long IDLE_YIELD_NANOS = 50_000;
    /**
     * The largest TA stack (TA_STACK_SIZE + framework) whose entries may run on the caller's
     * thread: below the JVM's smallest thread stack (about 136 KiB on x64), so the instance thread
     * would have no more room than any caller's thread has.
     */
    static final long CALLER_STACK = 128 * 1024;

    private static final int IDLE = 0;
    private static final int POSTED = 1;
    private static final int DONE = 2;
    /** An entry runs on its caller's thread ({@link #runner}). */
    private static final int ON_CALLER = 3;

    final TaManager manager;
    final TaStore.Entry ta;
    final TaManifest manifest;
    final TeeUuid uuid;
    final int serial;
    final boolean singleInstance;
    final boolean multiSession;
    /** SINGLE_INSTANCE|INSTANCE_KEEP_ALIVE: survives its last session. */
    final boolean keepAlive;
    /** SINGLE_INSTANCE|INSTANCE_KEEP_ALIVE|INSTANCE_KEEP_CRASHED: a dead instance stays, and opens keep failing. */
    final boolean keepCrashed;
    final Gate gate = new Gate(false);
    /** Used by this instance's code for TA-to-TA calls. */
    final Waiter waiter = new Waiter();
    final Map<String, Object> taProperties;
    final InstanceApi api;
    final ParamsView params;
    /** The modelled stack of TA code, or null when the world does not meter stacks. */
    final StackMeter stackMeter;
    /** Entries may run on the caller's thread: the stack is not metered and the TA's fits {@link #CALLER_STACK}. */
    final boolean runsOnCaller;
    /** Per entry kind (CREATE..DESTROY): the highest modelled stack and its frames; metered worlds only. */
    final long[] entryStackPeak = new long[DESTROY + 1];
    final int[] entryStackFrames = new int[DESTROY + 1];

    TaMemory memory;
    private volatile InstanceThread thread;
    private TrustedApplication app;

    // Guarded by manager.lock.
    int refCount;
    boolean initializing;
    boolean retiring;
    boolean deathHandled;

    volatile boolean dead;

    // ---- the request slot; fields written by the caller before POSTED, results before DONE
    private volatile int state;
    private int kind;
    private Session session;
    private CallFrame frame;
    private Object chain;
    private volatile int callCancelId;
    private volatile Session callSession;
    private Thread caller;
    /** The caller running the current entry on its own thread (state ON_CALLER). */
    private volatile Thread runner;
    private volatile boolean callerParked;
    /** Set for a call posted by {@link #post}: nobody waits, the instance thread completes it. */
    private InvokeCompletion async;
    private SecureThreads.SecureThread asyncSlot;
    private volatile boolean threadParked;
    /** Instance thread only: how long it waited for its last entry. */
    private long lastGap;
    /** When the current entry was posted (written before POSTED). */
    private long postedAt;
    private volatile boolean stopping;
    int result;
    int origin;

    // ---- per-entry state, instance thread only (cancelRequested also set by a canceller)
    volatile boolean cancelRequested;
    long cancelDeadline = Long.MAX_VALUE;
    boolean cancelMasked = true;
    private Error fault;
    private String faultReason;

    Instance(TaManager manager, TaStore.Entry ta, int serial) {
        this.manager = manager;
        this.ta = ta;
        this.manifest = ta.manifest;
        this.uuid = manifest.uuid();
        this.serial = serial;
        this.singleInstance = manifest.has(TaFlags.SINGLE_INSTANCE);
        this.multiSession = manifest.has(TaFlags.MULTI_SESSION);
        this.keepAlive = singleInstance && manifest.has(TaFlags.INSTANCE_KEEP_ALIVE);
        this.keepCrashed = keepAlive && manifest.has(TaFlags.INSTANCE_KEEP_CRASHED);
        this.taProperties = TaProperties.ta(manifest);
        this.api = new InstanceApi(this);
        this.params = new ParamsView(this);
        long limit = manager.world.stackLimit(manifest);
        this.stackMeter = limit < 0 ? null : new StackMeter(limit);
        this.runsOnCaller = stackMeter == null && manifest.stackSize() + FRAMEWORK_STACK <= CALLER_STACK;
    }

    /**
     * Reserves the instance's secure memory and starts its thread; false when the secure RAM
     * cannot hold code + data + stack (the open then fails with OUT_OF_MEMORY).
     */
    boolean start() {
        long stack = manifest.stackSize() + FRAMEWORK_STACK;
        long threadStack = stack;
        if (stackMeter != null) {
            // the model enforces the limit; the JVM stack under it only has to be deep enough never to overflow first
            stack = Math.min(stackMeter.limit, TaStore.MAX_STACK_SIZE) + FRAMEWORK_STACK;
            threadStack = Math.max(1L << 20, stack * JVM_BYTES_PER_MODEL_BYTE);
        }
        TaMemory m = TaMemory.reserve(manager.world.ram, CODE_SIZE, manager.world.dataSize(manifest), stack);
        if (m == null) {
            return false;
        }
        memory = m;
        InstanceThread t = new InstanceThread(this, "jtee-ta-" + manifest.name() + "-" + serial, threadStack);
        t.setDaemon(true);
        t.setContextClassLoader(ta.loader);
        try {
            t.start();
        } catch (OutOfMemoryError | IllegalStateException e) {
            m.release();
            memory = null;
            return false;
        }
        thread = t;
        return true;
    }

    /** The chain the current entry runs for (TA-to-TA calls made by this entry inherit it). */
    Object chain() {
        return chain;
    }

    Session currentSession() {
        return session;
    }

    boolean isCancelled() {
        return !cancelMasked && (cancelRequested || System.nanoTime() - cancelDeadline >= 0 && cancelDeadline != Long.MAX_VALUE);
    }

    // ---- caller side

    /**
     * Runs one entry point and waits for it: on this thread if the instance {@link #runsOnCaller},
     * else on the instance thread. The caller holds the gate.
     * Afterwards {@link #result}/{@link #origin} hold the answer, and {@link #dead} says whether the
     * instance died in it.
     */
    void call(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline,
              SecureThreads.SecureThread slot) {
        call(kind, session, frame, chain, cancelId, cancelDeadline, slot, Long.MAX_VALUE);
    }

    /**
     * As above, giving up at {@code waitDeadline} (shutdown only): the instance is then abandoned
     * as dead and the call answers TARGET_DEAD.
     */
    void call(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline,
              SecureThreads.SecureThread slot, long waitDeadline) {
        // an instance thread's own TA-to-TA calls keep to the callee's thread: its Carrier API is its instance's
        if (runsOnCaller && waitDeadline == Long.MAX_VALUE && !(Thread.currentThread() instanceof InstanceThread)
                && runHere(kind, session, frame, chain, cancelId, cancelDeadline, slot)) {
            return;
        }
        load(kind, session, frame, chain, cancelId, cancelDeadline);
        this.caller = Thread.currentThread();
        this.callerParked = false;
        if (slot != null && slot.cancelRequested) {
            this.cancelRequested = true;
        }
        postedAt = System.nanoTime();
        state = POSTED;
        if (threadParked) {
            LockSupport.unpark(thread);
        }
        long start = System.nanoTime();
        while (state != DONE) {
            long waited = System.nanoTime() - start;
            if (waited < SPIN_NANOS) {
                Thread.onSpinWait();
            } else if (waited < CALLER_YIELD_NANOS) {
                Thread.yield();
            } else {
                callerParked = true;
                if (state != DONE) {
                    if (waitDeadline == Long.MAX_VALUE) {
                        LockSupport.park(this);
                    } else if (System.nanoTime() - waitDeadline < 0) {
                        LockSupport.parkNanos(this, waitDeadline - System.nanoTime());
                    } else {
                        callerParked = false;
                        dead = true;
                        result = TeeResult.TARGET_DEAD.code();
                        origin = Origin.TEE.value();
                        manager.world.console.line(Console.WARN + "Abandoning TA " + uuid + ": an entry point did not return in time");
                        return;
                    }
                }
                callerParked = false;
            }
        }
        this.callSession = null;
        this.frame = null;
    }

    /** Fills the request slot with an entry (before it is published). */
    private void load(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline) {
        this.kind = kind;
        this.session = session;
        this.frame = frame;
        this.chain = chain;
        this.cancelDeadline = cancelDeadline;
        this.cancelRequested = false;
        this.callCancelId = cancelId;
        this.callSession = session;
    }

    /**
     * Runs the entry on this (the caller's) thread, as the instance thread would: the instance's
     * API bound to the thread, its class loader as context loader, the caller's interrupt status
     * set aside (TA waits end only by time or cancellation), cancellation reaching this thread.
     * False, with nothing done, on a thread that may not change its context class loader.
     */
    private boolean runHere(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline,
                            SecureThreads.SecureThread slot) {
        Thread me = Thread.currentThread();
        ClassLoader loader = me.getContextClassLoader();
        if (loader != ta.loader) {
            try {
                me.setContextClassLoader(ta.loader);
            } catch (SecurityException e) {
                return false;
            }
        }
        load(kind, session, frame, chain, cancelId, cancelDeadline);
        runner = me;
        state = ON_CALLER;
        if (slot != null && slot.cancelRequested) {
            cancelRequested = true; // asked before cancelRunning could see this entry
        }
        boolean interrupted = Thread.interrupted();
        InternalApi outer = InternalApi.CallerThread.bind(api);
        try {
            execute();
        } finally {
            InternalApi.CallerThread.unbind(outer);
            if (loader != ta.loader) {
                me.setContextClassLoader(loader);
            }
            this.callSession = null;
            this.frame = null;
            state = DONE;
            runner = null;
            if (interrupted) {
                me.interrupt();
            }
        }
        return true;
    }

    /**
     * Posts an INVOKE and returns at once; the instance thread runs it and then completes it
     * itself ({@link TaManager#completeAsync}): the gate is left, the secure thread freed and
     * {@code done} told. The caller holds the gate and {@code slot}, and hands both over.
     */
    void post(Session session, CallFrame frame, Object chain, SecureThreads.SecureThread slot, InvokeCompletion done) {
        this.kind = INVOKE;
        this.session = session;
        this.frame = frame;
        this.chain = chain;
        this.cancelDeadline = Long.MAX_VALUE;
        this.cancelRequested = slot.cancelRequested;
        this.callCancelId = frame.cancelId;
        this.callSession = session;
        this.caller = null;
        this.callerParked = false;
        this.async = done;
        this.asyncSlot = slot;
        postedAt = System.nanoTime();
        state = POSTED;
        if (threadParked) {
            LockSupport.unpark(thread);
        }
    }

    /** A cancellation request for the entry now running, if it is that session's call with that id. */
    void cancelRunning(Session s, int cancelId) {
        int st = state;
        if ((st == POSTED || st == ON_CALLER) && callSession == s && callCancelId == cancelId) {
            cancelRequested = true;
            wakeRunner(st);
        }
    }

    /** Asks whatever entry runs now to stop waiting (world shutdown): effective once it unmasked cancellation. */
    void cancelAny() {
        int st = state;
        if (st == POSTED || st == ON_CALLER) {
            cancelRequested = true;
            wakeRunner(st);
        }
    }

    /** Wakes the thread of the entry running now, should it wait in TEE_Wait (a stray wake-up is harmless). */
    private void wakeRunner(int st) {
        Thread t = st == ON_CALLER ? runner : thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Lets an idle instance thread end (after destroy, or after death). */
    void stop() {
        stopping = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---- instance thread side

    private void serve() {
        try {
            while (awaitRequest()) {
                boolean alive = execute();
                finish();
                if (!alive) {
                    return;
                }
            }
        } catch (Throwable t) {
            // A failure of the world's own code on this thread: the instance cannot go on.
            dead = true;
            manager.world.console.line(Console.TC + "jtee: instance thread of " + uuid + " failed: " + t);
        } finally {
            if (state == POSTED) {
                dead = true;
                result = TeeResult.TARGET_DEAD.code();
                origin = Origin.TEE.value();
                finish();
            }
        }
    }

    /**
     * Waits for the next entry: spinning, then yielding, then parked, if the last gap between
     * entries was short enough for that to catch the next one (a caller in a loop); parked at once
     * if not (many instances served in turn, e.g. by a daemon): spinning and yielding for nothing
     * would take the core from the threads that produce the next call.
     */
    private boolean awaitRequest() {
        long start = System.nanoTime();
        long window = lastGap < IDLE_YIELD_NANOS ? IDLE_YIELD_NANOS : 0;
        while (state != POSTED) {
            if (stopping) {
                return false;
            }
            long waited = System.nanoTime() - start;
            if (waited < SPIN_NANOS && waited < window) {
                Thread.onSpinWait();
            } else if (waited < window) {
                Thread.yield();
            } else {
                threadParked = true;
                if (state != POSTED && !stopping) {
                    LockSupport.park(this);
                }
                threadParked = false;
            }
        }
        lastGap = postedAt - start; // when the entry came, not when this thread saw it
        return true;
    }

    private void finish() {
        InvokeCompletion done = async;
        if (done != null) {
            CallFrame f = frame;
            SecureThreads.SecureThread slot = asyncSlot;
            async = null;
            asyncSlot = null;
            callSession = null;
            frame = null;
            int r = result;
            int o = origin;
            state = DONE; // before the gate opens: the next caller posts on a finished slot
            manager.completeAsync(this, f, r, o, slot, done);
            return;
        }
        Thread c = caller;
        state = DONE;
        if (callerParked) {
            LockSupport.unpark(c);
        }
    }

    /** Runs the posted entry; false when the instance died in it. */
    private boolean execute() {
        cancelMasked = true;
        fault = null;
        faultReason = null;
        Throwable failure = null;
        StackMeter meter = stackMeter;
        if (meter != null) {
            meter.beginEntry();
        }
        try {
            runEntry();
        } catch (Throwable t) {
            failure = t;
        }
        if (meter != null && meter.entryPeak() > entryStackPeak[kind]) {
            entryStackPeak[kind] = meter.entryPeak();
            entryStackFrames[kind] = meter.entryPeakDepth();
        }
        if (failure == null && fault != null) {
            failure = fault; // caught and swallowed by TA code: still fatal
        }
        if (failure != null) {
            dead = true;
            try {
                manager.panicked(this, failure, faultReason);
            } catch (Throwable t) {
                manager.world.console.line(Console.TC + "jtee: dump of " + uuid + " failed: " + t);
            }
        }
        params.unbind();
        if (failure != null) {
            result = TeeResult.TARGET_DEAD.code();
            origin = Origin.TEE.value();
            app = null;
            return false;
        }
        return true;
    }

    private void runEntry() {
        switch (kind) {
            case CREATE -> {
                params.clear();
                TrustedApplication a = ta.newApplication();
                TaManifest m = a.manifest();
                if (m == null || !m.uuid().equals(uuid) || m.flags() != manifest.flags()
                        || m.stackSize() != manifest.stackSize() || m.dataSize() != manifest.dataSize()) {
                    throw new IllegalStateException("manifest() of this object differs from the loaded TA's: " + m);
                }
                app = a;
                answer(a.create());
            }
            case OPEN, INVOKE -> {
                int bad = params.bind(frame);
                if (bad != 0) {
                    result = bad;
                    origin = Origin.TEE.value();
                    return;
                }
                TeeResult r = kind == OPEN ? app.openSession(params, session) : app.invokeCommand(session, frame.command, params);
                if (fault == null) {
                    params.writeBack(frame);
                    answer(r);
                }
            }
            case CLOSE -> {
                params.clear();
                app.closeSession(session);
                result = 0;
                origin = Origin.TEE.value();
            }
            case DESTROY -> {
                params.clear();
                app.destroy();
                result = 0;
                origin = Origin.TEE.value();
            }
            default -> throw new IllegalStateException("unknown entry " + kind);
        }
    }

    private void answer(TeeResult r) {
        if (r == null) {
            throw new IllegalStateException("the entry point returned null instead of a TeeResult");
        }
        result = r.code();
        origin = Origin.TRUSTED_APP.value();
    }

    /** A panic or abort raised through the API, kept even if TA code catches it. */
    void recordFault(Error e, String reason) {
        if (fault == null) {
            fault = e;
            faultReason = reason;
        }
    }

    /** The panic code a failure stands for: TEE_Panic's, OVERFLOW for a stack overflow, else GENERIC. */
    static int panicCodeOf(Throwable t) {
        return switch (t) {
            case TaPanic p -> p.code;
            case DataAbort a -> ABORT_PANIC_CODE;
            case StackOverflowError s -> TeeResult.OVERFLOW.code();
            case TeeException e -> e.result().code();
            default -> TeeResult.GENERIC.code();
        };
    }

    /** Leaked blocks at destroy (the instance thread is idle or gone by then). */
    List<HeapStats.Block> liveBlocks() {
        TaMemory m = memory;
        return m == null ? List.of() : m.heap().liveBlocks();
    }

    HeapStats heapStats() {
        TaMemory m = memory;
        return m == null ? null : m.heap().stats();
    }

    /** Gives the secure RAM back (idempotent; death handling and retirement may both get here). */
    synchronized void releaseMemory() {
        api.storage.release(); // its persistent handles and enumerators close, as with the context
        TaMemory m = memory;
        if (m != null) {
            m.release();
        }
    }

    @Override
    public String toString() {
        return manifest.name() + "#" + serial + " (" + uuid + (dead ? ", dead" : "") + ")";
    }

    /** The thread of one instance: its stack is the TA's, and it carries the Internal API for {@link dev.jtee.ta.TeeApi}. */
    static final class InstanceThread extends Thread implements InternalApi.Carrier {
        private final Instance instance;

        InstanceThread(Instance instance, String name, long stackSize) {
            super(null, null, name, stackSize);
            this.instance = instance;
        }

        @Override
        public void run() {
            instance.serve();
        }

        @Override
        public InternalApi internalApi() {
            return instance.api;
        }

        StackMeter stackMeter() {
            return instance.stackMeter;
        }
    }
}
