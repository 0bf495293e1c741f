package dev.jtee.core.profile;

import dev.jtee.api.TeeUuid;
import dev.jtee.core.HeapStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much stack and heap a TA needed for a workload, measured on fresh instances (made by
 * {@code dev.jtee.core.TaProfiler}), compared with what the TA declares. Use it in a test to fail
 * the build when a TA's declared sizes are below what its workload needed:
 *
 * <pre>{@code
 * TaProfile p = TaProfiler.of(MyTa::new).workload(w).profile();
 * p.assertDeclaredSizesSuffice();
 * }</pre>
 *
 * @param ta           the TA's name
 * @param uuid         the TA's UUID
 * @param workload     what ran
 * @param margin       the safety margin of the recommendations (0.25 = 25 %)
 * @param stack        the stack's numbers
 * @param heap         the heap's numbers
 * @param entries      per kind of call, in first-seen order
 * @param deaths       calls of the reference run in which the instance died, one line each
 * @param declaredRun  how the workload fared with the TA's declared sizes: null if it gave the
 *                     reference results, else the first call that did not
 * @param runs         workload runs the profile took (reference, probes, checks)
 * @param calls        calls of the reference run
 * @param failedCalls  calls of the reference run that did not return TEE_SUCCESS, one line each
 */
public record TaProfile(String ta, TeeUuid uuid, Workload workload, double margin, StackProfile stack, HeapProfile heap,
                        List<EntryProfile> entries, List<String> deaths, String declaredRun, int runs,
                        int calls, List<String> failedCalls) {
    public TaProfile {
        entries = List.copyOf(entries);
        deaths = List.copyOf(deaths);
        failedCalls = List.copyOf(failedCalls);
    }

    /**
     * Whether every call of the workload returned TEE_SUCCESS; when not, the sizes describe the
     * error path (a wrong parameter profiles the TA's refusal, not its work).
     */
    public boolean callsSucceeded() {
        return failedCalls.isEmpty();
    }

    /** Kinds of call that allocate and free on every call. */
    public List<EntryProfile> churn() {
        List<EntryProfile> out = new ArrayList<>();
        for (EntryProfile e : entries) {
            if (e.churn()) {
                out.add(e);
            }
        }
        return out;
    }

    /** The entry for {@code invoke command}, or null if the workload had none. */
    public EntryProfile command(int command) {
        for (EntryProfile e : entries) {
            if (e.command() == command) {
                return e;
            }
        }
        return null;
    }

    /** Why the declared sizes do not hold this workload; empty when they do. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!stack.bounded()) {
            out.add("stack: the workload overflows even a " + stack.probeCeiling() + "-byte stack (unbounded recursion?)");
        } else if (!stack.declaredSuffices()) {
            out.add("stack: TA_STACK_SIZE " + stack.declared() + " is below the " + stack.needed() + " bytes the workload needs"
                    + " (recommended " + stack.recommended() + ")");
        }
        if (!heap.declaredSuffices()) {
            out.add("heap: TA_DATA_SIZE " + heap.declared() + " is below the " + heap.needed() + " bytes the workload needs"
                    + " (recommended " + heap.recommended() + ")");
        }
        if (declaredRun != null && out.isEmpty()) {
            out.add("with the declared sizes: " + declaredRun);
        }
        return out;
    }

    /** Throws an AssertionError listing the problems when a declared size is below what the workload needed. */
    public TaProfile assertDeclaredSizesSuffice() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new AssertionError(ta + ": declared sizes too small for the workload:\n  " + String.join("\n  ", p));
        }
        return this;
    }

    /** As {@link #assertDeclaredSizesSuffice()}, and also fails when a declared size leaves less than the margin. */
    public TaProfile assertDeclaredSizesHaveMargin() {
        List<String> p = new ArrayList<>(problems());
        if (p.isEmpty()) {
            String pct = percent(margin);
            if (stack.declared() < stack.recommended()) {
                p.add("stack: TA_STACK_SIZE " + stack.declared() + " leaves less than " + pct + " above the "
                        + stack.needed() + " bytes needed (recommended " + stack.recommended() + ")");
            }
            if (heap.declared() < heap.recommended()) {
                p.add("heap: TA_DATA_SIZE " + heap.declared() + " leaves less than " + pct + " above the "
                        + heap.needed() + " bytes needed (recommended " + heap.recommended() + ")");
            }
        }
        if (!p.isEmpty()) {
            throw new AssertionError(ta + ": declared sizes without the " + percent(margin) + " margin:\n  " + String.join("\n  ", p));
        }
        return this;
    }

    /** Throws an AssertionError when blocks were still allocated at destroy. */
    public TaProfile assertNoLeaks() {
        if (!heap.leaks().isEmpty()) {
            throw new AssertionError(ta + ": " + heap.leaks().size() + " heap block(s), " + heap.leakedBytes()
                    + " bytes, never freed: " + heap.leaks());
        }
        return this;
    }

    /** The report {@code jtee ta profile} prints. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        String pct = percent(margin);
        line(sb, "TA %s (%s): %d call(s) per run, %d run(s)", ta, uuid, workload.calls(), runs);
        sb.append('\n');
        // a native TA's profile is one measured run on its real stack (no model, no probes)
        boolean measured = runs == 1 && stack.probes() == 0 && stack.deepestChain().isEmpty();
        line(sb, measured ? "stack (bytes of the TA host's real stack used by entries: the high-water mark of a painted stack)"
                : "stack (modelled C frames of TA code: 16-byte record + 4 bytes per local slot, 16-aligned)");
        line(sb, "  declared TA_STACK_SIZE   %8d", stack.declared());
        if (measured && stack.bounded()) {
            line(sb, "  needed (measured)        %8d   high-water mark of the workload's entries", stack.needed());
            line(sb, "  recommended (+%s)       %8d   %s", pad(pct), stack.recommended(), verdict(stack.declared(), stack.needed(), stack.recommended()));
        } else if (measured) {
            line(sb, "  needed (measured)        > %d: the workload overflowed the stack (see the deaths)", stack.declared());
        } else if (stack.bounded()) {
            line(sb, "  needed (probed)          %8d   %s; %d probe run(s)", stack.needed(),
                    stack.failsBelow() >= 0 ? stack.failsBelow() + " overflows" : "no limit below it was needed", stack.probes());
            line(sb, "  deepest call stack       %8d   frames: %s", stack.deepestFrames(), String.join(" > ", stack.deepestChain()));
            line(sb, "  recommended (+%s)       %8d   %s", pad(pct), stack.recommended(), verdict(stack.declared(), stack.needed(), stack.recommended()));
        } else {
            line(sb, "  needed (probed)          > %d: the workload overflows even that (unbounded recursion?)", stack.probeCeiling());
        }
        sb.append('\n');
        HeapStats end = heap.end();
        line(sb, "heap (bytes; needed counts headers, padding and holes)");
        line(sb, "  declared TA_DATA_SIZE    %8d", heap.declared());
        line(sb, "  needed (verified)        %8d   first-fit high-water mark", heap.needed());
        line(sb, "  peak in use              %8d   in %d live block(s) at most", heap.peakUsed(), heap.peakLiveBlocks());
        if (end != null) {
            line(sb, "  at the end               %8d   used in %d block(s); on a %d-byte heap the largest free block is %d of %d free:"
                    + " fragmentation %.1f%%", end.used(), end.liveBlocks(), end.size(), end.largestFree(), end.free(), 100 * end.fragmentation());
        }
        line(sb, "  allocations / frees      %8d / %d%s", heap.allocations(), heap.frees(),
                heap.failedAllocations() > 0 ? " (" + heap.failedAllocations() + " returned NULL)" : "");
        if (heap.leaks().isEmpty()) {
            line(sb, "  leaks                        none");
        } else {
            StringBuilder l = new StringBuilder();
            int shown = 0;
            for (HeapStats.Block b : heap.leaks()) {
                if (shown++ == 8) {
                    l.append(", …");
                    break;
                }
                l.append(shown > 1 ? ", " : "").append(b.size());
            }
            line(sb, "  leaks                    %8d   bytes in %d block(s) never freed (sizes %s)", heap.leakedBytes(), heap.leaks().size(), l);
        }
        line(sb, "  recommended (+%s)       %8d   %s", pad(pct), heap.recommended(), verdict(heap.declared(), heap.needed(), heap.recommended()));
        sb.append('\n');
        line(sb, "%-12s %7s %7s %6s %11s %10s %10s", "entry", "calls", "stack", "frames", "allocs/call", "frees/call", "peak rise");
        for (EntryProfile e : entries) {
            line(sb, "%-12s %7d %7d %6d %11.2f %10.2f %10d", e.entry(), e.calls(), e.stackPeak(), e.stackFrames(),
                    e.allocationsPerCall(), e.freesPerCall(), e.transientPeak());
        }
        List<EntryProfile> churn = churn();
        for (EntryProfile e : churn) {
            sb.append('\n');
            line(sb, "warning: %s allocates and frees on every call (%.1f malloc + %.1f free per call, %d allocator calls over %d call(s)).",
                    e.entry(), e.allocationsPerCall(), e.freesPerCall(), e.savedAllocatorCalls(), e.calls());
            line(sb, "  Static alternative: one %d-byte buffer allocated once (e.g. in create or the first open) and reset per call"
                    + " saves those %d allocator calls and the holes they leave between long-lived blocks.", e.staticBufferBytes(),
                    e.savedAllocatorCalls());
        }
        for (String d : deaths) {
            line(sb, "died: %s", d);
        }
        sb.append('\n');
        if (!failedCalls.isEmpty()) {
            line(sb, "FAILED %d of %d call(s) did not return TEE_SUCCESS, first: %s", failedCalls.size(), calls, failedCalls.getFirst());
            line(sb, "  the numbers above measure that error path, not the TA's work");
        }
        if (declaredRun == null) {
            line(sb, "with the declared sizes the workload gives the same results%s", failedCalls.isEmpty() ? ": OK" : "");
        } else {
            line(sb, "with the declared sizes: %s", declaredRun);
        }
        for (String p : problems()) {
            line(sb, "PROBLEM %s", p);
        }
        return sb.toString();
    }

    private static String verdict(long declared, long needed, long recommended) {
        if (declared < needed) {
            return "declared is TOO SMALL";
        }
        if (declared < recommended) {
            return "declared holds the workload, with less than the margin";
        }
        return "declared is enough";
    }

    private static String pad(String pct) {
        return pct.length() >= 3 ? pct : " ".repeat(3 - pct.length()) + pct;
    }

    static String percent(double margin) {
        return String.format(Locale.ROOT, "%.0f%%", margin * 100);
    }

    private static void line(StringBuilder sb, String fmt, Object... args) {
        sb.append(String.format(Locale.ROOT, fmt, args)).append('\n');
    }
}
