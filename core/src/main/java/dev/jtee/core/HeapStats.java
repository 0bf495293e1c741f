package dev.jtee.core;

/**
 * A snapshot of a TA heap.
 *
 * @param size          total heap bytes
 * @param used          bytes in live blocks (payload)
 * @param peakUsed      the highest {@code used} seen
 * @param free          bytes available for allocation
 * @param largestFree   the largest single allocatable block
 * @param fragmentation 1 − largestFree / free (0 when nothing is free)
 * @param liveBlocks    blocks allocated and not freed
 * @param peakLiveBlocks the highest {@code liveBlocks} seen
 * @param allocations   successful allocations so far (malloc and growing realloc)
 * @param frees         frees so far
 * @param failures      allocations that returned NULL
 */
public record HeapStats(int size, long used, long peakUsed, long free, long largestFree, double fragmentation,
                        int liveBlocks, int peakLiveBlocks, long allocations, long frees, long failures) {
    /** One live block: its address and payload size. */
    public record Block(long address, long size) {
    }
}
