package dev.jtee.core.profile;

/**
 * One kind of call in a workload: {@code open}, {@code invoke N}, {@code close}, and the entries
 * the world runs on its own ({@code create} with the first open, {@code destroy} after the last
 * close), measured in the reference run.
 *
 * @param entry         {@code "open"}, {@code "invoke 3"}, {@code "close"}, {@code "create"}, {@code "destroy"}
 * @param command       the command id of an invoke, else -1
 * @param calls         how many such calls ran (create and destroy: once per instance)
 * @param stackPeak     the highest modelled stack of these calls, bytes
 * @param stackFrames   frames at that peak
 * @param allocations   heap allocations made by these calls
 * @param frees         heap frees made by these calls
 * @param minAllocationsPerCall the fewest allocations one call made
 * @param minFreesPerCall the fewest frees one call made
 * @param transientPeak the most heap bytes one call had in use above what was live when it started
 */
public record EntryProfile(String entry, int command, long calls, long stackPeak, int stackFrames, long allocations,
                           long frees, long minAllocationsPerCall, long minFreesPerCall, long transientPeak) {
    public double allocationsPerCall() {
        return calls == 0 ? 0 : (double) allocations / calls;
    }

    public double freesPerCall() {
        return calls == 0 ? 0 : (double) frees / calls;
    }

    /**
     * The seed's anti-pattern: every call allocates and frees (at least one of each), so the
     * heap is churned and fragments between calls although nothing needs to outlive them.
     */
    public boolean churn() {
        return command >= 0 && calls > 0 && minAllocationsPerCall > 0 && minFreesPerCall > 0;
    }

    /** With {@link #churn()}: a buffer this large, allocated once, serves every call instead. */
    public long staticBufferBytes() {
        return transientPeak;
    }

    /** With {@link #churn()}: allocator calls (malloc and free) a static buffer would save over these calls. */
    public long savedAllocatorCalls() {
        return allocations + frees;
    }
}
