package dev.jtee.core;

import dev.jtee.api.TeeResult;
import java.util.List;

/**
 * The address space of one TA instance and every checked access to it: the emulated MMU. Holds the
 * instance's regions (code, data/heap, stack, and the parameter buffers of the current call) and
 * turns every TA access by virtual address into a bounds- and permission-checked access of the
 * backing bytes, throwing {@link DataAbort} on anything a real MMU or a hardened allocator would
 * refuse (unmapped address, NULL, zero-size pointer, outside a live heap block, use after free,
 * write to a read-only parameter or to code).
 *
 * <p>Used from the instance's thread only (regions are set up by the world before the TA runs).
 */
final class TaMemory {
    /**
     * @param heap      the instance's heap (its region is the data region)
     * @param codeSize  bytes of the emulated code region ({@code r-xs})
     * @param stackSize bytes of the stack region ({@code rw-s (stack)})
     * @param secureRam where the code, data and stack regions' physical pages come from
     */
    TaMemory(TaHeap heap, long codeVa, long codePa, long codeSize, long stackVa, long stackPa, long stackSize) {
        throw new UnsupportedOperationException("TODO");
    }

    TaHeap heap() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Maps {@code [offset, offset+size)} of a client buffer as a {@code (param)} region for the
     * current call; returns its virtual address (0 for a null memref: buffer null, size 0).
     */
    long mapParam(byte[] buffer, int offset, int size, boolean writable) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Drops every parameter mapping (after the entry point returns). */
    void unmapParams() {
        throw new UnsupportedOperationException("TODO");
    }

    byte getByte(long va) {
        throw new UnsupportedOperationException("TODO");
    }

    void putByte(long va, byte value) {
        throw new UnsupportedOperationException("TODO");
    }

    void read(long va, byte[] dst, int dstOffset, int length) {
        throw new UnsupportedOperationException("TODO");
    }

    void write(long va, byte[] src, int srcOffset, int length) {
        throw new UnsupportedOperationException("TODO");
    }

    /** memmove between any two mapped ranges (heap and params), overlap-safe. */
    void memMove(long dest, long src, long size) {
        throw new UnsupportedOperationException("TODO");
    }

    void memFill(long va, int x, long size) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Constant-time for a given size: visits every byte whatever differs. Sign as memcmp. */
    int memCompare(long a, long b, long size) {
        throw new UnsupportedOperationException("TODO");
    }

    /** TEE_CheckMemoryAccessRights rules (reference §2); SUCCESS or ACCESS_DENIED. */
    TeeResult checkAccessRights(int accessFlags, long va, long size) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Every region in address order, for the dump. */
    List<MemoryRegion> regions() {
        throw new UnsupportedOperationException("TODO");
    }

    /** The dump's region lines: {@code region  N: va 0x… pa 0x… size 0x… flags rw-s (stack)}. */
    List<String> dumpRegionLines() {
        throw new UnsupportedOperationException("TODO");
    }
}
