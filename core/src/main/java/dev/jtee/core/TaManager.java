package dev.jtee.core;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.Identity;
import dev.jtee.ta.TaFlags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Instances and sessions, as OP-TEE's {@code tee_ta_manager.c}: lazy creation on the first open,
 * single- and multi-instance TAs, BUSY for a second session on a single-session TA, one entry at a
 * time per instance (callers queue in FIFO order, each keeping its secure thread), destroy on the
 * last close unless kept alive, and the fate of panicked instances. Thread-safe: structure changes
 * under {@link #lock}, entry points under each instance's gate.
 *
 * <p>Every operation writes its GP result and origin into the frame it is given.
 */
final class TaManager {
    private static final int TEE = Origin.TEE.value();
    private static final int TRUSTED_APP = Origin.TRUSTED_APP.value();

    final SecureWorld world;
    final Object lock = new Object();
    final SessionTable sessions = new SessionTable();
    /** {@code tee_ta_single_instance_thread}: one chain at a time inside any single-instance TA; null when disabled. */
    private final Gate singleInstanceLock;
    private final long maxSessionId;
    /** Live single-instance TAs by UUID (and dead ones kept by INSTANCE_KEEP_CRASHED). Guarded by lock. */
    private final Map<TeeUuid, Instance> single = new HashMap<>();
    /** Every instance not yet retired. Guarded by lock. */
    private final Set<Instance> instances = new LinkedHashSet<>();
    private int lastSessionId;
    private int serial;
    final AtomicLong panics = new AtomicLong();
    /** Metered stacks: the highest modelled stack of instances already gone, per TA. Guarded by lock. */
    private final Map<TeeUuid, Long> goneStackPeaks = new HashMap<>();

    /** The core's pseudo-TAs by UUID (fixed at construction). */
    private final Map<TeeUuid, PseudoTa> pseudoTas = new HashMap<>();

    TaManager(SecureWorld world, boolean singleInstanceLock, long maxSessionId) {
        this.world = world;
        for (PseudoTa p : List.of(new StatsPta(world), new TaInfoPta(world), new SystemPta(world))) {
            pseudoTas.put(p.uuid, p);
        }
        this.singleInstanceLock = singleInstanceLock ? new Gate(true) : null;
        this.maxSessionId = maxSessionId;
    }

    // ---- open

    /**
     * {@code tee_ta_open_session}: finds or creates the instance, runs create (first open) and the
     * open entry. {@code owner} is the calling instance for TA-to-TA, else null.
     */
    void open(CallFrame f, Identity client, Instance owner, Waiter w, Object chain, SecureThreads.SecureThread slot,
              long cancelDeadline) {
        PseudoTa pta = pseudoTas.get(f.uuid);
        if (pta != null) {
            openPseudo(f, pta, client, owner);
            return;
        }
        TaStore.Entry ta = world.store.get(f.uuid);
        if (ta == null) {
            // the same line as any failed open: the UUID nobody loaded is what a user needs to see
            world.console.line(Console.TC + "tee_ta_open_session: Failed for TA " + f.uuid + ". Return error 0x"
                    + Integer.toHexString(TeeResult.ITEM_NOT_FOUND.code()));
            fail(f, TeeResult.ITEM_NOT_FOUND);
            return;
        }
        TeeUuid uuid = ta.manifest.uuid();
        Instance inst = null;
        Session s;
        boolean creator = false;
        synchronized (lock) {
            if (ta.manifest.has(TaFlags.SINGLE_INSTANCE)) {
                for (;;) {
                    inst = single.get(uuid);
                    if (inst == null || !inst.initializing) {
                        break;
                    }
                    if (inst.gate.owner() == chain || holdsSingleInstanceLock(chain)) {
                        fail(f, TeeResult.BUSY); // waiting for our own chain's create would deadlock
                        return;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        fail(f, TeeResult.BUSY);
                        return;
                    }
                }
                if (inst != null && !inst.multiSession && inst.refCount > 0) {
                    fail(f, TeeResult.BUSY);
                    return;
                }
            }
            int id = nextSessionId();
            if (id == 0) {
                fail(f, TeeResult.OVERFLOW);
                return;
            }
            if (inst == null) {
                inst = new Instance(this, ta, ++serial);
                inst.initializing = true;
                if (inst.singleInstance) {
                    single.put(uuid, inst);
                }
                instances.add(inst);
                creator = true;
            }
            inst.refCount++;
            s = new Session(id, inst, client, owner);
            sessions.put(s);
        }
        if (creator && !inst.start()) {
            abandonCreate(inst, s);
            world.console.line(Console.TC + "Out of secure memory for TA " + uuid + " (" + ta.manifest.name()
                    + "): needs " + (Instance.CODE_SIZE + ta.manifest.dataSize() + ta.manifest.stackSize()
                    + Instance.FRAMEWORK_STACK) + " bytes, " + world.ram.available() + " of " + world.ram.budget()
                    + " free");
            fail(f, TeeResult.OUT_OF_MEMORY);
            return;
        }
        int g = enter(inst, w, chain, Long.MAX_VALUE);
        if (g != Gate.OK) {
            if (creator) {
                abandonCreate(inst, s);
                retire(inst, w, chain, false);
            } else if (dropSession(s, false)) {
                retire(inst, w, chain, false);
            }
            fail(f, g == Gate.SELF ? TeeResult.BUSY : TeeResult.CANCEL);
            return;
        }
        int result;
        int origin;
        boolean died = false;
        boolean mustGo = false;
        boolean destroyed = false;
        try {
            boolean created = true;
            if (creator) {
                inst.call(Instance.CREATE, s, null, chain, 0, cancelDeadline, slot);
                created = !inst.dead && inst.result == 0;
                synchronized (lock) {
                    inst.initializing = false;
                    if (!created && !(inst.dead && inst.keepCrashed) && single.get(uuid) == inst) {
                        single.remove(uuid);
                    }
                    lock.notifyAll();
                }
            }
            if (!created) {
                // a failed create is retried by the next open, on a fresh instance; no destroy entry
                died = inst.dead;
                result = inst.result;
                origin = inst.origin;
                mustGo = dropSession(s, !died);
            } else if (inst.dead) {
                result = inst.result;
                origin = inst.origin;
                mustGo = dropSession(s, false);
            } else {
                inst.call(Instance.OPEN, s, f, chain, f.cancelId, cancelDeadline, slot);
                if (inst.dead) {
                    died = true;
                    result = inst.result;
                    origin = inst.origin;
                    mustGo = dropSession(s, false);
                } else if (inst.result != 0) {
                    // the session goes without its close entry; destroy follows if it was the last one
                    result = inst.result;
                    origin = inst.origin;
                    mustGo = dropSession(s, false);
                    if (mustGo) {
                        inst.call(Instance.DESTROY, s, null, chain, 0, Long.MAX_VALUE, null);
                        died = inst.dead;
                        destroyed = !died;
                    }
                } else {
                    synchronized (lock) {
                        s.state = Session.OPEN;
                    }
                    f.session = s.id;
                    f.instance = inst.serial;
                    result = 0;
                    origin = TRUSTED_APP;
                }
            }
        } finally {
            leave(inst);
        }
        if (died) {
            afterDeath(inst, w, chain);
        }
        if (mustGo) {
            retire(inst, w, chain, destroyed);
        }
        if (result != 0) {
            world.console.line(Console.TC + "tee_ta_open_session: Failed for TA " + uuid + ". Return error 0x"
                    + Integer.toHexString(result));
        }
        f.result = result;
        f.origin = origin;
    }

    /** Undoes a creation that never ran an entry (no memory, or no way in). */
    private void abandonCreate(Instance inst, Session s) {
        synchronized (lock) {
            sessions.remove(s);
            s.state = Session.CLOSED;
            inst.refCount--;
            inst.initializing = false;
            inst.retiring = true;
            if (single.get(inst.uuid) == inst) {
                single.remove(inst.uuid);
            }
            instances.remove(inst);
            lock.notifyAll();
        }
        inst.stop();
        inst.releaseMemory();
    }

    // ---- invoke: the hot path, allocation-free

    /** {@code tee_ta_invoke_command}. */
    void invoke(CallFrame f, Instance owner, Waiter w, Object chain, SecureThreads.SecureThread slot, long cancelDeadline) {
        Session s = sessions.get(f.session);
        if (s == null || s.state != Session.OPEN || s.owner != owner) {
            fail(f, TeeResult.BAD_PARAMETERS);
            return;
        }
        if (s.pseudo != null) {
            f.result = s.pseudo.invoke(f, s.owner);
            f.origin = TRUSTED_APP;
            return;
        }
        Instance inst = s.instance;
        if (inst.dead) {
            inst.answer(f);
            return;
        }
        if (slot != null) {
            slot.begin(s, f.cancelId);
        }
        int g = enter(inst, w, chain, Long.MAX_VALUE);
        if (g != Gate.OK) {
            if (slot != null) {
                slot.end();
            }
            fail(f, g == Gate.SELF ? TeeResult.BUSY : TeeResult.CANCEL);
            return;
        }
        boolean died = false;
        try {
            if (s.state != Session.OPEN) {
                fail(f, TeeResult.BAD_PARAMETERS);
            } else if (inst.dead) {
                inst.answer(f);
            } else {
                inst.call(Instance.INVOKE, s, f, chain, f.cancelId, cancelDeadline, slot);
                died = inst.dead;
                inst.answer(f);
            }
        } finally {
            leave(inst);
            if (slot != null) {
                slot.end();
            }
        }
        if (died) {
            afterDeath(inst, w, chain);
        }
    }

    /**
     * The start of {@link #invoke} for a client call that nothing has to wait for: the session is
     * open, its instance alive and free now (no single-instance lock). The call is posted to the
     * instance thread, which completes it ({@link #completeAsync}); false (nothing done, the
     * secure thread still the caller's) when any of that does not hold, and the call must take
     * the waiting path.
     */
    boolean invokeAsync(CallFrame f, SecureThreads.SecureThread t, InvokeCompletion done) {
        Session s = sessions.get(f.session);
        if (s == null || s.state != Session.OPEN || s.owner != null || s.pseudo != null) {
            return false;
        }
        Instance inst = s.instance;
        if (inst.dead || !inst.runtime.posts() || inst.singleInstance && singleInstanceLock != null) {
            return false;
        }
        t.begin(s, f.cancelId);
        if (!inst.gate.tryAcquire(t)) {
            t.end();
            return false;
        }
        if (s.state != Session.OPEN || inst.dead) {
            leave(inst);
            t.end();
            return false;
        }
        inst.post(s, f, t, t, done);
        return true;
    }

    /**
     * The end of a posted invoke, on the instance thread once the entry returned: what
     * {@link #invoke} does after {@link Instance#call}, then the secure thread is freed and the
     * caller told. After a death the clean-up (which closes sessions the instance owned and may
     * wait) runs on a thread of its own, never on the dying instance thread.
     */
    void completeAsync(Instance inst, CallFrame f, int result, int origin, SecureThreads.SecureThread t, InvokeCompletion done) {
        if (inst.dead) {
            inst.answer(f);
            leave(inst);
            t.end();
            Thread.ofVirtual().name("jtee-death-" + inst.uuid).start(() -> {
                try {
                    afterDeath(inst, t.waiter, t);
                } catch (RuntimeException | Error e) {
                    world.console.line(Console.WARN + "clean-up after the death of " + inst + " failed: " + e);
                } finally {
                    world.threads.release(t);
                    tell(done, f);
                }
            });
            return;
        }
        f.result = result;
        f.origin = origin;
        leave(inst);
        t.end();
        world.threads.release(t);
        tell(done, f);
    }

    private void tell(InvokeCompletion done, CallFrame f) {
        try {
            done.invokeCompleted(f);
        } catch (RuntimeException | Error e) {
            world.console.line(Console.WARN + "an invoke completion failed: " + e);
        }
    }

    // ---- close

    /** {@code tee_ta_close_session}: the close entry unless the instance is dead, then destroy if last. */
    void close(CallFrame f, Instance owner, Waiter w, Object chain, long deadline) {
        Session s;
        synchronized (lock) {
            s = sessions.get(f.session);
            if (s == null || s.state != Session.OPEN || s.owner != owner) {
                fail(f, TeeResult.BAD_PARAMETERS);
                return;
            }
            if (s.pseudo != null) {
                s.state = Session.CLOSED;
                sessions.remove(s);
                f.result = TeeResult.SUCCESS.code();
                f.origin = TRUSTED_APP;
                return;
            }
            s.state = Session.CLOSING;
        }
        Instance inst = s.instance;
        boolean died = false;
        boolean mustGo;
        boolean destroyed = false;
        if (inst.dead) {
            mustGo = dropSession(s, false);
        } else {
            int g = enter(inst, w, chain, deadline);
            if (g == Gate.SELF) {
                synchronized (lock) {
                    s.state = Session.OPEN;
                }
                fail(f, TeeResult.BUSY);
                return;
            }
            if (g != Gate.OK) {
                // only at shutdown: the instance is stuck in an entry; drop the session without it
                world.console.line(Console.WARN + "Closing " + s + " without its close entry: the instance is busy");
                mustGo = dropSession(s, false);
            } else {
                try {
                    if (!inst.dead) {
                        inst.call(Instance.CLOSE, s, null, chain, 0, Long.MAX_VALUE, null, deadline);
                        died = inst.dead;
                    }
                    mustGo = dropSession(s, false);
                    if (mustGo && !inst.dead) {
                        inst.call(Instance.DESTROY, s, null, chain, 0, Long.MAX_VALUE, null, deadline);
                        died |= inst.dead;
                        destroyed = !inst.dead;
                    }
                } finally {
                    leave(inst);
                }
            }
        }
        if (died) {
            afterDeath(inst, w, chain);
        }
        if (mustGo) {
            retire(inst, w, chain, destroyed);
        }
        f.result = 0;
        f.origin = TEE;
    }

    /**
     * Drops a session from its instance; true when the instance has no session left and must go
     * (not kept alive, not kept crashed, or {@code force}).
     */
    private boolean dropSession(Session s, boolean force) {
        synchronized (lock) {
            if (s.state == Session.CLOSED) {
                return false;
            }
            sessions.remove(s);
            s.state = Session.CLOSED;
            Instance inst = s.instance;
            inst.refCount--;
            if (inst.refCount > 0 || inst.retiring) {
                return false;
            }
            boolean keep = !force && (inst.dead ? inst.keepCrashed : inst.keepAlive);
            if (keep) {
                return false;
            }
            inst.retiring = true;
            if (single.get(inst.uuid) == inst) {
                single.remove(inst.uuid);
            }
            return true;
        }
    }

    // ---- gates

    private boolean holdsSingleInstanceLock(Object chain) {
        return singleInstanceLock != null && singleInstanceLock.owner() == chain;
    }

    /**
     * {@code tee_ta_try_set_busy}: a single-instance TA first takes the world's single-instance lock
     * (re-entrant per chain); a chain holding that lock never waits for a busy instance (BUSY
     * instead, OP-TEE's deadlock avoidance); otherwise callers queue in FIFO order. Answers a
     * {@link Gate} code.
     */
    private int enter(Instance inst, Waiter w, Object chain, long deadline) {
        boolean global = inst.singleInstance && singleInstanceLock != null;
        if (global) {
            int g = singleInstanceLock.acquire(w, chain, deadline);
            if (g != Gate.OK) {
                return g;
            }
        }
        if (holdsSingleInstanceLock(chain)) {
            if (inst.gate.tryAcquire(chain)) {
                return Gate.OK;
            }
            if (global) {
                singleInstanceLock.release();
            }
            return Gate.SELF;
        }
        return inst.gate.acquire(w, chain, deadline);
    }

    private void leave(Instance inst) {
        inst.gate.release();
        if (inst.singleInstance && singleInstanceLock != null) {
            singleInstanceLock.release();
        }
    }

    // ---- death and retirement

    /**
     * Called on the dying instance's thread, while the caller still holds its gate: unless it is
     * kept crashed, the instance stops being the one new opens find (OP-TEE releases a panicked
     * context before clearing busy); then the console dump, the count, the listeners.
     */
    void panicked(Instance inst, Throwable failure, String reason) {
        int code = Instance.panicCodeOf(failure);
        long abortVa = failure instanceof DataAbort a ? a.address : -1;
        panicked(inst, code, abortVa, AbortDump.lines(inst, failure, reason, code));
    }

    /**
     * A native instance's host ended between calls: with the instance's gate held (no entry runs),
     * {@code death} reports it unless the instance is dead already; then the clean-up of a death
     * in a call (sessions it owned closed, memory freed).
     */
    void diedIdle(Instance inst, Runnable death) {
        Waiter w = new Waiter();
        Object chain = new Object();
        if (enter(inst, w, chain, Long.MAX_VALUE) != Gate.OK) {
            return;
        }
        boolean died = false;
        try {
            if (!inst.dead) {
                death.run();
                died = inst.dead;
            }
        } finally {
            leave(inst);
        }
        if (died) {
            afterDeath(inst, w, chain);
        }
    }

    /** As above, with the dump already made (a native TA's, from its host's report). */
    void panicked(Instance inst, int code, long abortVa, List<String> lines) {
        if (!inst.keepCrashed) {
            synchronized (lock) {
                if (single.get(inst.uuid) == inst) {
                    single.remove(inst.uuid);
                }
            }
        }
        panics.incrementAndGet();
        world.console.lines(lines);
        world.reportPanic(new PanicReport(inst.uuid, code, abortVa, lines));
    }

    /**
     * After an instance died in a call (once): unless it is kept crashed, new opens get a fresh
     * instance, its memory is freed and the TA sessions it had opened are closed. Its own sessions
     * stay until their clients close them, answering TARGET_DEAD meanwhile.
     */
    void afterDeath(Instance inst, Waiter w, Object chain) {
        synchronized (lock) {
            if (inst.deathHandled) {
                return;
            }
            inst.deathHandled = true;
            if (!inst.keepCrashed && single.get(inst.uuid) == inst) {
                single.remove(inst.uuid);
            }
        }
        inst.stop();
        if (!inst.keepCrashed) {
            closeOwnedSessions(inst, w, chain, Long.MAX_VALUE);
            observeRetired(inst);
            inst.releaseMemory();
        }
    }

    /** Keeps the instance's stack peak for {@link #stackPeaks()} and shows it to a profiler, before its memory goes. */
    private void observeRetired(Instance inst) {
        if (inst.stackMeter != null) {
            synchronized (lock) {
                goneStackPeaks.merge(inst.uuid, inst.stackMeter.peak(), Math::max);
            }
        }
        if (world.retireObserver != null) {
            try {
                world.retireObserver.accept(inst);
            } catch (RuntimeException e) {
                world.console.line(Console.WARN + "retire observer failed: " + e);
            }
        }
    }

    /** Per TA with metered stacks: the highest modelled stack of any of its instances, live or gone. */
    Map<TeeUuid, Long> stackPeaks() {
        synchronized (lock) {
            Map<TeeUuid, Long> peaks = new HashMap<>(goneStackPeaks);
            for (Instance i : instances) {
                if (i.stackMeter != null) {
                    peaks.merge(i.uuid, i.stackMeter.peak(), Math::max);
                }
            }
            return Map.copyOf(peaks);
        }
    }

    /** An instance with no session left goes: leak report after a normal destroy, its TA sessions closed, memory freed. */
    private void retire(Instance inst, Waiter w, Object chain, boolean destroyed) {
        if (destroyed) {
            reportLeaks(inst);
        }
        inst.stop();
        closeOwnedSessions(inst, w, chain, Long.MAX_VALUE);
        if (!inst.deathHandled || inst.keepCrashed) {
            observeRetired(inst); // a dead instance was observed when it died, unless it was kept
        }
        inst.releaseMemory();
        synchronized (lock) {
            instances.remove(inst);
            if (single.get(inst.uuid) == inst) {
                single.remove(inst.uuid);
            }
        }
    }

    private void reportLeaks(Instance inst) {
        List<HeapStats.Block> leaks = inst.liveBlocks();
        if (leaks.isEmpty()) {
            return;
        }
        long bytes = 0;
        for (HeapStats.Block b : leaks) {
            bytes += b.size();
        }
        List<String> lines = new ArrayList<>();
        lines.add(Console.WARN + "TA " + inst.uuid + " (" + inst.manifest.name() + ") destroyed with " + leaks.size()
                + " heap block(s) still allocated, " + bytes + " bytes:");
        int n = 0;
        for (HeapStats.Block b : leaks) {
            if (n++ == 16) {
                lines.add(Console.WARN + "  ... " + (leaks.size() - 16) + " more");
                break;
            }
            lines.add(Console.WARN + String.format("  0x%08x %d bytes", b.address(), b.size()));
        }
        world.console.lines(lines);
    }

    /** Closes the sessions {@code inst} opened on other TAs and left open. */
    private void closeOwnedSessions(Instance inst, Waiter w, Object chain, long deadline) {
        for (Session s : sessions.snapshot()) {
            if (s.owner == inst && s.state == Session.OPEN) {
                CallFrame f = new CallFrame();
                f.session = s.id;
                close(f, inst, w, chain, deadline);
            }
        }
    }

    /** A session on a pseudo-TA: no instance to create, no open entry to run. */
    private void openPseudo(CallFrame f, PseudoTa pta, Identity client, Instance owner) {
        int refused = pta.open(owner);
        if (refused != TeeResult.SUCCESS.code()) {
            f.result = refused;
            f.origin = TRUSTED_APP;
            return;
        }
        synchronized (lock) {
            int id = nextSessionId();
            if (id == 0) {
                fail(f, TeeResult.OVERFLOW);
                return;
            }
            sessions.put(new Session(id, pta, client, owner));
            f.session = id;
        }
        f.result = TeeResult.SUCCESS.code();
        f.origin = TRUSTED_APP;
        f.instance = 0;
    }

    // ---- cancellation, ids, queries

    /** Cancels the call {@code cancelId} on {@code sessionId}: dequeued if it waits, flagged if it runs. */
    /** Asks every call running or waiting on the session to cancel, whatever its cancel id (its client is gone). */
    void cancelSession(int sessionId, SecureThreads threads) {
        Session s = sessions.get(sessionId);
        if (s == null || s.owner != null) {
            return;
        }
        for (int i = 0; i < threads.size(); i++) {
            SecureThreads.SecureThread t = threads.get(i);
            if (t.callSession == s) {
                t.cancelRequested = true;
                Gate g = t.waiter.queuedOn;
                if (g != null) {
                    g.cancel(t.waiter);
                }
                s.instance.cancelRunning(s, t.callCancelId);
            }
        }
    }

    void requestCancellation(int sessionId, int cancelId, SecureThreads threads) {
        if (cancelId == 0) {
            return;
        }
        Session s = sessions.get(sessionId);
        if (s == null || s.owner != null || s.pseudo != null) {
            return;
        }
        for (int i = 0; i < threads.size(); i++) {
            SecureThreads.SecureThread t = threads.get(i);
            if (t.callSession == s && t.callCancelId == cancelId) {
                t.cancelRequested = true;
                Gate g = t.waiter.queuedOn;
                if (g != null) {
                    g.cancel(t.waiter);
                }
                s.instance.cancelRunning(s, cancelId);
            }
        }
    }

    /** Incremental from 1, never 0, skipping ids in use; 0 when every id is taken (OVERFLOW). Under lock. */
    private int nextSessionId() {
        long id = Integer.toUnsignedLong(lastSessionId);
        for (long tries = 0; tries < maxSessionId; tries++) {
            id++;
            if (id > maxSessionId) {
                id = 1;
            }
            if (sessions.get((int) id) == null) {
                lastSessionId = (int) id;
                return (int) id;
            }
        }
        return 0;
    }

    List<Instance> instances() {
        synchronized (lock) {
            return List.copyOf(instances);
        }
    }

    // ---- shutdown

    /** The world is closing: every entry's cancellation is requested, those that begin later included. */
    volatile boolean closing;

    /** Cancels every entry running now (world shutdown), so that unmasked waits end. */
    void cancelAll() {
        closing = true; // an entry that begins after this sees it too (its instance's flag is reset at entry)
        for (Instance inst : instances()) {
            inst.cancelAny();
        }
    }

    /** Closes every client session (close entries run), then destroys what is left. */
    void shutdown(long deadline) {
        Waiter w = new Waiter();
        Object chain = new Object();
        for (Session s : sessions.snapshot()) {
            if (s.owner == null && s.state == Session.OPEN) {
                CallFrame f = new CallFrame();
                f.session = s.id;
                close(f, null, w, chain, deadline);
            }
        }
        for (Instance inst : instances()) {
            boolean destroyed = false;
            synchronized (lock) {
                if (inst.retiring) {
                    continue;
                }
                inst.retiring = true;
            }
            if (!inst.dead && inst.heapStats() != null) {
                if (enter(inst, w, chain, deadline) == Gate.OK) {
                    try {
                        inst.call(Instance.DESTROY, null, null, chain, 0, Long.MAX_VALUE, null, deadline);
                        destroyed = !inst.dead;
                    } finally {
                        leave(inst);
                    }
                }
            }
            retire(inst, w, chain, destroyed);
        }
    }

    private static void fail(CallFrame f, TeeResult r) {
        f.result = r.code();
        f.origin = TEE;
    }
}
