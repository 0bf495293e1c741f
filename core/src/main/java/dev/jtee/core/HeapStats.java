package dev.jtee.core;

/**
 * A snapshot of a TA heap. Sizes count heap bytes: every live block is charged its payload, a
 * {@value TaHeap#HEADER}-byte header and its alignment padding, so
 * {@code used + overhead() + free == size} always holds.
 *
 * @param size          total heap bytes ({@code TA_DATA_SIZE})
 * @param used          bytes in live blocks (payload as requested)
 * @param peakUsed      the highest {@code used} seen
 * @param free          bytes in free blocks (an allocation from them also pays a header)
 * @param largestFree   the largest free block; the biggest malloc that can succeed is this minus
 *                      the header
 * @param fragmentation 1 − largestFree / free (0 when nothing is free)
 * @param liveBlocks    blocks allocated and not freed
 * @param peakLiveBlocks the highest {@code liveBlocks} seen
 * @param allocations   successful allocations so far (malloc and growing realloc)
 * @param frees         frees so far (free, and realloc to size 0)
 * @param failures      allocations that returned NULL
 * @param biggestFailure     the largest request that returned NULL (OP-TEE's {@code biggest_alloc_fail})
 * @param biggestFailureUsed {@code used} when that request failed ({@code biggest_alloc_fail_used})
 * @param free2Sum      the sum of the squares of the free blocks' sizes (OP-TEE's {@code free2_sum}): with
 *                      {@code free}, a fragmentation measure that needs no block list
 */
public record HeapStats(int size, long used, long peakUsed, long free, long largestFree, double fragmentation,
                        int liveBlocks, int peakLiveBlocks, long allocations, long frees, long failures,
                        long biggestFailure, long biggestFailureUsed, long free2Sum) {
    /** Bytes neither used nor free: block headers, alignment padding, an unusable tail. */
    public long overhead() {
        return size - used - free;
    }

    /** One live block: its address and payload size. */
    public record Block(long address, long size) {
    }
}
