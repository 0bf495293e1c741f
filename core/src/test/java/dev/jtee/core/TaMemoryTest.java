package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeApi;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TaMemoryTest {
    private static final long RAM_BASE = 0x0e100000L;
    private static final int READ = TeeApi.ACCESS_READ;
    private static final int WRITE = TeeApi.ACCESS_WRITE;
    private static final int ANY = TeeApi.ACCESS_ANY_OWNER;

    private SecureRam ram;
    private TaMemory mem;
    private TaHeap heap;

    @BeforeEach
    void setUp() {
        ram = new SecureRam(RAM_BASE, 1 << 20);
        mem = TaMemory.reserve(ram, 0x2000, 32 * 1024, 4096);
        heap = mem.heap();
    }

    private static DataAbort abort(DataAbort.Kind kind, long address, Executable access) {
        DataAbort a = assertThrows(DataAbort.class, access);
        assertEquals(kind, a.kind, a.getMessage());
        assertEquals(address, a.address, () -> "fault address 0x" + Long.toHexString(a.address));
        return a;
    }

    private long bytesAt(int len, int first) {
        long p = heap.malloc(len, TeeApi.MALLOC_FILL_ZERO);
        for (int i = 0; i < len; i++) {
            mem.putByte(p + i, (byte) (first + i));
        }
        return p;
    }

    private byte[] read(long va, int len) {
        byte[] b = new byte[len];
        mem.read(va, b, 0, len);
        return b;
    }

    @Test
    void layoutAndDumpLines() {
        assertEquals(TaMemory.CODE_VA, mem.codeVa());
        assertEquals(0x40022000L, heap.base(), "data right after the code");
        assertEquals(0x4002b000L, mem.stackVa(), "stack after the data and a guard page");
        assertEquals(0x4002c000L, mem.stackTop());
        long in = mem.mapParam(new byte[100], 0, 100, false);
        long out = mem.mapParam(new byte[5000], 0, 5000, true);
        assertEquals(0x40100000L, in);
        assertEquals(0x40102000L, out, "one page, a guard page");
        assertEquals(List.of(
                "region  0: va 0x40020000 pa 0x0e100000 size 0x002000 flags r-xs [0]",
                "region  1: va 0x40022000 pa 0x0e102000 size 0x008000 flags rw-s [0]",
                "region  2: va 0x4002b000 pa 0x0e10a000 size 0x001000 flags rw-s (stack)",
                "region  3: va 0x40100000 pa 0x42000000 size 0x001000 flags r--- (param)",
                "region  4: va 0x40102000 pa 0x42001000 size 0x002000 flags rw-- (param)"),
                mem.dumpRegionLines());
        List<MemoryRegion> regions = mem.regions();
        for (int i = 1; i < regions.size(); i++) {
            assertTrue(regions.get(i).va() >= regions.get(i - 1).va() + regions.get(i - 1).size(), "VA order");
        }
        mem.unmapParams();
        assertEquals(3, mem.regions().size());
        assertEquals(in, mem.mapParam(new byte[8], 0, 8, true), "the next call reuses the parameter VAs");
        assertEquals("region 12: va 0x40020000 pa 0x0e100000 size 0x002000 flags r-xs [0]",
                new MemoryRegion(0x40020000L, 0x0e100000L, 0x2000, "r-xs", " [0]").dumpLine(12));
    }

    @Test
    void nullAndUnmappedAreTranslationFaults() {
        DataAbort a = abort(DataAbort.Kind.TRANSLATION_FAULT, 0, () -> mem.getByte(0));
        assertTrue(a.getMessage().contains("translation fault at address 0x00000000"), a.getMessage());
        abort(DataAbort.Kind.TRANSLATION_FAULT, 0, () -> mem.putByte(0, (byte) 1));
        abort(DataAbort.Kind.TRANSLATION_FAULT, 0x20, () -> mem.getByte(0x20));
        abort(DataAbort.Kind.TRANSLATION_FAULT, 0x50000000L, () -> mem.write(0x50000000L, new byte[4], 0, 4));
        abort(DataAbort.Kind.TRANSLATION_FAULT, 0x4002a000L, () -> mem.getByte(0x4002a000L)); // guard page
        abort(DataAbort.Kind.TRANSLATION_FAULT, 0x40100000L, () -> mem.getByte(0x40100000L)); // no param mapped
        abort(DataAbort.Kind.TRANSLATION_FAULT, -8, () -> mem.getByte(-8));
    }

    @Test
    void zeroSizePointer() {
        long z = heap.malloc(0, TeeApi.MALLOC_FILL_ZERO);
        assertEquals(TaHeap.ZERO_SIZE_PTR, z);
        DataAbort a = abort(DataAbort.Kind.ZERO_SIZE_POINTER, z, () -> mem.getByte(z));
        assertTrue(!a.write);
        assertTrue(abort(DataAbort.Kind.ZERO_SIZE_POINTER, z, () -> mem.putByte(z, (byte) 0)).write);
        abort(DataAbort.Kind.ZERO_SIZE_POINTER, z, () -> mem.memFill(z, 0, 1));
        mem.memFill(z, 0, 0); // size 0 touches nothing
        mem.memMove(z, 0, 0);
        assertEquals(0, mem.memCompare(z, 0, 0));
    }

    @Test
    void heapOutOfBoundsAndUseAfterFree() {
        long p = heap.malloc(10, TeeApi.MALLOC_FILL_ZERO);
        mem.putByte(p + 9, (byte) 42);
        assertEquals(42, mem.getByte(p + 9));
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, p + 10, () -> mem.getByte(p + 10));
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, p + 10, () -> mem.read(p + 8, new byte[4], 0, 4));
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, p - 1, () -> mem.putByte(p - 1, (byte) 0));
        long q = heap.malloc(10, TeeApi.MALLOC_FILL_ZERO);
        assertEquals(p + 32, q, "10 bytes + padding + the next header");
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, p + 10, () -> mem.write(p, new byte[33], 0, 33));
        heap.free(p);
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, p, () -> mem.getByte(p));
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, p + 3, () -> mem.putByte(p + 3, (byte) 1));
        // beyond TA_DATA_SIZE inside nothing: the data region's last bytes are not a block
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, heap.base() + 32 * 1024 - 1,
                () -> mem.getByte(heap.base() + 32 * 1024 - 1));
        assertEquals(0, mem.getByte(q));
    }

    @Test
    void parameterPermissionsAndBounds() {
        byte[] input = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] output = new byte[16];
        long in = mem.mapParam(input, 2, 4, false);
        long out = mem.mapParam(output, 8, 8, true);
        assertArrayEquals(new byte[] {3, 4, 5, 6}, read(in, 4));
        DataAbort w = abort(DataAbort.Kind.PERMISSION_FAULT, in + 1, () -> mem.putByte(in + 1, (byte) 0));
        assertTrue(w.write);
        abort(DataAbort.Kind.PERMISSION_FAULT, in, () -> mem.memFill(in, 0, 4));
        abort(DataAbort.Kind.TRANSLATION_FAULT, in + 4, () -> mem.getByte(in + 4));
        abort(DataAbort.Kind.TRANSLATION_FAULT, in + 4, () -> mem.read(in + 2, new byte[3], 0, 3));
        mem.write(out + 2, new byte[] {9, 9}, 0, 2);
        assertEquals(9, output[10], "writes reach the client buffer at its offset");
        assertEquals(0, output[9]);
        abort(DataAbort.Kind.TRANSLATION_FAULT, out + 8, () -> mem.putByte(out + 8, (byte) 1));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, input, "input untouched");

        assertEquals(0, mem.mapParam(null, 0, 0, true), "null memref");
        long empty = mem.mapParam(new byte[4], 4, 0, true);
        assertNotEquals(0, empty);
        abort(DataAbort.Kind.TRANSLATION_FAULT, empty, () -> mem.getByte(empty));
        mem.mapParam(new byte[1], 0, 1, true);
        assertThrows(IllegalStateException.class, () -> mem.mapParam(new byte[1], 0, 1, true), "only 4 params");
        assertThrows(IndexOutOfBoundsException.class, () -> {
            mem.unmapParams();
            mem.mapParam(new byte[4], 2, 4, true);
        });
        mem.unmapParams();
        abort(DataAbort.Kind.TRANSLATION_FAULT, out, () -> mem.getByte(out));
    }

    @Test
    void codeIsReadOnlyAndStackIsReadWrite() {
        long code = mem.codeVa();
        assertEquals(0, mem.getByte(code + 100));
        abort(DataAbort.Kind.PERMISSION_FAULT, code, () -> mem.putByte(code, (byte) 1));
        abort(DataAbort.Kind.PERMISSION_FAULT, code + 16, () -> mem.memFill(code + 16, 0, 4));
        long sp = mem.stackTop() - 16;
        mem.write(sp, new byte[] {1, 2, 3}, 0, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, read(sp, 3));
        abort(DataAbort.Kind.TRANSLATION_FAULT, mem.stackTop(), () -> mem.read(sp, new byte[17], 0, 17));
        // a range crossing from code into data leaves its mapping
        abort(DataAbort.Kind.TRANSLATION_FAULT, heap.base(), () -> mem.read(heap.base() - 4, new byte[8], 0, 8));
    }

    @Test
    void memMoveBetweenAnyMappedRanges() {
        long src = bytesAt(16, 1);
        byte[] client = new byte[32];
        long param = mem.mapParam(client, 0, 32, true);
        mem.memMove(param + 4, src, 16); // heap -> param
        assertEquals(1, client[4]);
        assertEquals(16, client[19]);
        long dst = heap.malloc(16, TeeApi.MALLOC_FILL_ZERO);
        mem.memMove(dst, param + 4, 16); // param -> heap
        assertArrayEquals(read(src, 16), read(dst, 16));
        // overlapping, forwards and backwards
        mem.memMove(src + 2, src, 10);
        assertArrayEquals(new byte[] {1, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16}, read(src, 16));
        mem.memMove(src, src + 4, 12);
        assertArrayEquals(new byte[] {3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16, 13, 14, 15, 16}, read(src, 16));
        // faults: destination read-only, source too short, huge size_t
        long ro = mem.mapParam(new byte[16], 0, 16, false);
        abort(DataAbort.Kind.PERMISSION_FAULT, ro, () -> mem.memMove(ro, src, 4));
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, src + 16, () -> mem.memMove(param, src, 17));
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, src + 16, () -> mem.memMove(dst, src, -1));
        mem.memMove(0, 0, 0);
    }

    @Test
    void memFill() {
        long p = heap.malloc(24, TeeApi.MALLOC_FILL_ZERO);
        mem.memFill(p + 4, 0x1AB, 16);
        byte[] expected = new byte[24];
        Arrays.fill(expected, 4, 20, (byte) 0xAB);
        assertArrayEquals(expected, read(p, 24));
        abort(DataAbort.Kind.HEAP_OUT_OF_BOUNDS, p + 24, () -> mem.memFill(p, 0, 25));
    }

    @Test
    void memCompareIsMemcmp() {
        long a = bytesAt(8, 10);
        long b = bytesAt(8, 10);
        assertEquals(0, mem.memCompare(a, b, 8));
        mem.putByte(b + 3, (byte) 0x80); // unsigned: 0x80 > 13
        mem.putByte(b + 6, (byte) 0);    // a later, opposite difference must not win
        assertTrue(mem.memCompare(a, b, 8) < 0);
        assertTrue(mem.memCompare(b, a, 8) > 0);
        assertEquals(0, mem.memCompare(a, b, 3));
        assertTrue(mem.memCompare(a + 6, b + 6, 2) > 0);
        byte[] client = {10, 11, 12};
        long param = mem.mapParam(client, 0, 3, false);
        assertEquals(0, mem.memCompare(param, a, 3), "param against heap");
        abort(DataAbort.Kind.TRANSLATION_FAULT, param + 3, () -> mem.memCompare(param, a, 4));
        abort(DataAbort.Kind.TRANSLATION_FAULT, 0, () -> mem.memCompare(0, a, 1));
    }

    @Test
    void checkAccessRights() {
        long p = heap.malloc(32, TeeApi.MALLOC_FILL_ZERO);
        long in = mem.mapParam(new byte[64], 0, 64, false);
        long out = mem.mapParam(new byte[64], 0, 64, true);
        // size 0 always succeeds, even for NULL
        assertEquals(TeeResult.SUCCESS, mem.checkAccessRights(READ | WRITE, 0, 0));
        // unknown flag bits
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ | 0x8, p, 4));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(0x100, p, 4));
        // unmapped, NULL, zero-size pointer, overflow
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, 0, 4));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, TaHeap.ZERO_SIZE_PTR, 1));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, 0x50000000L, 4));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, p, Long.MAX_VALUE));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, p, -1));
        // heap: inside one allocated block only; ANY_OWNER is not needed for private memory
        assertEquals(TeeResult.SUCCESS, mem.checkAccessRights(READ | WRITE, p, 32));
        assertEquals(TeeResult.SUCCESS, mem.checkAccessRights(READ | WRITE | ANY, p + 8, 8));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, p, 33));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, p - 4, 8));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, heap.base() + 20_000, 8), "free heap");
        // params need ANY_OWNER; INPUT forbids WRITE; bounded by the buffer size
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, in, 8));
        assertEquals(TeeResult.SUCCESS, mem.checkAccessRights(READ | ANY, in, 64));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(WRITE | ANY, in, 8));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ | WRITE | ANY, in, 8));
        assertEquals(TeeResult.SUCCESS, mem.checkAccessRights(READ | WRITE | ANY, out, 64));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ | WRITE, out, 64));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ | ANY, out, 65));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ | ANY, out + 64, 1));
        // code readable, never writable; stack both
        assertEquals(TeeResult.SUCCESS, mem.checkAccessRights(READ, mem.codeVa(), 0x2000));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(WRITE, mem.codeVa(), 4));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, mem.codeVa(), 0x2001));
        assertEquals(TeeResult.SUCCESS, mem.checkAccessRights(READ | WRITE, mem.stackVa(), 4096));
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ | WRITE, mem.stackVa(), 4097));
        // after free the block is gone
        heap.free(p);
        assertEquals(TeeResult.ACCESS_DENIED, mem.checkAccessRights(READ, p, 4));
    }

    @Test
    void reservationComesFromSecureRamAndIsReturned() {
        long used = ram.used();
        assertEquals(0x2000 + 32 * 1024 + 4096, used);
        SecureRam small = new SecureRam(RAM_BASE, 0x8000);
        assertNull(TaMemory.reserve(small, 0x2000, 32 * 1024, 4096), "does not fit");
        assertEquals(0, small.used(), "a failed reservation keeps nothing");
        assertNull(TaMemory.reserve(small, 0x2000, 16 * 1024, 0x4000));
        assertEquals(0, small.used());
        TaMemory fits = TaMemory.reserve(small, 0x1000, 16 * 1024, 0x3000);
        assertEquals(0x8000, small.used());
        fits.release();
        fits.release();
        assertEquals(0, small.used());
        mem.release();
        assertEquals(0, ram.used());
    }

    /** The TA's hot path: checked accesses, malloc and free allocate nothing once warm. */
    @Test
    void accessesDoNotAllocate() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        assertTrue(bean instanceof com.sun.management.ThreadMXBean, "HotSpot's ThreadMXBean");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        long a = heap.malloc(256, TeeApi.MALLOC_FILL_ZERO);
        long b = heap.malloc(256, TeeApi.MALLOC_FILL_ZERO);
        byte[] client = new byte[256];
        long param = mem.mapParam(client, 0, 256, true);
        byte[] javaSide = new byte[64];
        int sink = 0;
        for (int round = 0; round < 2; round++) { // the first round warms up (class init, growth of the block table)
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                int off = i & 0xFF;
                mem.putByte(a + off, (byte) i);
                sink += mem.getByte(b + off);
                sink += mem.getByte(param + off);
                mem.memMove(b, a, 256);
                mem.memMove(param, b, 128);
                mem.memFill(a + 16, i, 64);
                sink += mem.memCompare(a, b, 256);
                mem.read(a, javaSide, 0, 64);
                mem.write(param + 64, javaSide, 0, 64);
                long p = heap.malloc(1 + off, TeeApi.MALLOC_FILL_ZERO);
                mem.putByte(p, (byte) 1);
                heap.free(p);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                assertTrue(allocated < 1024, "hot path allocated " + allocated + " bytes");
            }
        }
        assertNotEquals(Integer.MIN_VALUE, sink);
    }

    @Test
    void constructorRejectsBadLayouts() {
        TaHeap h = new TaHeap(0x40022000L, 4096);
        assertThrows(IllegalArgumentException.class,
                () -> new TaMemory(h, 0x40021000L, RAM_BASE, 0x2000, 0x40030000L, RAM_BASE, 4096), "code overlaps data");
        assertThrows(IllegalArgumentException.class,
                () -> new TaMemory(h, 0x40020000L, RAM_BASE, 0x2000, 0x40030100L, RAM_BASE, 4096), "unaligned stack");
        TaMemory m = new TaMemory(h, 0x40020000L, RAM_BASE, 0x2000, 0x40030000L, 0x0e200000L, 4096);
        assertEquals("region  1: va 0x40022000 pa 0x0e102000 size 0x001000 flags rw-s [0]", m.dumpRegionLines().get(1),
                "data PA defaults to right after the code");
    }
}
