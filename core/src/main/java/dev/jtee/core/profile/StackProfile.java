package dev.jtee.core.profile;

import java.util.List;

/**
 * What a TA's stack needed for a workload, in bytes of the modelled stack (see
 * {@code dev.jtee.core.StackMeter}: a C-like frame per TA method, the unit TA_STACK_SIZE is
 * declared in; code outside the TA is covered by OP-TEE's 2 KiB framework stack, not counted).
 *
 * @param declared       the TA's TA_STACK_SIZE
 * @param needed         the smallest limit with which every call of the workload still gave the
 *                       reference results, found by bisection over fresh instances; -1 when even
 *                       {@code probeCeiling} overflowed
 * @param failsBelow     the largest limit tried that failed ({@code needed - 16} when found), -1 if none failed
 * @param peak           the highest modelled stack the reference run (at {@code probeCeiling}) saw
 * @param deepestFrames  frames on the stack at that peak
 * @param deepestChain   the TA methods at that peak, outermost first, runs of one method folded ({@code descend ×17})
 * @param probeCeiling   the limit of the reference run
 * @param probes         workload runs the bisection took
 * @param recommended    {@code needed} plus the margin, rounded up to 256 bytes; -1 when unbounded
 */
public record StackProfile(long declared, long needed, long failsBelow, long peak, int deepestFrames,
                           List<String> deepestChain, long probeCeiling, int probes, long recommended) {
    public StackProfile {
        deepestChain = List.copyOf(deepestChain);
    }

    /** Whether the workload fits in some stack up to the probe ceiling (false: unbounded recursion or worse). */
    public boolean bounded() {
        return needed >= 0;
    }

    /** Whether the declared TA_STACK_SIZE holds the workload. */
    public boolean declaredSuffices() {
        return bounded() && declared >= needed;
    }
}
