package dev.jtee.core;

import dev.jtee.ta.TeeApi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The heap of one TA instance: a real allocator over {@code size} bytes of the instance's data
 * region, mapped at virtual address {@code base}. Blocks are carved from the bytes with headers
 * kept outside the TA-visible area; free blocks coalesce. Not thread-safe: only the instance's
 * thread allocates, frees and checks accesses; {@link #stats()} and {@link #liveBlocks()} may be
 * called from any thread (a short lock, taken by every allocation and free as well).
 *
 * <p>The allocator is first fit over an address-ordered table of blocks that tiles the heap. A
 * block occupies {@link #HEADER} bytes of header plus its payload rounded up to {@link #ALIGN};
 * the header is charged against the heap but its bytes are never accessible (the metadata lives
 * in the table, out of the TA's reach), so an overflow into the next block's header is caught. A
 * free splits a block only when the remainder can hold a header and one granule, and merges a
 * freed block with free neighbours, so freeing everything restores one block of the whole heap.
 */
final class TaHeap {
    /** The address TEE_Malloc(0) returns: non-NULL, never dereferenceable. */
    static final long ZERO_SIZE_PTR = 0x10L;
    /** Payload alignment (as a 64-bit malloc: 16 bytes). */
    static final int ALIGN = 16;
    /** Bytes each block costs besides its payload, like a malloc chunk header. */
    static final int HEADER = 16;
    /** The smallest block worth splitting off: a header and one granule. */
    static final int MIN_BLOCK = HEADER + ALIGN;
    /** OP-TEE's TEE_USER_MEM_HINT_NO_FILL_ZERO: plain malloc, not zeroed. */
    static final int USER_MEM_HINT_NO_FILL_ZERO = 0x80000000;

    private static final int FREE = -1;

    private final long base;
    private final int size;
    /** Bytes usable for blocks: {@code size} rounded down to ALIGN. */
    private final int capacity;
    private final byte[] bytes;
    private final Object lock = new Object();

    // The block table, ordered by address and tiling [0, capacity): offset of each block (its
    // header), its total bytes, and its requested payload size or FREE. Written under the lock by
    // the instance's thread only, so that thread may read it without the lock.
    private int[] start = new int[16];
    private int[] total = new int[16];
    private int[] req = new int[16];
    private int count;

    // Counters, guarded by the lock.
    private long used;
    private long peakUsed;
    private long freeBytes;
    private int live;
    private int peakLive;
    private long allocations;
    private long frees;
    private long failures;
    /** The largest request that failed, and the bytes in use when it did (OP-TEE's biggest_alloc_fail{,_used}). */
    private long biggestFailure;
    private long biggestFailureUsed;
    /** The highest block end ever used (header included): the smallest heap first fit would have placed the same blocks in. */
    private int highWater;
    /** The highest {@code used} since {@link #markWindow()}. */
    private long windowPeak;

    // The payload range of the last live block an access hit: [hitLo, hitHi). Instance thread only.
    private long hitLo = Long.MAX_VALUE;
    private long hitHi;

    /**
     * @param base virtual address of the first heap byte (page-aligned, above the zero-size pointer)
     * @param size heap size in bytes ({@code TA_DATA_SIZE})
     */
    TaHeap(long base, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative heap size " + size);
        }
        if (base <= ZERO_SIZE_PTR || base % ALIGN != 0) {
            throw new IllegalArgumentException("bad heap base 0x" + Long.toHexString(base));
        }
        this.base = base;
        this.size = size;
        this.capacity = size & -ALIGN;
        this.bytes = new byte[size];
        if (capacity >= MIN_BLOCK) {
            start[0] = 0;
            total[0] = capacity;
            req[0] = FREE;
            count = 1;
            freeBytes = capacity;
        }
    }

    /**
     * TEE_Malloc semantics: hint FILL_ZERO or NO_SHARE zeroes the block, NO_SHARE|NO_FILL (and
     * OP-TEE's USER_MEM_HINT_NO_FILL_ZERO) leave the old bytes, NO_FILL alone panics with code 0,
     * any other hint gives NULL. Size 0 gives {@link #ZERO_SIZE_PTR}. Returns a VA or 0 when the
     * heap cannot hold the block. NO_SHARE blocks come from the same heap (one heap per instance).
     */
    long malloc(long size, int hint) {
        boolean zero;
        switch (hint) {
            case TeeApi.MALLOC_FILL_ZERO, TeeApi.MALLOC_NO_SHARE -> zero = true;
            case TeeApi.MALLOC_NO_SHARE | TeeApi.MALLOC_NO_FILL, USER_MEM_HINT_NO_FILL_ZERO -> zero = false;
            case TeeApi.MALLOC_NO_FILL -> throw new TaPanic(0);
            default -> {
                countFailure(size);
                return 0;
            }
        }
        if (size == 0) {
            return ZERO_SIZE_PTR;
        }
        return allocate(size, zero);
    }

    /**
     * TEE_Realloc semantics: NULL behaves as malloc (not zeroed), the zero-size pointer as a zeroed
     * malloc, size 0 frees and returns {@link #ZERO_SIZE_PTR}. Grows in place when the next block
     * is free and large enough, else moves the payload to a new block and frees the old one; bytes
     * beyond the old size are not cleared. On failure returns 0 and the old block stays live.
     * Anything else than a live block is a {@link DataAbort.Kind#BAD_FREE}.
     */
    long realloc(long va, long newSize) {
        if (newSize == 0) {
            free(va);
            return ZERO_SIZE_PTR;
        }
        if (va == 0) {
            return allocate(newSize, false);
        }
        if (va == ZERO_SIZE_PTR) {
            return allocate(newSize, true);
        }
        long moved;
        synchronized (lock) {
            int i = liveIndexOf(va);
            if (i < 0) {
                throw new DataAbort(va, DataAbort.Kind.BAD_FREE, false);
            }
            invalidateHit();
            int old = req[i];
            if (newSize < 0 || newSize > capacity - HEADER) {
                failed(newSize);
                return 0;
            }
            int n = (int) newSize;
            int need = blockSize(n);
            if (need <= total[i]) {
                // Fits in the block as it is: keep it, give back a tail worth a block.
                if (total[i] - need >= MIN_BLOCK) {
                    int tail = total[i] - need;
                    total[i] = need;
                    insert(i + 1, start[i] + need, tail);
                    freeBytes += tail;
                    coalesceWithNext(i + 1);
                }
                resized(i, old, n);
                return va;
            }
            if (i + 1 < count && req[i + 1] == FREE && total[i] + total[i + 1] >= need) {
                // Grow in place into the free block that follows.
                int nextTotal = total[i + 1];
                remove(i + 1);
                freeBytes -= nextTotal;
                total[i] += nextTotal;
                if (total[i] - need >= MIN_BLOCK) {
                    int tail = total[i] - need;
                    total[i] = need;
                    insert(i + 1, start[i] + need, tail);
                    freeBytes += tail;
                }
                resized(i, old, n);
                return va;
            }
            int j = firstFit(need);
            if (j < 0) {
                failed(newSize);
                return 0;
            }
            int oldStart = start[i];
            take(j, need);
            req[j] = n;
            touched(j);
            int newStart = start[j];
            System.arraycopy(bytes, oldStart + HEADER, bytes, newStart + HEADER, Math.min(old, n));
            int k = indexOfStart(oldStart);
            req[k] = FREE;
            freeBytes += total[k];
            coalesceAround(k);
            used += n - old;
            peakUsed = Math.max(peakUsed, used);
            windowPeak = Math.max(windowPeak, used);
            allocations++;
            moved = base + newStart + HEADER;
        }
        return moved;
    }

    /**
     * TEE_Free: NULL and the zero-size pointer are ignored; anything else than the address of a
     * live block (double free, wild pointer, pointer into a block) is a
     * {@link DataAbort.Kind#BAD_FREE}.
     */
    void free(long va) {
        if (va == 0 || va == ZERO_SIZE_PTR) {
            return;
        }
        synchronized (lock) {
            int i = liveIndexOf(va);
            if (i < 0) {
                throw new DataAbort(va, DataAbort.Kind.BAD_FREE, false);
            }
            invalidateHit();
            used -= req[i];
            live--;
            frees++;
            req[i] = FREE;
            freeBytes += total[i];
            coalesceAround(i);
        }
    }

    /**
     * Whether {@code [va, va+len)} lies inside the payload of one live block (an empty range
     * always does). Instance thread only; O(1) when the last block hit is hit again, else
     * O(log blocks), no allocation.
     */
    boolean inLiveBlock(long va, long len) {
        if (len <= 0) {
            return len == 0;
        }
        if (va >= hitLo && len <= hitHi - va) {
            return true;
        }
        int i = blockAt(va);
        if (i < 0 || req[i] == FREE) {
            return false;
        }
        long lo = base + start[i] + HEADER;
        long hi = lo + req[i];
        if (va < lo || len > hi - va) {
            return false;
        }
        hitLo = lo;
        hitHi = hi;
        return true;
    }

    /**
     * The first byte of {@code [va, va+len)} outside a live block, for an abort report: the end
     * of the block when the range starts inside one, else {@code va}.
     */
    long faultAddress(long va, long len) {
        int i = blockAt(va);
        if (i >= 0 && req[i] != FREE) {
            long lo = base + start[i] + HEADER;
            long hi = lo + req[i];
            if (va >= lo && va < hi) {
                return hi;
            }
        }
        return va;
    }

    /** Whether va is inside the heap region at all (live block or not). */
    boolean inRegion(long va) {
        return va >= base && va - base < size;
    }

    /** The bytes backing the heap; index = va - base. Callers check bounds with inLiveBlock first. */
    byte[] bytes() {
        return bytes;
    }

    long base() {
        return base;
    }

    /** Heap size in bytes ({@code TA_DATA_SIZE}). */
    int size() {
        return size;
    }

    /** A consistent snapshot; callable from any thread. O(blocks). */
    HeapStats stats() {
        synchronized (lock) {
            long largest = 0;
            long free2Sum = 0;
            for (int i = 0; i < count; i++) {
                if (req[i] == FREE) {
                    largest = Math.max(largest, total[i]);
                    free2Sum += (long) total[i] * total[i];
                }
            }
            double fragmentation = freeBytes == 0 ? 0.0 : 1.0 - (double) largest / freeBytes;
            return new HeapStats(size, used, peakUsed, freeBytes, largest, fragmentation, live, peakLive,
                    allocations, frees, failures, biggestFailure, biggestFailureUsed, free2Sum);
        }
    }

    /** Blocks still allocated, in address order (reported as leaks when the instance is destroyed). */
    List<HeapStats.Block> liveBlocks() {
        synchronized (lock) {
            List<HeapStats.Block> blocks = new ArrayList<>(live);
            for (int i = 0; i < count; i++) {
                if (req[i] != FREE) {
                    blocks.add(new HeapStats.Block(base + start[i] + HEADER, req[i]));
                }
            }
            return blocks;
        }
    }

    /**
     * Checks the allocator's invariants (for tests): blocks tile the heap, are aligned, no two
     * free blocks are adjacent, counters match the table. Throws IllegalStateException if not.
     */
    void checkInvariants() {
        synchronized (lock) {
            int at = 0;
            long sumUsed = 0;
            long sumFree = 0;
            int sumLive = 0;
            for (int i = 0; i < count; i++) {
                check(start[i] == at, "block " + i + " starts at " + start[i] + ", expected " + at);
                check(total[i] >= MIN_BLOCK && total[i] % ALIGN == 0, "block " + i + " has size " + total[i]);
                if (req[i] == FREE) {
                    check(i == 0 || req[i - 1] != FREE, "free blocks " + (i - 1) + " and " + i + " not merged");
                    sumFree += total[i];
                } else {
                    check(req[i] > 0 && blockSize(req[i]) <= total[i] && total[i] - blockSize(req[i]) < MIN_BLOCK,
                            "block " + i + " holds " + req[i] + " bytes in " + total[i]);
                    sumUsed += req[i];
                    sumLive++;
                }
                at += total[i];
            }
            check(count == 0 || at == capacity, "blocks end at " + at + ", capacity " + capacity);
            check(sumUsed == used && sumFree == freeBytes && sumLive == live,
                    "counters used/free/live " + used + "/" + freeBytes + "/" + live
                            + " but table says " + sumUsed + "/" + sumFree + "/" + sumLive);
        }
    }

    // ---- internals

    private long allocate(long len, boolean zero) {
        if (len < 0 || len > capacity - HEADER) {
            countFailure(len);
            return 0;
        }
        int n = (int) len;
        int need = blockSize(n);
        int offset;
        synchronized (lock) {
            int i = firstFit(need);
            if (i < 0) {
                failed(len);
                return 0;
            }
            take(i, need);
            req[i] = n;
            used += n;
            peakUsed = Math.max(peakUsed, used);
            touched(i);
            live++;
            peakLive = Math.max(peakLive, live);
            allocations++;
            offset = start[i] + HEADER;
        }
        if (zero) {
            Arrays.fill(bytes, offset, offset + n, (byte) 0);
        }
        return base + offset;
    }

    private void countFailure(long size) {
        synchronized (lock) {
            failed(size);
        }
    }

    /** Counts one failed allocation of {@code size} bytes. Caller holds the lock. */
    private void failed(long size) {
        failures++;
        if (size > biggestFailure) {
            biggestFailure = size;
            biggestFailureUsed = used;
        }
    }

    private void resized(int i, int old, int n) {
        req[i] = n;
        used += n - old;
        if (n > old) {
            peakUsed = Math.max(peakUsed, used);
            allocations++;
            touched(i);
        }
    }

    /** Block i was just allocated or grown. Under the lock. */
    private void touched(int i) {
        highWater = Math.max(highWater, start[i] + total[i]);
        windowPeak = Math.max(windowPeak, used);
    }

    /** Starts a new window for {@link #windowPeak()} (a profiler, before one call); returns {@code used} now. */
    long markWindow() {
        synchronized (lock) {
            windowPeak = used;
            return used;
        }
    }

    /** The highest {@code used} since the last {@link #markWindow()}. */
    long windowPeak() {
        synchronized (lock) {
            return windowPeak;
        }
    }

    /**
     * The highest block end ever reached, headers included: a first-fit heap of this size would
     * have placed every block of this history at the same address, so it is the heap this
     * history needed.
     */
    int highWater() {
        synchronized (lock) {
            return highWater;
        }
    }

    private static int blockSize(int payload) {
        return HEADER + ((payload + ALIGN - 1) & -ALIGN);
    }

    /** Index of the first free block of at least {@code need} bytes, or -1. */
    private int firstFit(int need) {
        for (int i = 0; i < count; i++) {
            if (req[i] == FREE && total[i] >= need) {
                return i;
            }
        }
        return -1;
    }

    /** Marks free block i allocated with {@code need} bytes, splitting off a usable tail. */
    private void take(int i, int need) {
        int rest = total[i] - need;
        if (rest >= MIN_BLOCK) {
            total[i] = need;
            insert(i + 1, start[i] + need, rest);
            freeBytes -= need;
        } else {
            freeBytes -= total[i];
        }
        req[i] = 0;
    }

    private void coalesceAround(int i) {
        coalesceWithNext(i);
        if (i > 0 && req[i - 1] == FREE) {
            total[i - 1] += total[i];
            remove(i);
        }
    }

    private void coalesceWithNext(int i) {
        if (i + 1 < count && req[i + 1] == FREE) {
            total[i] += total[i + 1];
            remove(i + 1);
        }
    }

    /** Index of the live block whose payload starts at va, or -1. */
    private int liveIndexOf(long va) {
        long off = va - base - HEADER;
        if (off < 0 || off >= capacity || off % ALIGN != 0) {
            return -1;
        }
        int i = indexOfStart((int) off);
        return i >= 0 && req[i] != FREE ? i : -1;
    }

    private int indexOfStart(int off) {
        int i = Arrays.binarySearch(start, 0, count, off);
        return i >= 0 ? i : -1;
    }

    /** Index of the block containing va, or -1 outside the blocks. */
    private int blockAt(long va) {
        long off = va - base;
        if (off < 0 || off >= capacity || count == 0) {
            return -1;
        }
        int i = Arrays.binarySearch(start, 0, count, (int) off);
        return i >= 0 ? i : -i - 2;
    }

    private void insert(int i, int blockStart, int blockTotal) {
        if (count == start.length) {
            int grown = count * 2;
            start = Arrays.copyOf(start, grown);
            total = Arrays.copyOf(total, grown);
            req = Arrays.copyOf(req, grown);
        }
        int tail = count - i;
        System.arraycopy(start, i, start, i + 1, tail);
        System.arraycopy(total, i, total, i + 1, tail);
        System.arraycopy(req, i, req, i + 1, tail);
        start[i] = blockStart;
        total[i] = blockTotal;
        req[i] = FREE;
        count++;
    }

    private void remove(int i) {
        int tail = count - i - 1;
        System.arraycopy(start, i + 1, start, i, tail);
        System.arraycopy(total, i + 1, total, i, tail);
        System.arraycopy(req, i + 1, req, i, tail);
        count--;
    }

    private void invalidateHit() {
        hitLo = Long.MAX_VALUE;
        hitHi = 0;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
