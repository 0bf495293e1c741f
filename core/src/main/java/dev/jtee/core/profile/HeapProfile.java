package dev.jtee.core.profile;

import dev.jtee.core.HeapStats;
import java.util.List;

/**
 * What a TA's heap needed for a workload. Sizes are heap bytes; {@code needed} counts block
 * headers, padding and the holes fragmentation left, which is what TA_DATA_SIZE must hold.
 *
 * @param declared         the TA's TA_DATA_SIZE
 * @param needed           the smallest heap with which the workload still gave the reference
 *                         results: the first-fit high-water mark of the reference run, confirmed
 *                         (or raised) by running the workload on a heap of that size
 * @param peakUsed         the most payload bytes live at once
 * @param peakLiveBlocks   the most blocks live at once
 * @param end              the heap after the workload's last invoke, before its sessions closed, on the TA's
 *                         declared heap (or, when the workload fails there, the smallest that holds it);
 *                         null when the workload invoked nothing
 *                         (its {@link HeapStats#fragmentation()} is the fragmentation at the end)
 * @param leaks            blocks still allocated when the instance was destroyed
 * @param allocations      successful allocations over the workload
 * @param frees            frees over the workload
 * @param failedAllocations allocations that returned NULL (on the enlarged reference heap)
 * @param referenceSize    the heap size of the reference run
 * @param recommended      {@code needed} plus the margin, rounded up to 1 KiB, at least 1 KiB
 */
public record HeapProfile(long declared, long needed, long peakUsed, int peakLiveBlocks, HeapStats end,
                          List<HeapStats.Block> leaks, long allocations, long frees, long failedAllocations,
                          long referenceSize, long recommended) {
    public HeapProfile {
        leaks = List.copyOf(leaks);
    }

    public long leakedBytes() {
        long n = 0;
        for (HeapStats.Block b : leaks) {
            n += b.size();
        }
        return n;
    }

    /** Whether the declared TA_DATA_SIZE holds the workload. */
    public boolean declaredSuffices() {
        return declared >= needed;
    }
}
