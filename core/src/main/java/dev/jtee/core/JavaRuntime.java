package dev.jtee.core;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TrustedApplication;
import dev.jtee.ta.spi.InternalApi;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The runtime of a Java TA instance: the TA object, and the platform thread its code runs on, with
 * a stack of the TA's declared size. Entry points reach that thread through one preallocated
 * request slot: the caller (holding the instance's gate, so one entry at a time) fills the slot,
 * publishes it, spins briefly and then parks until the instance thread has run the entry. An
 * invoke may instead be {@link #post}ed: the caller returns at once and the instance thread
 * completes the call itself (gate, secure thread, the caller's {@link InvokeCompletion}). Nothing
 * is allocated per call.
 *
 * <p>Where the stack model allows ({@link Instance#runsOnCaller}), a caller runs the entry on its
 * own thread instead, under the same gate: no hand-off and no wake-up per call, so callers on
 * different instances run in parallel and a caller never waits for a thread that waits for a core.
 * The entry sees the same instance, API, class loader, cancellation and death handling as on the
 * instance thread; the stack limit is then the caller thread's, as it is the instance thread's JVM
 * stack in a world without strict stacks.
 *
 * <p>A panic, an abort, a stack overflow or any throwable out of TA code kills the instance: the
 * thread writes the dump, the instance {@linkplain Instance#die dies}, and the thread exits.
 */
final class JavaRuntime implements TaRuntime {
    /**
     * Metered worlds: JVM thread stack per byte of modelled stack. An interpreted frame with the
     * meter's calls is a few times its modelled size; 16 keeps the JVM from overflowing first.
     */
    static final long JVM_BYTES_PER_MODEL_BYTE = 16;
    /** The JVM stack of an unmetered instance thread whose TA declares less (a JVM's default). */
    static final long DEFAULT_THREAD_STACK = 1L << 20;

    // Waiting for the other side: a couple of µs of pure spinning covers a short entry (caller) or
    // the gap between back-to-back calls (instance thread); then yielding, which costs little when
    // a core is free and hands the core over when callers outnumber cores; then parking. The
    // instance thread spins and yields only while its entries come that close (see awaitRequest).
    private static final long SPIN_NANOS = 2_000;
    private static final long CALLER_YIELD_NANOS = 20_000;
    private static final long IDLE_YIELD_NANOS = 50_000;

    private static final int IDLE = 0;
    private static final int POSTED = 1;
    private static final int DONE = 2;
    /** An entry runs on its caller's thread ({@link #runner}). */
    private static final int ON_CALLER = 3;

    private final Instance inst;
    private final TaStore.Entry ta;
    private volatile InstanceThread thread;
    private TrustedApplication app;

    // ---- the request slot; the entry's fields live on the instance, written before POSTED, results before DONE
    private volatile int state;
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

    JavaRuntime(Instance inst) {
        this.inst = inst;
        this.ta = inst.ta;
    }

    @Override
    public boolean start() {
        TaManifest manifest = inst.manifest;
        long stack = manifest.stackSize() + Instance.FRAMEWORK_STACK;
        // Unmetered, the TA's limit is its thread's JVM stack, as on a caller's thread: an ordinary
        // one (a JVM's default), not the few KiB it declares; the JDK's own first-use class
        // initialisers (crypto providers, ICU) would overflow that, and a failed initialiser leaves
        // its class unusable for every TA of the JVM.
        long threadStack = Math.max(stack, DEFAULT_THREAD_STACK);
        StackMeter meter = inst.stackMeter;
        if (meter != null) {
            // the model enforces the limit; the JVM stack under it only has to be deep enough never to overflow first
            stack = Math.min(meter.limit, TaStore.MAX_STACK_SIZE) + Instance.FRAMEWORK_STACK;
            threadStack = Math.max(1L << 20, stack * JVM_BYTES_PER_MODEL_BYTE);
        }
        SecureWorld world = inst.manager.world;
        TaMemory m = TaMemory.reserve(world.ram, Instance.CODE_SIZE, world.dataSize(manifest), stack);
        if (m == null) {
            return false;
        }
        inst.memory = m;
        InstanceThread t = new InstanceThread(this, "jtee-ta-" + manifest.name() + "-" + inst.serial, threadStack);
        t.setDaemon(true);
        t.setContextClassLoader(ta.loader);
        try {
            t.start();
        } catch (OutOfMemoryError | IllegalStateException e) {
            m.release();
            inst.memory = null;
            return false;
        }
        thread = t;
        return true;
    }

    // ---- caller side

    @Override
    public void call(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline,
                     SecureThreads.SecureThread slot, long waitDeadline) {
        // an instance thread's own TA-to-TA calls keep to the callee's thread: its Carrier API is its instance's
        if (inst.runsOnCaller && waitDeadline == Long.MAX_VALUE && !(Thread.currentThread() instanceof InstanceThread)
                && runHere(kind, session, frame, chain, cancelId, cancelDeadline, slot)) {
            return;
        }
        inst.beginEntry(kind, session, frame, chain, cancelId, cancelDeadline);
        this.caller = Thread.currentThread();
        this.callerParked = false;
        if (slot != null && slot.cancelRequested) {
            inst.cancelRequested = true;
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
                        inst.die();
                        inst.manager.world.console.line(Console.WARN + "Abandoning TA " + inst.uuid
                                + ": an entry point did not return in time");
                        return;
                    }
                }
                callerParked = false;
            }
        }
        inst.endEntry();
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
        inst.beginEntry(kind, session, frame, chain, cancelId, cancelDeadline);
        runner = me;
        state = ON_CALLER;
        if (slot != null && slot.cancelRequested) {
            inst.cancelRequested = true; // asked before cancelRunning could see this entry
        }
        boolean interrupted = Thread.interrupted();
        InternalApi outer = InternalApi.CallerThread.bind(inst.api);
        try {
            execute();
        } finally {
            InternalApi.CallerThread.unbind(outer);
            if (loader != ta.loader) {
                me.setContextClassLoader(loader);
            }
            inst.endEntry();
            state = DONE;
            runner = null;
            if (interrupted) {
                me.interrupt();
            }
        }
        return true;
    }

    @Override
    public boolean posts() {
        return true;
    }

    @Override
    public void post(Session session, CallFrame frame, Object chain, SecureThreads.SecureThread slot, InvokeCompletion done) {
        inst.beginEntry(Instance.INVOKE, session, frame, chain, frame.cancelId, Long.MAX_VALUE);
        inst.cancelRequested = slot.cancelRequested;
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

    @Override
    public void cancelRunning(Session s, int cancelId) {
        int st = state;
        if ((st == POSTED || st == ON_CALLER) && inst.runsFor(s, cancelId)) {
            inst.cancelRequested = true;
            wakeRunner(st);
        }
    }

    @Override
    public void cancelAny() {
        int st = state;
        if (st == POSTED || st == ON_CALLER) {
            inst.cancelRequested = true;
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

    @Override
    public void stop() {
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
            inst.die();
            inst.manager.world.console.line(Console.TC + "jtee: instance thread of " + inst.uuid + " failed: " + t);
        } finally {
            if (state == POSTED) {
                inst.die();
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
            CallFrame f = inst.frame;
            SecureThreads.SecureThread slot = asyncSlot;
            async = null;
            asyncSlot = null;
            inst.endEntry();
            int r = inst.result;
            int o = inst.origin;
            state = DONE; // before the gate opens: the next caller posts on a finished slot
            inst.manager.completeAsync(inst, f, r, o, slot, done);
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
        inst.cancelMasked = true;
        inst.clearFault();
        Throwable failure = null;
        StackMeter meter = inst.stackMeter;
        int kind = inst.kind;
        if (meter != null) {
            meter.beginEntry();
        }
        try {
            runEntry(kind);
        } catch (Throwable t) {
            failure = t;
        }
        if (meter != null && meter.entryPeak() > inst.entryStackPeak[kind]) {
            inst.entryStackPeak[kind] = meter.entryPeak();
            inst.entryStackFrames[kind] = meter.entryPeakDepth();
        }
        if (failure == null) {
            failure = inst.fault(); // caught and swallowed by TA code: still fatal
        }
        if (failure != null) {
            inst.die();
            try {
                inst.manager.panicked(inst, failure, inst.faultReason());
            } catch (Throwable t) {
                inst.manager.world.console.line(Console.TC + "jtee: dump of " + inst.uuid + " failed: " + t);
            }
        }
        inst.params.unbind();
        if (failure != null) {
            app = null;
            return false;
        }
        return true;
    }

    private void runEntry(int kind) {
        ParamsView params = inst.params;
        switch (kind) {
            case Instance.CREATE -> {
                params.clear();
                TrustedApplication a = ta.newApplication();
                TaManifest m = a.manifest();
                TaManifest manifest = inst.manifest;
                if (m == null || !m.uuid().equals(inst.uuid) || m.flags() != manifest.flags()
                        || m.stackSize() != manifest.stackSize() || m.dataSize() != manifest.dataSize()) {
                    throw new IllegalStateException("manifest() of this object differs from the loaded TA's: " + m);
                }
                app = a;
                answer(a.create());
            }
            case Instance.OPEN, Instance.INVOKE -> {
                CallFrame frame = inst.frame;
                int bad = params.bind(frame);
                if (bad != 0) {
                    inst.result = bad;
                    inst.origin = Origin.TEE.value();
                    return;
                }
                TeeResult r = kind == Instance.OPEN ? app.openSession(params, inst.session)
                        : app.invokeCommand(inst.session, frame.command, params);
                if (inst.fault() == null) {
                    params.writeBack(frame);
                    answer(r);
                }
            }
            case Instance.CLOSE -> {
                params.clear();
                app.closeSession(inst.session);
                inst.result = 0;
                inst.origin = Origin.TEE.value();
            }
            case Instance.DESTROY -> {
                params.clear();
                app.destroy();
                inst.result = 0;
                inst.origin = Origin.TEE.value();
            }
            default -> throw new IllegalStateException("unknown entry " + kind);
        }
    }

    private void answer(TeeResult r) {
        if (r == null) {
            throw new IllegalStateException("the entry point returned null instead of a TeeResult");
        }
        inst.result = r.code();
        inst.origin = Origin.TRUSTED_APP.value();
    }

    // ---- memory

    @Override
    public HeapStats heapStats() {
        TaMemory m = inst.memory;
        return m == null ? null : m.heap().stats();
    }

    @Override
    public List<HeapStats.Block> liveBlocks() {
        TaMemory m = inst.memory;
        return m == null ? List.of() : m.heap().liveBlocks();
    }

    @Override
    public void release() {
        TaMemory m = inst.memory;
        if (m != null) {
            m.release();
        }
    }

    /** The thread of one instance: its stack is the TA's, and it carries the Internal API for {@link dev.jtee.ta.TeeApi}. */
    static final class InstanceThread extends Thread implements InternalApi.Carrier {
        private final JavaRuntime runtime;

        InstanceThread(JavaRuntime runtime, String name, long stackSize) {
            super(null, null, name, stackSize);
            this.runtime = runtime;
        }

        @Override
        public void run() {
            runtime.serve();
        }

        @Override
        public InternalApi internalApi() {
            return runtime.inst.api;
        }

        StackMeter stackMeter() {
            return runtime.inst.stackMeter;
        }
    }
}
