package dev.jtee.core;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import java.util.List;
import java.util.Map;

/**
 * One TA instance (OP-TEE's {@code user_ta_ctx}): the TA's header and properties, its lifecycle
 * state (guarded by the manager's lock), the entry point now running (one at a time, under its
 * {@link #gate}) and its answer, and the {@link TaRuntime} that runs the entries: a Java thread for
 * a Java TA, a TA host process for a native one. The instance changes its own state; the rest of a
 * death (dropping it from the world, freeing its memory) is the {@link TaManager}'s job.
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
     * The largest TA stack (TA_STACK_SIZE + framework) whose entries may run on the caller's
     * thread: below the JVM's smallest thread stack (about 136 KiB on x64), so the instance thread
     * would have no more room than any caller's thread has.
     */
    static final long CALLER_STACK = 128 * 1024;

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
    /** The modelled stack of TA code, or null when the world does not meter stacks (or the TA is native). */
    final StackMeter stackMeter;
    /** Entries may run on the caller's thread: the stack is not metered and the TA's fits {@link #CALLER_STACK}. */
    final boolean runsOnCaller;
    /** Per entry kind (CREATE..DESTROY): the highest stack and (metered Java TAs) its frames. */
    final long[] entryStackPeak = new long[DESTROY + 1];
    final int[] entryStackFrames = new int[DESTROY + 1];
    final TaRuntime runtime;

    /** A Java TA's emulated address space; null for a native TA (its memory is its process's). */
    TaMemory memory;

    // Guarded by manager.lock.
    int refCount;
    boolean initializing;
    boolean retiring;
    boolean deathHandled;

    volatile boolean dead;

    // ---- the entry now running; written by its caller before it runs, the answer by whoever runs it
    int kind;
    Session session;
    CallFrame frame;
    private Object chain;
    private volatile int callCancelId;
    private volatile Session callSession;
    int result;
    int origin;

    // ---- cancellation and faults of the running entry (cancelRequested also set by a canceller)
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
        long limit = ta.isNative() ? -1 : manager.world.stackLimit(manifest);
        this.stackMeter = limit < 0 ? null : new StackMeter(limit);
        this.runsOnCaller = stackMeter == null && manifest.stackSize() + FRAMEWORK_STACK <= CALLER_STACK;
        this.runtime = ta.isNative() ? new NativeRuntime(this) : new JavaRuntime(this);
    }

    /** Takes the instance's secure memory and starts its runtime; false: OUT_OF_MEMORY for the open. */
    boolean start() {
        return runtime.start();
    }

    /** The chain the current entry runs for (TA-to-TA calls made by this entry inherit it). */
    Object chain() {
        return chain;
    }

    Session currentSession() {
        return session;
    }

    boolean isCancelled() {
        return !cancelMasked && (cancelRequested || manager.closing || System.nanoTime() - cancelDeadline >= 0 && cancelDeadline != Long.MAX_VALUE);
    }

    /**
     * Runs one entry point and waits for it. The caller holds the gate. Afterwards {@link #result}
     * and {@link #origin} hold the answer, and {@link #dead} says whether the instance died in it.
     */
    void call(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline,
              SecureThreads.SecureThread slot) {
        runtime.call(kind, session, frame, chain, cancelId, cancelDeadline, slot, Long.MAX_VALUE);
    }

    /**
     * As above, giving up at {@code waitDeadline} (shutdown only): the instance is then abandoned
     * as dead and the call answers TARGET_DEAD.
     */
    void call(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline,
              SecureThreads.SecureThread slot, long waitDeadline) {
        runtime.call(kind, session, frame, chain, cancelId, cancelDeadline, slot, waitDeadline);
    }

    /** Fills in the entry about to run (its runtime calls this before running it). */
    void beginEntry(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline) {
        this.kind = kind;
        this.session = session;
        this.frame = frame;
        this.chain = chain;
        this.cancelDeadline = cancelDeadline;
        this.cancelRequested = false;
        this.callCancelId = cancelId;
        this.callSession = session;
    }

    /** The entry ended: cancellations no longer name it. */
    void endEntry() {
        this.callSession = null;
        this.frame = null;
    }

    /** Whether the entry now running is {@code s}'s call with {@code cancelId}. */
    boolean runsFor(Session s, int cancelId) {
        return callSession == s && callCancelId == cancelId;
    }

    /**
     * The instance died (a panic, an abort, its process ended, abandoned at shutdown): every call
     * on it answers TARGET_DEAD, origin TEE, from now on. The answer is written before
     * {@link #dead} is published, so whoever sees {@code dead} reads it.
     */
    void die() {
        result = TeeResult.TARGET_DEAD.code();
        origin = Origin.TEE.value();
        dead = true;
    }

    /** Answers a call with the instance's answer (after {@link #die}: TARGET_DEAD, origin TEE). */
    void answer(CallFrame f) {
        f.result = result;
        f.origin = origin;
    }

    /** Posts an INVOKE the runtime completes itself ({@link TaRuntime#post}). */
    void post(Session session, CallFrame frame, Object chain, SecureThreads.SecureThread slot, InvokeCompletion done) {
        runtime.post(session, frame, chain, slot, done);
    }

    void cancelRunning(Session s, int cancelId) {
        runtime.cancelRunning(s, cancelId);
    }

    void cancelAny() {
        runtime.cancelAny();
    }

    void stop() {
        runtime.stop();
    }

    /** A panic or abort raised through the API, kept even if TA code catches it. */
    void recordFault(Error e, String reason) {
        if (fault == null) {
            fault = e;
            faultReason = reason;
        }
    }

    Error fault() {
        return fault;
    }

    String faultReason() {
        return faultReason;
    }

    void clearFault() {
        fault = null;
        faultReason = null;
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

    /** Leaked blocks at destroy (the instance is idle or gone by then). */
    List<HeapStats.Block> liveBlocks() {
        return runtime.liveBlocks();
    }

    HeapStats heapStats() {
        return runtime.heapStats();
    }

    /** Gives the secure RAM back (idempotent; death handling and retirement may both get here). */
    synchronized void releaseMemory() {
        api.storage.release(); // its persistent handles and enumerators close, as with the context
        runtime.release();
    }

    @Override
    public String toString() {
        return manifest.name() + "#" + serial + " (" + uuid + (dead ? ", dead" : "") + ")";
    }
}
