package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.ta.TeeApi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TaHeapTest {
    private static final long BASE = 0x40022000L;

    private static byte[] read(TaHeap heap, long va, int len) {
        assertTrue(heap.inLiveBlock(va, len), "range not in a live block");
        int off = (int) (va - heap.base());
        return Arrays.copyOfRange(heap.bytes(), off, off + len);
    }

    private static void fill(TaHeap heap, long va, int len, byte value) {
        assertTrue(heap.inLiveBlock(va, len));
        int off = (int) (va - heap.base());
        Arrays.fill(heap.bytes(), off, off + len, value);
    }

    private static void assertConsistent(TaHeap heap) {
        heap.checkInvariants();
        HeapStats s = heap.stats();
        assertEquals(s.size(), s.used() + s.overhead() + s.free());
        assertTrue(s.overhead() >= (long) TaHeap.HEADER * s.liveBlocks(), "every live block pays a header");
        assertTrue(s.largestFree() <= s.free());
    }

    /** A random alloc/free/realloc workload checked against a model of the live blocks and their bytes. */
    @Test
    void randomizedWorkloadMatchesModel() {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            int size = 8192 + 16 * rnd.nextInt(512);
            TaHeap heap = new TaHeap(BASE, size);
            Map<Long, byte[]> model = new HashMap<>();
            List<Long> addresses = new ArrayList<>();
            long expectedAllocations = 0;
            long expectedFrees = 0;
            long expectedFailures = 0;
            for (int step = 0; step < 3000; step++) {
                int op = rnd.nextInt(10);
                if (op < 5 || addresses.isEmpty()) {
                    int len = 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : 700);
                    long p = heap.malloc(len, TeeApi.MALLOC_FILL_ZERO);
                    if (p == 0) {
                        expectedFailures++;
                        continue;
                    }
                    expectedAllocations++;
                    assertArrayEquals(new byte[len], read(heap, p, len), "FILL_ZERO block is zeroed");
                    byte[] content = new byte[len];
                    rnd.nextBytes(content);
                    System.arraycopy(content, 0, heap.bytes(), (int) (p - BASE), len);
                    assertEquals(null, model.put(p, content), "address handed out twice");
                    addresses.add(p);
                } else if (op < 8) {
                    long p = addresses.remove(rnd.nextInt(addresses.size()));
                    heap.free(p);
                    expectedFrees++;
                    model.remove(p);
                    assertFalse(heap.inLiveBlock(p, 1), "freed block still live");
                } else {
                    int idx = rnd.nextInt(addresses.size());
                    long p = addresses.get(idx);
                    byte[] old = model.get(p);
                    int len = 1 + rnd.nextInt(900);
                    long q = heap.realloc(p, len);
                    if (q == 0) {
                        expectedFailures++;
                        assertArrayEquals(old, read(heap, p, old.length), "failed realloc keeps the old block");
                        continue;
                    }
                    if (len > old.length) {
                        expectedAllocations++;
                    }
                    int kept = Math.min(len, old.length);
                    assertArrayEquals(Arrays.copyOf(old, kept), read(heap, q, kept), "realloc preserves content");
                    byte[] content = Arrays.copyOf(old, len);
                    for (int i = kept; i < len; i++) {
                        content[i] = (byte) rnd.nextInt();
                        heap.bytes()[(int) (q - BASE) + i] = content[i];
                    }
                    model.remove(p);
                    model.put(q, content);
                    addresses.set(idx, q);
                }
                if (step % 50 == 0) {
                    assertConsistent(heap);
                    checkAgainstModel(heap, model);
                }
            }
            assertConsistent(heap);
            checkAgainstModel(heap, model);
            HeapStats s = heap.stats();
            assertEquals(expectedAllocations, s.allocations());
            assertEquals(expectedFrees, s.frees());
            assertEquals(expectedFailures, s.failures());
            assertTrue(expectedFailures > 0, "the workload should exhaust the heap sometimes (seed " + seed + ")");
        }
    }

    private static void checkAgainstModel(TaHeap heap, Map<Long, byte[]> model) {
        List<HeapStats.Block> blocks = heap.liveBlocks();
        assertEquals(model.size(), blocks.size());
        assertEquals(model.size(), heap.stats().liveBlocks());
        long used = 0;
        long previousEnd = BASE;
        for (HeapStats.Block b : blocks) {
            assertTrue(b.address() >= previousEnd + TaHeap.HEADER, "blocks overlap or lack a header");
            assertEquals(0, b.address() % TaHeap.ALIGN, "misaligned block");
            assertTrue(b.address() + b.size() <= BASE + heap.size(), "block outside the heap");
            byte[] content = model.get(b.address());
            assertTrue(content != null, "unknown live block");
            assertEquals(content.length, b.size());
            assertArrayEquals(content, read(heap, b.address(), content.length), "content changed");
            previousEnd = b.address() + b.size();
            used += b.size();
        }
        assertEquals(used, heap.stats().used());
    }

    @Test
    void freeingEverythingCoalescesIntoOneBlock() {
        TaHeap heap = new TaHeap(BASE, 32 * 1024);
        List<Long> blocks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            blocks.add(heap.malloc(1 + (i * 37) % 200, TeeApi.MALLOC_FILL_ZERO));
        }
        // free in an interleaved order so that both left and right merges happen
        for (int i = 0; i < blocks.size(); i += 2) {
            heap.free(blocks.get(i));
        }
        assertTrue(heap.stats().fragmentation() > 0);
        for (int i = blocks.size() - 1; i > 0; i -= 2) {
            heap.free(blocks.get(i));
        }
        heap.checkInvariants();
        HeapStats s = heap.stats();
        assertEquals(0, s.used());
        assertEquals(0, s.liveBlocks());
        assertEquals(32 * 1024, s.free());
        assertEquals(32 * 1024, s.largestFree());
        assertEquals(0.0, s.fragmentation());
        assertEquals(100, s.peakLiveBlocks());
        // the whole heap minus one header is allocatable again
        long all = heap.malloc(32 * 1024 - TaHeap.HEADER, TeeApi.MALLOC_FILL_ZERO);
        assertEquals(BASE + TaHeap.HEADER, all);
        assertEquals(0, heap.stats().free());
    }

    @Test
    void fragmentationHasTheExpectedValue() {
        TaHeap heap = new TaHeap(BASE, 4096);
        long[] p = new long[8];
        for (int i = 0; i < 8; i++) {
            p[i] = heap.malloc(496, TeeApi.MALLOC_FILL_ZERO); // 496 + 16 header = 512
            assertEquals(BASE + 512L * i + TaHeap.HEADER, p[i], "first fit, address order");
        }
        HeapStats full = heap.stats();
        assertEquals(0, full.free());
        assertEquals(0.0, full.fragmentation());
        assertEquals(8 * 496, full.used());
        assertEquals(8 * 16, full.overhead());
        for (int i = 0; i < 8; i += 2) {
            heap.free(p[i]);
        }
        HeapStats holes = heap.stats();
        assertEquals(2048, holes.free());
        assertEquals(512, holes.largestFree());
        assertEquals(0.75, holes.fragmentation(), 1e-12);
        // 2 KiB are free but no 1000-byte block fits
        assertEquals(0, heap.malloc(1000, TeeApi.MALLOC_FILL_ZERO));
        assertEquals(0, heap.malloc(497, TeeApi.MALLOC_FILL_ZERO));
        assertEquals(2, heap.stats().failures());
        assertEquals(p[0], heap.malloc(496, TeeApi.MALLOC_FILL_ZERO));
        heap.free(p[1]); // merges with the free block at 1024
        HeapStats merged = heap.stats();
        assertEquals(2048, merged.free());
        assertEquals(1024, merged.largestFree());
        assertEquals(0.5, merged.fragmentation(), 1e-12);
        heap.checkInvariants();
    }

    @Test
    void exhaustionReturnsNullAndCountsFailures() {
        TaHeap heap = new TaHeap(BASE, 1024);
        int got = 0;
        while (heap.malloc(100, TeeApi.MALLOC_FILL_ZERO) != 0) {
            got++;
        }
        assertEquals(1024 / (16 + 112), got);
        HeapStats s = heap.stats();
        assertEquals(1, s.failures());
        assertEquals(got, s.allocations());
        assertEquals(0, heap.malloc(2048, TeeApi.MALLOC_FILL_ZERO), "larger than the heap");
        assertEquals(0, heap.malloc(-1, TeeApi.MALLOC_FILL_ZERO), "size_t max");
        assertEquals(0, heap.malloc(Long.MAX_VALUE, TeeApi.MALLOC_NO_SHARE));
        assertEquals(4, heap.stats().failures());
        assertEquals(got, heap.stats().liveBlocks());
    }

    @Test
    void hints() {
        TaHeap heap = new TaHeap(BASE, 4096);
        // dirty a block, free it: the next block of that size reuses it (first fit)
        long dirty = heap.malloc(64, TeeApi.MALLOC_NO_SHARE | TeeApi.MALLOC_NO_FILL);
        fill(heap, dirty, 64, (byte) 0x5A);
        heap.free(dirty);

        long zeroed = heap.malloc(64, TeeApi.MALLOC_FILL_ZERO);
        assertEquals(dirty, zeroed);
        assertArrayEquals(new byte[64], read(heap, zeroed, 64), "FILL_ZERO zeroes");
        fill(heap, zeroed, 64, (byte) 0x5A);
        heap.free(zeroed);

        long noShare = heap.malloc(64, TeeApi.MALLOC_NO_SHARE);
        assertEquals(dirty, noShare);
        assertArrayEquals(new byte[64], read(heap, noShare, 64), "NO_SHARE alone zeroes");
        fill(heap, noShare, 64, (byte) 0x5A);
        heap.free(noShare);

        long noFill = heap.malloc(64, TeeApi.MALLOC_NO_SHARE | TeeApi.MALLOC_NO_FILL);
        assertEquals(dirty, noFill);
        byte[] stale = new byte[64];
        Arrays.fill(stale, (byte) 0x5A);
        assertArrayEquals(stale, read(heap, noFill, 64), "NO_SHARE|NO_FILL leaves the old bytes");
        heap.free(noFill);

        long user = heap.malloc(64, TaHeap.USER_MEM_HINT_NO_FILL_ZERO);
        assertArrayEquals(stale, read(heap, user, 64), "USER_MEM_HINT_NO_FILL_ZERO does not zero");
        heap.free(user);

        TaPanic panic = assertThrows(TaPanic.class, () -> heap.malloc(64, TeeApi.MALLOC_NO_FILL));
        assertEquals(0, panic.code);
        assertThrows(TaPanic.class, () -> heap.malloc(0, TeeApi.MALLOC_NO_FILL), "panics even for size 0");

        long failuresBefore = heap.stats().failures();
        for (int hint : new int[] {0x4, 0x5, 0x10, 0x80000001, 0xFFFFFFFF}) {
            assertEquals(0, heap.malloc(64, hint), "unknown hint 0x" + Integer.toHexString(hint));
            assertEquals(0, heap.malloc(0, hint), "unknown hint with size 0");
        }
        assertEquals(failuresBefore + 10, heap.stats().failures());
        assertEquals(0, heap.stats().liveBlocks());
    }

    @Test
    void zeroSizePointer() {
        TaHeap heap = new TaHeap(BASE, 4096);
        assertEquals(TaHeap.ZERO_SIZE_PTR, heap.malloc(0, TeeApi.MALLOC_FILL_ZERO));
        assertEquals(TaHeap.ZERO_SIZE_PTR, heap.malloc(0, TeeApi.MALLOC_NO_SHARE));
        assertEquals(TaHeap.ZERO_SIZE_PTR, heap.malloc(0, TeeApi.MALLOC_NO_SHARE | TeeApi.MALLOC_NO_FILL));
        assertFalse(heap.inRegion(TaHeap.ZERO_SIZE_PTR));
        assertFalse(heap.inLiveBlock(TaHeap.ZERO_SIZE_PTR, 1));
        assertEquals(0, heap.stats().liveBlocks());
        assertEquals(0, heap.stats().allocations());
        heap.free(TaHeap.ZERO_SIZE_PTR);
        heap.free(0);
        assertEquals(0, heap.stats().frees());
        // realloc of the zero-size pointer allocates a zeroed block
        long dirty = heap.malloc(32, TeeApi.MALLOC_NO_SHARE | TeeApi.MALLOC_NO_FILL);
        fill(heap, dirty, 32, (byte) 1);
        heap.free(dirty);
        long p = heap.realloc(TaHeap.ZERO_SIZE_PTR, 32);
        assertEquals(dirty, p);
        assertArrayEquals(new byte[32], read(heap, p, 32));
    }

    @Test
    void badFrees() {
        TaHeap heap = new TaHeap(BASE, 4096);
        long p = heap.malloc(40, TeeApi.MALLOC_FILL_ZERO);
        long q = heap.malloc(40, TeeApi.MALLOC_FILL_ZERO);
        heap.free(p);
        DataAbort twice = assertThrows(DataAbort.class, () -> heap.free(p));
        assertEquals(DataAbort.Kind.BAD_FREE, twice.kind);
        assertEquals(p, twice.address);
        DataAbort inside = assertThrows(DataAbort.class, () -> heap.free(q + 8));
        assertEquals(DataAbort.Kind.BAD_FREE, inside.kind);
        assertEquals(q + 8, inside.address);
        assertEquals(DataAbort.Kind.BAD_FREE, assertThrows(DataAbort.class, () -> heap.free(0x1234_5678L)).kind);
        assertEquals(DataAbort.Kind.BAD_FREE, assertThrows(DataAbort.class, () -> heap.free(BASE)).kind,
                "the first header is not a block");
        assertEquals(DataAbort.Kind.BAD_FREE, assertThrows(DataAbort.class, () -> heap.realloc(p, 10)).kind,
                "realloc after free");
        assertEquals(DataAbort.Kind.BAD_FREE, assertThrows(DataAbort.class, () -> heap.realloc(p, 0)).kind,
                "realloc(p, 0) after free is a double free");
        // nothing changed by the failed calls
        assertEquals(1, heap.stats().liveBlocks());
        assertEquals(1, heap.stats().frees());
        heap.checkInvariants();
    }

    @Test
    void reallocRules() {
        TaHeap heap = new TaHeap(BASE, 4096);
        // realloc(NULL, n) is malloc
        long a = heap.realloc(0, 48);
        assertEquals(BASE + TaHeap.HEADER, a);
        assertTrue(heap.inLiveBlock(a, 48));
        fill(heap, a, 48, (byte) 7);

        // grows in place while the next block is free
        long grown = heap.realloc(a, 200);
        assertEquals(a, grown);
        assertTrue(heap.inLiveBlock(a, 200));
        byte[] sevens = new byte[48];
        Arrays.fill(sevens, (byte) 7);
        assertArrayEquals(sevens, read(heap, a, 48));

        // shrinks in place and gives the tail back
        long freeBefore = heap.stats().free();
        assertEquals(a, heap.realloc(a, 16));
        assertFalse(heap.inLiveBlock(a, 17));
        assertEquals(freeBefore + 208 - 16, heap.stats().free());
        assertEquals(16, heap.stats().used());
        heap.checkInvariants();

        // moves when the next block is live; content preserved, old block freed
        long b = heap.malloc(16, TeeApi.MALLOC_FILL_ZERO);
        assertEquals(a + 32, b);
        long moved = heap.realloc(a, 100);
        assertNotEquals(a, moved);
        assertArrayEquals(Arrays.copyOf(sevens, 16), read(heap, moved, 16));
        assertFalse(heap.inLiveBlock(a, 1), "old block freed after a move");
        assertEquals(2, heap.stats().liveBlocks());

        // failure returns NULL and keeps the old block intact
        long failures = heap.stats().failures();
        assertEquals(0, heap.realloc(moved, 5000));
        // moved is [64, 192) with everything after it free: it can grow in place to 4096 - 64 - 16
        assertEquals(0, heap.realloc(moved, 4017));
        assertEquals(failures + 2, heap.stats().failures());
        assertTrue(heap.inLiveBlock(moved, 100));
        assertArrayEquals(Arrays.copyOf(sevens, 16), read(heap, moved, 16));
        assertEquals(moved, heap.realloc(moved, 4016));
        assertEquals(32, heap.stats().largestFree(), "only the hole left by a");
        assertEquals(32, heap.stats().free());
        assertArrayEquals(Arrays.copyOf(sevens, 16), read(heap, moved, 16));

        // realloc(p, 0) frees and returns the zero-size pointer
        long frees = heap.stats().frees();
        assertEquals(TaHeap.ZERO_SIZE_PTR, heap.realloc(moved, 0));
        assertFalse(heap.inLiveBlock(moved, 1));
        assertEquals(frees + 1, heap.stats().frees());
        assertEquals(TaHeap.ZERO_SIZE_PTR, heap.realloc(0, 0));
        assertEquals(TaHeap.ZERO_SIZE_PTR, heap.realloc(TaHeap.ZERO_SIZE_PTR, 0));
        assertEquals(1, heap.stats().liveBlocks());
        heap.checkInvariants();
    }

    @Test
    void reallocMovesIntoTheFirstFittingHoleAndCoalescesTheOldBlock() {
        TaHeap heap = new TaHeap(BASE, 2048);
        long a = heap.malloc(200, TeeApi.MALLOC_FILL_ZERO); // block [0, 224)
        long b = heap.malloc(32, TeeApi.MALLOC_FILL_ZERO);  // [224, 272)
        long c = heap.malloc(32, TeeApi.MALLOC_FILL_ZERO);  // [272, 320)
        long e = heap.malloc(16, TeeApi.MALLOC_FILL_ZERO);  // [320, 352): pins the block after c
        heap.free(a);
        fill(heap, c, 32, (byte) 3);
        long movedC = heap.realloc(c, 150);
        assertEquals(a, movedC, "first fit finds the hole left by a");
        byte[] threes = new byte[32];
        Arrays.fill(threes, (byte) 3);
        assertArrayEquals(threes, read(heap, movedC, 32));
        assertFalse(heap.inLiveBlock(c, 1));
        heap.checkInvariants();

        fill(heap, b, 32, (byte) 9);
        long movedB = heap.realloc(b, 180); // holes of 48 bytes on both sides are too small together
        assertEquals(BASE + 352 + TaHeap.HEADER, movedB);
        byte[] nines = new byte[32];
        Arrays.fill(nines, (byte) 9);
        assertArrayEquals(nines, read(heap, movedB, 32));
        heap.checkInvariants(); // the old block merged with both free neighbours
        assertEquals(List.of(new HeapStats.Block(a, 150), new HeapStats.Block(e, 16), new HeapStats.Block(movedB, 180)),
                heap.liveBlocks());
        HeapStats s = heap.stats();
        assertEquals(144 + (2048 - 352 - 208), s.free());
        assertEquals(2048 - 352 - 208, s.largestFree());
    }

    @Test
    void inLiveBlockBoundariesAndUseAfterFree() {
        TaHeap heap = new TaHeap(BASE, 4096);
        long p = heap.malloc(10, TeeApi.MALLOC_FILL_ZERO);
        assertTrue(heap.inLiveBlock(p, 10));
        assertTrue(heap.inLiveBlock(p + 9, 1));
        assertTrue(heap.inLiveBlock(p, 0));
        assertFalse(heap.inLiveBlock(p, 11), "one past the requested size");
        assertFalse(heap.inLiveBlock(p + 10, 1));
        assertFalse(heap.inLiveBlock(p - 1, 1), "the header is not accessible");
        assertFalse(heap.inLiveBlock(p, -1));
        assertFalse(heap.inLiveBlock(p, Long.MAX_VALUE));
        assertEquals(p + 10, heap.faultAddress(p + 8, 4));
        assertEquals(p - 1, heap.faultAddress(p - 1, 4));
        assertTrue(heap.inRegion(BASE));
        assertTrue(heap.inRegion(BASE + 4095));
        assertFalse(heap.inRegion(BASE + 4096));
        assertFalse(heap.inRegion(BASE - 1));
        // the cached hit must not survive a free
        assertTrue(heap.inLiveBlock(p + 2, 4));
        heap.free(p);
        assertFalse(heap.inLiveBlock(p + 2, 4), "use after free");
        assertEquals(p + 2, heap.faultAddress(p + 2, 4));
    }

    @Test
    void oddSizedAndTinyHeaps() {
        TaHeap odd = new TaHeap(BASE, 1000);
        HeapStats s = odd.stats();
        assertEquals(992, s.free(), "the tail after the last granule is unusable");
        assertEquals(8, s.overhead());
        assertEquals(0, odd.malloc(977, TeeApi.MALLOC_FILL_ZERO));
        assertTrue(odd.malloc(976, TeeApi.MALLOC_FILL_ZERO) != 0);
        assertEquals(1000, odd.stats().used() + odd.stats().overhead() + odd.stats().free());

        TaHeap tiny = new TaHeap(BASE, 16);
        assertEquals(0, tiny.malloc(1, TeeApi.MALLOC_FILL_ZERO));
        assertEquals(0, tiny.stats().free());
        assertEquals(0.0, tiny.stats().fragmentation());
    }

    @Test
    void peaksAndLeakReport() {
        TaHeap heap = new TaHeap(BASE, 4096);
        long a = heap.malloc(100, TeeApi.MALLOC_FILL_ZERO);
        long b = heap.malloc(200, TeeApi.MALLOC_FILL_ZERO);
        heap.free(a);
        heap.malloc(50, TeeApi.MALLOC_FILL_ZERO);
        HeapStats s = heap.stats();
        assertEquals(250, s.used());
        assertEquals(300, s.peakUsed());
        assertEquals(2, s.peakLiveBlocks());
        assertEquals(List.of(new HeapStats.Block(a, 50), new HeapStats.Block(b, 200)), heap.liveBlocks());
    }

    /** stats() from a metrics thread while the instance thread works: every snapshot is consistent. */
    @Test
    void statsFromAnotherThreadAreConsistent() throws Exception {
        TaHeap heap = new TaHeap(BASE, 64 * 1024);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int[] snapshots = new int[1];
        Thread metrics = new Thread(() -> {
            try {
                while (!stop.get()) {
                    HeapStats s = heap.stats();
                    assertEquals(s.size(), s.used() + s.overhead() + s.free());
                    assertTrue(s.overhead() >= (long) TaHeap.HEADER * s.liveBlocks());
                    assertTrue(s.largestFree() <= s.free());
                    long end = 0;
                    for (HeapStats.Block b : heap.liveBlocks()) {
                        assertTrue(b.address() >= end + TaHeap.HEADER, "overlapping blocks in a snapshot");
                        end = b.address() + b.size();
                    }
                    snapshots[0]++;
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        metrics.start();
        Random rnd = new Random(7);
        List<Long> live = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            if (live.isEmpty() || rnd.nextInt(3) > 0) {
                long p = heap.malloc(1 + rnd.nextInt(300), TeeApi.MALLOC_FILL_ZERO);
                if (p != 0) {
                    live.add(p);
                }
            } else {
                heap.free(live.remove(rnd.nextInt(live.size())));
            }
        }
        stop.set(true);
        metrics.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(metrics.isAlive());
        if (failure.get() != null) {
            throw new AssertionError("inconsistent snapshot", failure.get());
        }
        assertTrue(snapshots[0] > 0);
        heap.checkInvariants();
    }
}
