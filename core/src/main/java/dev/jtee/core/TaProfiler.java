package dev.jtee.core;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.core.profile.EntryProfile;
import dev.jtee.core.profile.HeapProfile;
import dev.jtee.core.profile.StackProfile;
import dev.jtee.core.profile.TaProfile;
import dev.jtee.core.profile.Workload;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TrustedApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Measures how much stack and heap a TA needs for a workload, from runs on fresh instances, not
 * from guesses. Each run builds a world holding only the TA, with its classes loaded again and
 * instrumented ({@link StackMeter}'s frame model), so every run starts from the same state and
 * gives the same numbers.
 *
 * <ol>
 *   <li>A reference run with a large stack ({@link #maxStack}) and an enlarged heap records every
 *       call's result and origin, the stack and heap peaks, the calls per entry and the leaks.</li>
 *   <li>Stack: bisection over the modelled stack limit between 0 and the reference peak, each
 *       probe a fresh instance running the whole workload; a probe passes when every call gives
 *       the reference result and origin. The answer is the smallest limit that passes.</li>
 *   <li>Heap: a run on a heap of the reference's first-fit high-water mark confirms it (or, if
 *       the TA behaves differently there, a bisection up to the reference size finds the size).</li>
 *   <li>A run with the TA's declared sizes says whether they hold the workload.</li>
 * </ol>
 *
 * <pre>{@code
 * TaProfile p = TaProfiler.of(SeedTa::new)
 *         .workload(Workload.builder().open(Param.valueIn(1)).invoke(1, 10, Param.valueIn(16)).build())
 *         .profile();
 * System.out.print(p.report());
 * p.assertDeclaredSizesSuffice();
 * }</pre>
 *
 * Not thread-safe; a profile takes a few dozen workload runs, each in its own world.
 */
public final class TaProfiler {
    /** Default ceiling of the stack probe: 1 MiB of modelled stack. */
    public static final long DEFAULT_MAX_STACK = 1L << 20;
    /** Default safety margin of the recommendations. */
    public static final double DEFAULT_MARGIN = 0.25;

    private final Class<? extends TrustedApplication> type;
    /** A native TA (then {@link #type} is null), and where its TA host is. */
    private final NativeTaFile nativeTa;
    private final java.nio.file.Path nativeHome;
    private final TaManifest manifest;
    private Workload workload;
    private double margin = DEFAULT_MARGIN;
    private long maxStack = DEFAULT_MAX_STACK;
    private int runs;

    private TaProfiler(Class<? extends TrustedApplication> type, TaManifest manifest) {
        this.type = type;
        this.manifest = manifest;
        this.nativeTa = null;
        this.nativeHome = null;
    }

    private TaProfiler(NativeTaFile ta, java.nio.file.Path home) {
        this.type = null;
        this.manifest = ta.manifest();
        this.nativeTa = ta;
        this.nativeHome = home;
    }

    /** Profiles the TA {@code ta} makes (its class is loaded again; it needs a no-argument constructor). */
    public static TaProfiler of(Supplier<? extends TrustedApplication> ta) {
        TrustedApplication probe = Objects.requireNonNull(ta.get(), "the supplier returned null");
        TaManifest m = probe.manifest();
        String problem = m == null ? "no manifest" : TaStore.validate(m);
        if (problem != null) {
            throw new IllegalArgumentException(probe.getClass().getName() + ": " + problem);
        }
        return new TaProfiler(probe.getClass(), m);
    }

    /** Profiles a TA {@code world} loaded (by name or UUID), e.g. from its TA directory. */
    public static TaProfiler of(SecureWorld world, String nameOrUuid) {
        TaStore.Entry e = world.store.find(nameOrUuid);
        if (e == null) {
            throw new IllegalArgumentException("no TA named or with UUID '" + nameOrUuid + "'");
        }
        return e.isNative() ? new TaProfiler(e.nativeTa, world.nativeHome) : new TaProfiler(e.type, e.manifest);
    }

    /** The TA's manifest, as declared. */
    public TaManifest manifest() {
        return manifest;
    }

    public TaProfiler workload(Workload workload) {
        this.workload = Objects.requireNonNull(workload, "workload");
        return this;
    }

    /** The safety margin of the recommendations, e.g. 0.25 for 25 % (default). */
    public TaProfiler margin(double margin) {
        if (!(margin >= 0 && margin <= 10)) {
            throw new IllegalArgumentException("margin must be within [0, 10], got " + margin);
        }
        this.margin = margin;
        return this;
    }

    /** The largest modelled stack tried (bytes); a workload that overflows it is reported unbounded. */
    public TaProfiler maxStack(long bytes) {
        if (bytes < 16 || bytes > TaStore.MAX_STACK_SIZE) {
            throw new IllegalArgumentException("maxStack must be within [16, " + TaStore.MAX_STACK_SIZE + "], got " + bytes);
        }
        this.maxStack = bytes;
        return this;
    }

    /** Runs the profile; see the class comment for the runs it takes. */
    public TaProfile profile() {
        if (workload == null) {
            throw new IllegalStateException("no workload given");
        }
        runs = 0;
        if (nativeTa != null) {
            return profileNative();
        }
        int refHeap = referenceHeap(manifest.dataSize());
        ProfileRun ref = run(maxStack, refHeap, null);
        List<ProfileRun.Outcome> expected = ref.outcomes;

        // stack: bisection over fresh instances, invariant: lo fails (or is -1), hi passes
        long needed;
        long failsBelow = -1;
        int before = runs;
        if (ref.overflowed) {
            needed = -1;
        } else {
            long hi = align(ref.stackPeak) / StackMeter.ALIGN; // in units of ALIGN bytes
            if (!run(hi * StackMeter.ALIGN, refHeap, expected).matches()) {
                hi = maxStack / StackMeter.ALIGN; // the model is deterministic, so this should not happen
            }
            long lo = -1; // a limit below 0 fails by definition
            while (hi - lo > 1) {
                long mid = lo + (hi - lo) / 2;
                if (run(mid * StackMeter.ALIGN, refHeap, expected).matches()) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            needed = hi * StackMeter.ALIGN;
            failsBelow = lo < 0 ? -1 : lo * StackMeter.ALIGN;
        }
        int stackProbes = runs - before;

        // heap: confirm the high-water mark, or search up to the reference size
        long heapNeeded = Math.max(ref.highWater, TaHeap.ALIGN);
        long probeStack = needed >= 0 ? needed : maxStack;
        ProfileRun atNeed = run(probeStack, (int) heapNeeded, expected);
        if (!atNeed.matches()) {
            long lo = heapNeeded;
            long hi = refHeap;
            while (hi - lo > TaHeap.ALIGN) {
                long mid = ((lo + hi) / 2) & -TaHeap.ALIGN;
                ProfileRun r = run(probeStack, (int) mid, expected);
                if (r.matches()) {
                    atNeed = r;
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            if (hi == refHeap) {
                atNeed = ref;
            }
            heapNeeded = hi;
        }

        // the declared sizes
        ProfileRun declared = run(manifest.stackSize(), manifest.dataSize(), expected);

        StackProfile stack = new StackProfile(manifest.stackSize(), needed, failsBelow, ref.stackPeak, ref.stackPeakFrames,
                ref.stackPeakChain, maxStack, stackProbes, needed < 0 ? -1 : roundUp(Math.max(1, (long) Math.ceil(needed * (1 + margin))), 256));
        // the end state on the TA's own heap: the declared one if the workload ran through on it, else the smallest that does
        HeapStats end = declared.matches() ? declared.end : atNeed.end;
        HeapProfile heap = new HeapProfile(manifest.dataSize(), heapNeeded, ref.peakUsed, ref.peakLive, end, ref.leaks,
                ref.allocations, ref.frees, ref.failedAllocations, refHeap,
                Math.max(TaStore.MIN_DATA_SIZE, roundUp((long) Math.ceil(heapNeeded * (1 + margin)), 1024)));
        List<EntryProfile> entries = new ArrayList<>();
        for (ProfileRun.Entry e : ref.entries.values()) {
            entries.add(e.profile());
        }
        return new TaProfile(manifest.name(), manifest.uuid(), workload, margin, stack, heap, entries, ref.deaths,
                declared.divergence, runs, ref.outcomes.size(), failures(ref));
    }

    /**
     * A native TA: one run with its declared sizes, measured rather than searched (its host's
     * stack and heap are the real ones, TA_STACK_SIZE + 2 KiB and TA_DATA_SIZE): the stack
     * high-water mark from the painted stack, the heap's peak, leaks and failures as its host
     * reports them. A workload that overflows the stack shows as a death (panic 0xffff300f or an
     * abort at the guard page), not as a need.
     */
    private TaProfile profileNative() {
        runs = 1;
        ProfileRun ref = new ProfileRun(nativeTa, nativeHome, workload).run();
        long needed = ref.stackPeak;
        // a smashed canary: the stack did not hold the workload, whatever the paint says
        StackProfile stack = new StackProfile(manifest.stackSize(), ref.overflowed ? -1 : needed, -1, needed, 0,
                List.of(), manifest.stackSize(), 0, roundUp(Math.max(1, (long) Math.ceil(needed * (1 + margin))), 256));
        long heapNeeded = Math.max(ref.peakUsed, TaHeap.ALIGN);
        HeapProfile heap = new HeapProfile(manifest.dataSize(), heapNeeded, ref.peakUsed, ref.peakLive, ref.end, ref.leaks,
                ref.allocations, ref.frees, ref.failedAllocations, manifest.dataSize(),
                Math.max(TaStore.MIN_DATA_SIZE, roundUp((long) Math.ceil(heapNeeded * (1 + margin)), 1024)));
        List<EntryProfile> entries = new ArrayList<>();
        for (ProfileRun.Entry e : ref.entries.values()) {
            entries.add(e.profile());
        }
        return new TaProfile(manifest.name(), manifest.uuid(), workload, margin, stack, heap, entries, ref.deaths,
                null, runs, ref.outcomes.size(), failures(ref));
    }

    /** The reference run's calls that did not return TEE_SUCCESS: the numbers then measure an error path. */
    private static List<String> failures(ProfileRun ref) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ref.outcomes.size(); i++) {
            ProfileRun.Outcome o = ref.outcomes.get(i);
            if (o.result() != TeeResult.SUCCESS.code()) {
                out.add("call " + (i + 1) + " (" + ref.labels.get(i) + "): " + TeeResult.of(o.result()).name() + ", origin " + Origin.of(o.origin()));
            }
        }
        return out;
    }

    private ProfileRun run(long stackLimit, int dataSize, List<ProfileRun.Outcome> expected) {
        runs++;
        return new ProfileRun(type, workload, stackLimit, dataSize, expected).run();
    }

    /** A heap large enough that the reference run's allocations do not fail for want of room. */
    static int referenceHeap(int declared) {
        long big = Math.max(declared * 8L, 1L << 20);
        return (int) Math.min(big, Math.max(declared, 64L << 20));
    }

    private static long align(long n) {
        return roundUp(n, StackMeter.ALIGN);
    }

    private static long roundUp(long n, long unit) {
        return (n + unit - 1) / unit * unit;
    }
}
