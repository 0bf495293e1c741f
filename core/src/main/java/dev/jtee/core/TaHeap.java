package dev.jtee.core;

import java.util.List;

/**
 * The heap of one TA instance: a real allocator over {@code size} bytes of the instance's data
 * region, mapped at virtual address {@code base}. Blocks are carved from the bytes with headers
 * kept outside the TA-visible area; free blocks coalesce. Not thread-safe: only the instance's
 * thread uses it (plus the world reading {@link #stats()} for metrics, which tolerates a racy view).
 */
final class TaHeap {
    /** The address TEE_Malloc(0) returns: non-NULL, never dereferenceable. */
    static final long ZERO_SIZE_PTR = 0x10L;

    /**
     * @param base virtual address of the first heap byte
     * @param size heap size in bytes ({@code TA_DATA_SIZE})
     */
    TaHeap(long base, int size) {
        throw new UnsupportedOperationException("TODO");
    }

    /** TEE_Malloc semantics incl. hints (see TeeApi); returns a VA or 0 when out of memory. */
    long malloc(long size, int hint) {
        throw new UnsupportedOperationException("TODO");
    }

    long realloc(long va, long newSize) {
        throw new UnsupportedOperationException("TODO");
    }

    void free(long va) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Whether {@code [va, va+len)} lies inside one live block. */
    boolean inLiveBlock(long va, long len) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Whether va is inside the heap region at all (live block or not). */
    boolean inRegion(long va) {
        throw new UnsupportedOperationException("TODO");
    }

    /** The bytes backing the heap; index = va - base. Callers check bounds with inLiveBlock first. */
    byte[] bytes() {
        throw new UnsupportedOperationException("TODO");
    }

    long base() {
        throw new UnsupportedOperationException("TODO");
    }

    HeapStats stats() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Blocks still allocated (reported as leaks when the instance is destroyed). */
    List<HeapStats.Block> liveBlocks() {
        throw new UnsupportedOperationException("TODO");
    }
}
