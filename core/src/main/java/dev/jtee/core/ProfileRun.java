package dev.jtee.core;

import dev.jtee.api.Login;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.core.profile.EntryProfile;
import dev.jtee.core.profile.Param;
import dev.jtee.core.profile.Workload;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TrustedApplication;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a workload on a fresh world holding only the TA, its classes loaded again and
 * instrumented (fresh static state, every run alike), with a given modelled stack limit and heap
 * size. Records every call's result and origin, and, when asked, per-call stack and heap
 * numbers and what each instance left at its end. Used by {@link TaProfiler}, one thread.
 */
final class ProfileRun {
    /** A call's outcome as compared between runs: result and origin. */
    record Outcome(int result, int origin) {
    }

    /** Per kind of call, accumulated. */
    static final class Entry {
        final String name;
        final int command;
        long calls;
        long stackPeak;
        int stackFrames;
        long allocations;
        long frees;
        long minAllocations = Long.MAX_VALUE;
        long minFrees = Long.MAX_VALUE;
        long transientPeak;

        Entry(String name, int command) {
            this.name = name;
            this.command = command;
        }

        void stack(long peak, int frames) {
            if (peak > stackPeak) {
                stackPeak = peak;
                stackFrames = frames;
            }
        }

        EntryProfile profile() {
            return new EntryProfile(name, command, calls, stackPeak, stackFrames, allocations, frees,
                    calls == 0 ? 0 : minAllocations, calls == 0 ? 0 : minFrees, transientPeak);
        }
    }

    private final Class<? extends TrustedApplication> type;
    /** A native TA instead of {@link #type}: run once by its TA host with its declared sizes. */
    private final NativeTaFile nativeTa;
    private final java.nio.file.Path nativeHome;
    private final Workload workload;
    private final long stackLimit;
    private final int dataSize;
    /** Stop at the first call whose outcome differs from these (a probe); null: run everything (the reference). */
    private final List<Outcome> expected;

    final List<Outcome> outcomes = new ArrayList<>();
    final List<String> labels = new ArrayList<>();
    final List<String> deaths = new ArrayList<>();
    final List<String> console = new ArrayList<>();
    /** Whether an instance died of a stack overflow (modelled or real). */
    boolean overflowed;
    /** Null when every call matched {@link #expected}; else the first call that did not. */
    String divergence;

    // measurements (reference run)
    final Map<String, Entry> entries = new LinkedHashMap<>();
    long stackPeak;
    int stackPeakFrames;
    List<String> stackPeakChain = List.of();
    long highWater;
    long peakUsed;
    int peakLive;
    long allocations;
    long frees;
    long failedAllocations;
    /** The heap after the last invoke that left its instance alive. */
    HeapStats end;
    final List<HeapStats.Block> leaks = new ArrayList<>();

    private final List<PanicReport> panics = new ArrayList<>();

    ProfileRun(Class<? extends TrustedApplication> type, Workload workload, long stackLimit, int dataSize,
               List<Outcome> expected) {
        this.type = type;
        this.nativeTa = null;
        this.nativeHome = null;
        this.workload = workload;
        this.stackLimit = stackLimit;
        this.dataSize = dataSize;
        this.expected = expected;
    }

    /** A run of a native TA: its host measures the stack (painted) and the heap at their declared sizes. */
    ProfileRun(NativeTaFile ta, java.nio.file.Path home, Workload workload) {
        this.type = null;
        this.nativeTa = ta;
        this.nativeHome = home;
        this.workload = workload;
        this.stackLimit = ta.manifest().stackSize();
        this.dataSize = ta.manifest().dataSize();
        this.expected = null;
    }

    /** Whether every call gave the expected outcome. */
    boolean matches() {
        return divergence == null;
    }

    ProfileRun run() {
        if (nativeTa != null) {
            SecureWorld.Builder b = SecureWorld.builder().classpathTas(false).threads(1)
                    .console(line -> {
                        synchronized (console) {
                            console.add(line);
                        }
                    })
                    .retireObserver(this::retired)
                    .nativeTa(nativeTa);
            if (nativeHome != null) {
                b.nativeHome(nativeHome);
            }
            return runIn(b.build());
        }
        long stackBytes = Math.min(stackLimit, TaStore.MAX_STACK_SIZE) + Instance.FRAMEWORK_STACK;
        long ram = Instance.CODE_SIZE + dataSize + stackBytes + (64L << 10);
        SecureWorld world = SecureWorld.builder()
                .classpathTas(false)
                .threads(1)
                .secureRam(Math.max(16L << 20, (ram + 0xFFFFF) & -0x100000L))
                .console(line -> {
                    synchronized (console) {
                        console.add(line);
                    }
                })
                .stackLimit(stackLimit)
                .dataSize(dataSize)
                .retireObserver(this::retired)
                .ta(StackInstrumenter.factory(type))
                .build();
        return runIn(world);
    }

    private ProfileRun runIn(SecureWorld world) {
        try {
            world.onPanic(p -> {
                synchronized (panics) {
                    panics.add(p);
                }
            });
            TaManifest m = world.tas().getFirst();
            steps(world, m.uuid());
        } finally {
            world.close();
        }
        return this;
    }

    private void steps(SecureWorld world, TeeUuid uuid) {
        Deque<Integer> sessions = new ArrayDeque<>();
        Map<Integer, Integer> instanceOf = new HashMap<>();
        CallFrame f = new CallFrame();
        int call = 0;
        outer:
        for (int it = 0; it < workload.iterations(); it++) {
            for (Workload.Step step : workload.steps()) {
                switch (step) {
                    case Workload.Open o -> {
                        if (!open(world, uuid, f, o.params(), sessions, instanceOf, call++)) {
                            break outer;
                        }
                    }
                    case Workload.Invoke inv -> {
                        if (sessions.isEmpty() && !open(world, uuid, f, List.of(), sessions, instanceOf, call++)) {
                            break outer;
                        }
                        for (int r = 0; r < inv.repeat(); r++) {
                            if (!invoke(world, f, inv, sessions.peek(), instanceOf, call++)) {
                                break outer;
                            }
                        }
                    }
                    case Workload.Close c -> {
                        if (!sessions.isEmpty() && !close(world, f, sessions.pop(), instanceOf, call++)) {
                            break outer;
                        }
                    }
                }
            }
        }
        while (!sessions.isEmpty()) {
            close(world, f, sessions.pop(), instanceOf, -1);
        }
    }

    private boolean open(SecureWorld world, TeeUuid uuid, CallFrame f, List<Param> params, Deque<Integer> sessions,
                         Map<Integer, Integer> instanceOf, int call) {
        f.clear();
        f.uuid = uuid;
        f.login = Login.PUBLIC.value();
        f.clientUuid = TeeUuid.NIL;
        fill(f, params);
        Instance before = singleInstance(world, uuid);
        Counters c = Counters.before(before);
        world.openSession(f);
        Instance inst = f.result == 0 ? find(world, f.instance) : before;
        c.after(inst);
        account(entry("open", -1), c, inst, -1);
        if (f.result == 0) {
            sessions.push(f.session);
            instanceOf.put(f.session, f.instance);
        }
        return record(call, "open", f);
    }

    private boolean invoke(SecureWorld world, CallFrame f, Workload.Invoke inv, int session, Map<Integer, Integer> instanceOf,
                           int call) {
        f.clear();
        f.session = session;
        f.command = inv.command();
        fill(f, inv.params());
        Instance inst = find(world, instanceOf.getOrDefault(session, -1));
        Counters c = Counters.before(inst);
        world.invokeCommand(f);
        c.after(inst);
        account(entry("invoke " + Integer.toUnsignedString(inv.command()), inv.command()), c, inst, Instance.INVOKE);
        if (inst != null && !inst.dead && c.heap != null) {
            end = c.heap.stats(); // the heap at the end: after the last invoke, before sessions close
        } else if (inst != null && !inst.dead && inst.runtime instanceof NativeRuntime) {
            end = inst.heapStats();
        }
        return record(call, "invoke " + Integer.toUnsignedString(inv.command()), f);
    }

    private boolean close(SecureWorld world, CallFrame f, int session, Map<Integer, Integer> instanceOf, int call) {
        f.clear();
        f.session = session;
        Instance inst = find(world, instanceOf.getOrDefault(session, -1));
        Counters c = Counters.before(inst);
        world.closeSession(f);
        c.after(inst);
        account(entry("close", -1), c, inst, -1);
        return call < 0 || record(call, "close", f);
    }

    /** Heap counters around one call; all zero without an instance. */
    private static final class Counters {
        TaHeap heap;
        long allocations;
        long frees;
        long usedBefore;
        long da;
        long df;
        long rise;

        static Counters before(Instance inst) {
            Counters c = new Counters();
            if (inst != null && inst.memory != null) {
                c.heap = inst.memory.heap();
                HeapStats s = c.heap.stats();
                c.allocations = s.allocations();
                c.frees = s.frees();
                c.usedBefore = c.heap.markWindow();
            } else if (inst != null && inst.runtime instanceof NativeRuntime) {
                c.nativeBefore = inst.heapStats();
            }
            return c;
        }

        /** A native instance's heap as its host last reported it (before the call), or null. */
        HeapStats nativeBefore;

        void after(Instance inst) {
            if (heap == null && inst != null && inst.runtime instanceof NativeRuntime) {
                // the host's counts after the call; a new instance's are all this call's
                HeapStats s = inst.heapStats();
                HeapStats b = nativeBefore;
                da = s.allocations() - (b == null ? 0 : b.allocations());
                df = s.frees() - (b == null ? 0 : b.frees());
                rise = Math.max(0, s.used() - (b == null ? 0 : b.used()));
                return;
            }
            if (heap == null && inst != null && inst.memory != null) {
                heap = inst.memory.heap(); // a new instance: everything it holds came from this call
                usedBefore = 0;
                HeapStats s = heap.stats();
                da = s.allocations();
                df = s.frees();
                rise = s.peakUsed();
                return;
            }
            if (heap != null) {
                HeapStats s = heap.stats();
                da = s.allocations() - allocations;
                df = s.frees() - frees;
                rise = Math.max(0, heap.windowPeak() - usedBefore);
            }
        }
    }

    private void account(Entry e, Counters c, Instance inst, int kind) {
        e.calls++;
        e.allocations += c.da;
        e.frees += c.df;
        e.minAllocations = Math.min(e.minAllocations, c.da);
        e.minFrees = Math.min(e.minFrees, c.df);
        e.transientPeak = Math.max(e.transientPeak, c.rise);
        if (kind == Instance.INVOKE && inst != null && inst.stackMeter != null) {
            e.stack(inst.stackMeter.entryPeak(), inst.stackMeter.entryPeakDepth());
        } else if (kind == Instance.INVOKE && inst != null && inst.runtime instanceof NativeRuntime rt) {
            e.stack(rt.lastEntryStack, 0);
        }
    }

    private Entry entry(String name, int command) {
        return entries.computeIfAbsent(name, n -> new Entry(n, command));
    }

    /** Records the call's outcome; false when a probe diverged (the run stops there). */
    private boolean record(int call, String label, CallFrame f) {
        Outcome o = new Outcome(f.result, f.origin);
        outcomes.add(o);
        labels.add(label);
        String what = TeeResult.of(f.result).name();
        if (f.result == TeeResult.TARGET_DEAD.code()) {
            synchronized (panics) {
                if (!panics.isEmpty()) {
                    int code = panics.getLast().code();
                    what += String.format(" (panic code 0x%08x)", code);
                    overflowed |= code == TeeResult.OVERFLOW.code();
                }
                panics.clear();
            }
            deaths.add("call " + (call + 1) + " (" + label + "): " + what);
        }
        if (expected != null && divergence == null) {
            Outcome want = call < expected.size() ? expected.get(call) : null;
            if (!o.equals(want)) {
                divergence = "call " + (call + 1) + " (" + label + ") gave " + what
                        + (want == null ? "" : " instead of " + TeeResult.of(want.result()).name());
                return false;
            }
        }
        return true;
    }

    /** An instance retires or dies: its stack and heap numbers, and its leaks if it was destroyed normally. */
    private void retired(Instance inst) {
        if (inst.runtime instanceof NativeRuntime rt) {
            retiredNative(inst, rt);
            return;
        }
        synchronized (this) {
            StackMeter m = inst.stackMeter;
            if (m != null && m.peak() > stackPeak) {
                stackPeak = m.peak();
                stackPeakFrames = m.peakDepth();
                stackPeakChain = fold(m.peakChain());
            }
            if (m != null) {
                for (int kind = Instance.CREATE; kind <= Instance.DESTROY; kind++) {
                    String name = switch (kind) {
                        case Instance.CREATE -> "create";
                        case Instance.OPEN -> "open";
                        case Instance.CLOSE -> "close";
                        case Instance.DESTROY -> "destroy";
                        default -> null;
                    };
                    boolean once = kind == Instance.CREATE || kind == Instance.DESTROY && !inst.dead;
                    if (name != null && (inst.entryStackPeak[kind] > 0 || once)) {
                        Entry e = entry(name, -1);
                        if (once) {
                            e.calls++; // the world runs these once per instance
                        }
                        e.stack(inst.entryStackPeak[kind], inst.entryStackFrames[kind]);
                    }
                }
            }
            TaMemory mem = inst.memory;
            if (mem != null) {
                TaHeap h = mem.heap();
                HeapStats s = h.stats();
                highWater = Math.max(highWater, h.highWater());
                peakUsed = Math.max(peakUsed, s.peakUsed());
                peakLive = Math.max(peakLive, s.peakLiveBlocks());
                allocations += s.allocations();
                frees += s.frees();
                failedAllocations += s.failures();
                if (!inst.dead) {
                    leaks.addAll(h.liveBlocks());
                }
            }
        }
    }

    /**
     * A native instance goes: the stack its host painted, its heap's peaks and failures; its
     * leaks as the host counts them (blocks and bytes, not each block's size: each is given the
     * average size).
     */
    private synchronized void retiredNative(Instance inst, NativeRuntime rt) {
        stackPeak = Math.max(stackPeak, rt.stackPeak);
        for (int kind = Instance.CREATE; kind <= Instance.DESTROY; kind++) {
            if (inst.entryStackPeak[kind] > 0) {
                String name = switch (kind) {
                    case Instance.CREATE -> "create";
                    case Instance.OPEN -> "open";
                    case Instance.INVOKE -> null; // per command below
                    case Instance.CLOSE -> "close";
                    default -> "destroy";
                };
                if (name != null) {
                    entry(name, -1).stack(inst.entryStackPeak[kind], 0);
                }
            }
        }
        HeapStats s = inst.heapStats();
        if (s != null) {
            peakUsed = Math.max(peakUsed, s.peakUsed());
            highWater = Math.max(highWater, s.peakUsed());
            peakLive = Math.max(peakLive, s.peakLiveBlocks());
            allocations += s.allocations();
            frees += s.frees();
            failedAllocations += s.failures();
            if (!inst.dead && s.liveBlocks() > 0) {
                long each = s.used() / s.liveBlocks();
                for (int i = 0; i < s.liveBlocks(); i++) {
                    leaks.add(new HeapStats.Block(0, i == 0 ? s.used() - each * (s.liveBlocks() - 1) : each));
                }
            }
        }
    }

    /** {@code a, b, c, c, c} → {@code a, b, c ×3}. */
    static List<String> fold(List<String> chain) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < chain.size()) {
            int j = i;
            while (j < chain.size() && chain.get(j).equals(chain.get(i))) {
                j++;
            }
            out.add(j - i > 1 ? chain.get(i) + " ×" + (j - i) : chain.get(i));
            i = j;
        }
        return out;
    }

    private static Instance find(SecureWorld world, int serial) {
        for (Instance i : world.manager.instances()) {
            if (i.serial == serial) {
                return i;
            }
        }
        return null;
    }

    private static Instance singleInstance(SecureWorld world, TeeUuid uuid) {
        for (Instance i : world.manager.instances()) {
            if (i.uuid.equals(uuid) && i.singleInstance && !i.dead && !i.retiring) {
                return i;
            }
        }
        return null;
    }

    private static void fill(CallFrame f, List<Param> params) {
        int types = 0;
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            types |= p.type() << (4 * i);
            switch (p) {
                case Param.None n -> { }
                case Param.ValueIn v -> {
                    f.valueA[i] = v.a();
                    f.valueB[i] = v.b();
                }
                case Param.ValueOut v -> { }
                case Param.ValueInOut v -> {
                    f.valueA[i] = v.a();
                    f.valueB[i] = v.b();
                }
                case Param.MemrefIn m -> {
                    f.buffer[i] = m.data().clone();
                    f.size[i] = m.data().length;
                }
                case Param.MemrefOut m -> {
                    f.buffer[i] = new byte[m.size()];
                    f.size[i] = m.size();
                }
                case Param.MemrefInOut m -> {
                    f.buffer[i] = m.data().clone();
                    f.size[i] = m.data().length;
                }
            }
        }
        f.paramTypes = types;
    }
}
