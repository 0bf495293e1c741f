package dev.jtee.core;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeApi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The address space of one TA instance and every checked access to it: the emulated MMU. Holds the
 * instance's regions (code, data/heap, stack, and the parameter buffers of the current call) and
 * turns every TA access by virtual address into a bounds- and permission-checked access of the
 * backing bytes, throwing {@link DataAbort} on anything a real MMU or a hardened allocator would
 * refuse (unmapped address, NULL, zero-size pointer, outside a live heap block, use after free,
 * write to a read-only parameter or to code).
 *
 * <p>Used from the instance's thread only (regions are set up by the world before the TA runs).
 * Accesses allocate nothing: the region lookup is a few comparisons and the heap check is the
 * heap's cached, O(log blocks) live-block test.
 *
 * <p>Layout, as in an OP-TEE user TA: code at {@link #CODE_VA}, the data region (the heap) right
 * after it, a guard page, the stack, and the parameters of the current call from a higher range,
 * one guard page between each. An access must lie wholly inside one mapping; a parameter's
 * accessible bytes are exactly {@code [va, va+size)} even though its mapping is page-rounded.
 */
final class TaMemory {
    static final long PAGE = 4096;
    /** Where the TA's code is mapped (OP-TEE loads the first TA ELF around here). */
    static final long CODE_VA = 0x40020000L;
    /** Physical base of the normal-world shared memory parameters come from (QEMU virt's SHM). */
    static final long NS_SHM_PA = 0x42000000L;
    /** Size of that shared memory window; parameter PAs cycle through it. */
    static final long NS_SHM_SIZE = 0x00200000L;
    /** TEEC_CONFIG_PAYLOAD_REF_COUNT. */
    static final int MAX_PARAMS = 4;

    private final TaHeap heap;
    private final long codeVa;
    private final long codePa;
    private final long codeEnd;
    private final long dataVa;
    private final long dataPa;
    private final long dataEnd;
    private final long stackVa;
    private final long stackPa;
    private final long stackEnd;
    private final long paramBase;
    private byte[] code;
    private byte[] stack;

    // Parameter mappings of the current call, in VA order.
    private final long[] paramVa = new long[MAX_PARAMS];
    private final long[] paramPa = new long[MAX_PARAMS];
    private final long[] paramSize = new long[MAX_PARAMS];
    private final long[] paramMapped = new long[MAX_PARAMS];
    private final byte[][] paramBuffer = new byte[MAX_PARAMS][];
    private final int[] paramOffset = new int[MAX_PARAMS];
    private final boolean[] paramWritable = new boolean[MAX_PARAMS];
    private int params;
    private long nextParamVa;
    private long nextParamPa;

    /** Set by {@link #resolve}: the index in the returned array of the first byte. */
    private int resolved;

    /** Where the regions' pages came from, when {@link #reserve} made them; null once released. */
    private SecureRam ram;
    private final long codeSize;
    private final long stackSize;

    /**
     * Maps the data region's pages at {@code codePa + pageRound(codeSize)} (contiguous with the
     * code); use the other constructor to give its physical address.
     *
     * @param heap      the instance's heap (its region is the data region)
     * @param codeSize  bytes of the emulated code region ({@code r-xs})
     * @param stackSize bytes of the stack region ({@code rw-s (stack)})
     */
    TaMemory(TaHeap heap, long codeVa, long codePa, long codeSize, long stackVa, long stackPa, long stackSize) {
        this(heap, codeVa, codePa, codeSize, stackVa, stackPa, stackSize, codePa + pageRound(codeSize));
    }

    /**
     * @param heap      the instance's heap (its region is the data region, at {@code heap.base()})
     * @param codeSize  bytes of the emulated code region ({@code r-xs})
     * @param stackSize bytes of the stack region ({@code rw-s (stack)})
     * @param dataPa    physical address of the data region
     */
    TaMemory(TaHeap heap, long codeVa, long codePa, long codeSize, long stackVa, long stackPa, long stackSize,
             long dataPa) {
        this.heap = Objects.requireNonNull(heap, "heap");
        if (codeSize <= 0 || stackSize <= 0) {
            throw new IllegalArgumentException("code and stack sizes must be positive");
        }
        for (long a : new long[] {codeVa, codePa, stackVa, stackPa, heap.base(), dataPa}) {
            if (a <= 0 || a % PAGE != 0) {
                throw new IllegalArgumentException("addresses must be page-aligned and non-zero: 0x" + Long.toHexString(a));
            }
        }
        this.codeVa = codeVa;
        this.codePa = codePa;
        this.codeEnd = codeVa + pageRound(codeSize);
        this.dataVa = heap.base();
        this.dataPa = dataPa;
        this.dataEnd = dataVa + pageRound(heap.size());
        this.stackVa = stackVa;
        this.stackPa = stackPa;
        this.stackEnd = stackVa + pageRound(stackSize);
        this.codeSize = codeSize;
        this.stackSize = stackSize;
        if (overlap(codeVa, codeEnd, dataVa, dataEnd) || overlap(codeVa, codeEnd, stackVa, stackEnd)
                || overlap(dataVa, dataEnd, stackVa, stackEnd)) {
            throw new IllegalArgumentException("code, data and stack regions overlap");
        }
        long highest = Math.max(codeEnd, Math.max(dataEnd, stackEnd));
        this.paramBase = (highest + PAGE + 0xFFFFF) & -0x100000L;
        this.nextParamVa = paramBase;
        this.nextParamPa = NS_SHM_PA;
    }

    /**
     * Lays out a new instance's address space at the usual VAs and reserves its code, data and
     * stack pages from {@code ram}; null when the secure RAM cannot hold them (nothing is kept
     * reserved then). {@link #release()} gives the pages back.
     */
    static TaMemory reserve(SecureRam ram, long codeSize, int dataSize, long stackSize) {
        long codePa = ram.reserve(codeSize);
        if (codePa < 0) {
            return null;
        }
        long dataPa = ram.reserve(Math.max(dataSize, 1));
        if (dataPa < 0) {
            ram.release(codePa, codeSize);
            return null;
        }
        long stackPa = ram.reserve(stackSize);
        if (stackPa < 0) {
            ram.release(dataPa, Math.max(dataSize, 1));
            ram.release(codePa, codeSize);
            return null;
        }
        long dataVa = CODE_VA + pageRound(codeSize);
        long stackVa = dataVa + pageRound(Math.max(dataSize, 1)) + PAGE;
        TaMemory memory = new TaMemory(new TaHeap(dataVa, dataSize), CODE_VA, codePa, codeSize,
                stackVa, stackPa, stackSize, dataPa);
        memory.ram = ram;
        return memory;
    }

    /** Gives the pages {@link #reserve} took back to the secure RAM; idempotent, no-op otherwise. */
    void release() {
        SecureRam r = ram;
        if (r != null) {
            ram = null;
            r.release(codePa, codeSize);
            r.release(dataPa, Math.max(heap.size(), 1));
            r.release(stackPa, stackSize);
        }
    }

    TaHeap heap() {
        return heap;
    }

    long codeVa() {
        return codeVa;
    }

    long stackVa() {
        return stackVa;
    }

    /** The initial stack pointer: the top of the stack region. */
    long stackTop() {
        return stackEnd;
    }

    /**
     * Maps {@code [offset, offset+size)} of a client buffer as a {@code (param)} region for the
     * current call; returns its virtual address (0 for a null memref: buffer null, size 0). The
     * TA's accesses go straight to {@code buffer}. A non-null buffer of size 0 gets a mapping with
     * no accessible byte (a non-NULL pointer that aborts when dereferenced).
     *
     * @throws IllegalStateException if four parameters are mapped already
     */
    long mapParam(byte[] buffer, int offset, int size, boolean writable) {
        if (buffer == null) {
            if (size != 0) {
                throw new IllegalArgumentException("null buffer with size " + size);
            }
            return 0;
        }
        Objects.checkFromIndexSize(offset, size, buffer.length);
        if (params == MAX_PARAMS) {
            throw new IllegalStateException("more than " + MAX_PARAMS + " parameters mapped");
        }
        int i = params++;
        long mapped = Math.max(PAGE, pageRound(size));
        paramVa[i] = nextParamVa;
        paramMapped[i] = mapped;
        paramSize[i] = size;
        paramBuffer[i] = buffer;
        paramOffset[i] = offset;
        paramWritable[i] = writable;
        if (nextParamPa + mapped > NS_SHM_PA + NS_SHM_SIZE) {
            nextParamPa = NS_SHM_PA;
        }
        paramPa[i] = nextParamPa;
        nextParamPa += mapped;
        nextParamVa += mapped + PAGE;
        return paramVa[i];
    }

    /** Drops every parameter mapping (after the entry point returns); the next call reuses the VAs. */
    void unmapParams() {
        for (int i = 0; i < params; i++) {
            paramBuffer[i] = null;
        }
        params = 0;
        nextParamVa = paramBase;
    }

    byte getByte(long va) {
        byte[] b = resolve(va, 1, false);
        return b[resolved];
    }

    void putByte(long va, byte value) {
        byte[] b = resolve(va, 1, true);
        b[resolved] = value;
    }

    /** Copies TA memory into a Java array; a bad {@code dst} range is the caller's bug (IndexOutOfBounds). */
    void read(long va, byte[] dst, int dstOffset, int length) {
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        if (length == 0) {
            return;
        }
        byte[] b = resolve(va, length, false);
        System.arraycopy(b, resolved, dst, dstOffset, length);
    }

    /** Copies a Java array into TA memory. */
    void write(long va, byte[] src, int srcOffset, int length) {
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        if (length == 0) {
            return;
        }
        byte[] b = resolve(va, length, true);
        System.arraycopy(src, srcOffset, b, resolved, length);
    }

    /**
     * memmove between any two mapped ranges (heap and params), overlap-safe. Size 0 touches
     * nothing; a negative size is a huge size_t and aborts at the end of the mapping.
     */
    void memMove(long dest, long src, long size) {
        if (size == 0) {
            return;
        }
        long len = size < 0 ? Long.MAX_VALUE : size;
        byte[] s = resolve(src, len, false);
        int so = resolved;
        byte[] d = resolve(dest, len, true);
        System.arraycopy(s, so, d, resolved, (int) len);
    }

    /** memset with the low byte of {@code x}. */
    void memFill(long va, int x, long size) {
        if (size == 0) {
            return;
        }
        long len = size < 0 ? Long.MAX_VALUE : size;
        byte[] b = resolve(va, len, true);
        Arrays.fill(b, resolved, resolved + (int) len, (byte) x);
    }

    /**
     * Constant-time for a given size: visits every byte whatever differs, no data-dependent
     * branch. Sign as memcmp (-1, 0, 1) from the first differing byte, compared unsigned.
     */
    int memCompare(long a, long b, long size) {
        if (size == 0) {
            return 0;
        }
        long len = size < 0 ? Long.MAX_VALUE : size;
        byte[] x = resolve(a, len, false);
        int xo = resolved;
        byte[] y = resolve(b, len, false);
        int yo = resolved;
        int result = 0;
        for (int i = 0; i < (int) len; i++) {
            int diff = (x[xo + i] & 0xFF) - (y[yo + i] & 0xFF);
            // Keep the first difference: the mask is all ones while result is still 0.
            int stillEqual = ((result | -result) >> 31) + 1;
            result |= diff & -stillEqual;
        }
        return Integer.signum(result);
    }

    /** Whether {@code [va, va+size)} overlaps a parameter of the current call (its caller's memory). */
    boolean inParam(long va, long size) {
        for (int i = 0; i < params; i++) {
            if (va < paramVa[i] + paramMapped[i] && paramVa[i] < va + Math.max(1, size)) {
                return true;
            }
        }
        return false;
    }

    /**
     * TEE_CheckMemoryAccessRights rules (reference §2); SUCCESS or ACCESS_DENIED. Size 0 is
     * SUCCESS; unknown flag bits, unmapped or straddling ranges are denied; a parameter buffer
     * needs ANY_OWNER and refuses WRITE when it is an input; a heap range must lie inside one
     * allocated block; code is readable, never writable.
     */
    TeeResult checkAccessRights(int accessFlags, long va, long size) {
        if (size == 0) {
            return TeeResult.SUCCESS;
        }
        int known = TeeApi.ACCESS_READ | TeeApi.ACCESS_WRITE | TeeApi.ACCESS_ANY_OWNER;
        if ((accessFlags & ~known) != 0 || size < 0 || va + size < va) {
            return TeeResult.ACCESS_DENIED;
        }
        boolean write = (accessFlags & TeeApi.ACCESS_WRITE) != 0;
        if (va >= dataVa && va < dataEnd) {
            return heap.inLiveBlock(va, size) ? TeeResult.SUCCESS : TeeResult.ACCESS_DENIED;
        }
        for (int i = 0; i < params; i++) {
            if (va >= paramVa[i] && va < paramVa[i] + paramMapped[i]) {
                boolean ok = (accessFlags & TeeApi.ACCESS_ANY_OWNER) != 0
                        && (!write || paramWritable[i])
                        && va < paramVa[i] + paramSize[i] && size <= paramVa[i] + paramSize[i] - va;
                return ok ? TeeResult.SUCCESS : TeeResult.ACCESS_DENIED;
            }
        }
        if (va >= codeVa && va < codeEnd) {
            return !write && size <= codeEnd - va ? TeeResult.SUCCESS : TeeResult.ACCESS_DENIED;
        }
        if (va >= stackVa && va < stackEnd) {
            return size <= stackEnd - va ? TeeResult.SUCCESS : TeeResult.ACCESS_DENIED;
        }
        return TeeResult.ACCESS_DENIED;
    }

    /** Every region in address order, for the dump. */
    List<MemoryRegion> regions() {
        List<MemoryRegion> list = new ArrayList<>(3 + params);
        list.add(new MemoryRegion(codeVa, codePa, codeEnd - codeVa, "r-xs", " [0]"));
        if (dataEnd > dataVa) {
            list.add(new MemoryRegion(dataVa, dataPa, dataEnd - dataVa, "rw-s", " [0]"));
        }
        list.add(new MemoryRegion(stackVa, stackPa, stackEnd - stackVa, "rw-s", " (stack)"));
        for (int i = 0; i < params; i++) {
            list.add(new MemoryRegion(paramVa[i], paramPa[i], paramMapped[i], paramWritable[i] ? "rw--" : "r---",
                    " (param)"));
        }
        list.sort(Comparator.comparingLong(MemoryRegion::va));
        return list;
    }

    /**
     * The dump's region lines, numbered from 0 in VA order, in ldelf's format:
     * {@code region  N: va 0x… pa 0x… size 0x… flags rw-s (stack)}.
     */
    List<String> dumpRegionLines() {
        List<MemoryRegion> regions = regions();
        List<String> lines = new ArrayList<>(regions.size());
        for (int i = 0; i < regions.size(); i++) {
            lines.add(regions.get(i).dumpLine(i));
        }
        return lines;
    }

    // ---- internals

    /**
     * Checks an access of {@code len > 0} bytes at va and returns the array backing it, with the
     * index of va in {@link #resolved}; throws the abort a real MMU / hardened allocator would.
     */
    private byte[] resolve(long va, long len, boolean write) {
        if (va >= dataVa && va < dataEnd) {
            // The hot path: heap accesses.
            if (!heap.inLiveBlock(va, len)) {
                throw new DataAbort(heap.faultAddress(va, len), DataAbort.Kind.HEAP_OUT_OF_BOUNDS, write);
            }
            resolved = (int) (va - dataVa);
            return heap.bytes();
        }
        if (va == TaHeap.ZERO_SIZE_PTR) {
            throw new DataAbort(va, DataAbort.Kind.ZERO_SIZE_POINTER, write);
        }
        for (int i = 0; i < params; i++) {
            long pva = paramVa[i];
            if (va >= pva && va < pva + paramMapped[i]) {
                if (write && !paramWritable[i]) {
                    throw new DataAbort(va, DataAbort.Kind.PERMISSION_FAULT, true);
                }
                long end = pva + paramSize[i];
                if (va >= end) {
                    throw new DataAbort(va, DataAbort.Kind.TRANSLATION_FAULT, write);
                }
                if (len > end - va) {
                    throw new DataAbort(end, DataAbort.Kind.TRANSLATION_FAULT, write);
                }
                resolved = paramOffset[i] + (int) (va - pva);
                return paramBuffer[i];
            }
        }
        if (va >= codeVa && va < codeEnd) {
            if (write) {
                throw new DataAbort(va, DataAbort.Kind.PERMISSION_FAULT, true);
            }
            if (len > codeEnd - va) {
                throw new DataAbort(codeEnd, DataAbort.Kind.TRANSLATION_FAULT, false);
            }
            if (code == null) {
                code = new byte[(int) (codeEnd - codeVa)];
            }
            resolved = (int) (va - codeVa);
            return code;
        }
        if (va >= stackVa && va < stackEnd) {
            if (len > stackEnd - va) {
                throw new DataAbort(stackEnd, DataAbort.Kind.TRANSLATION_FAULT, write);
            }
            if (stack == null) {
                stack = new byte[(int) (stackEnd - stackVa)];
            }
            resolved = (int) (va - stackVa);
            return stack;
        }
        throw new DataAbort(va, DataAbort.Kind.TRANSLATION_FAULT, write);
    }

    private static boolean overlap(long a0, long a1, long b0, long b1) {
        return a0 < b1 && b0 < a1;
    }

    private static long pageRound(long size) {
        return (size + PAGE - 1) & -PAGE;
    }
}
