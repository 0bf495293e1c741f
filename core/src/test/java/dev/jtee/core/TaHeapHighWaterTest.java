package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jtee.ta.TeeApi;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The heap's high-water mark is the smallest heap that replays the same allocation history. */
class TaHeapHighWaterTest {
    private static final long BASE = 0x40100000L;

    @Test
    void highWaterCountsHeadersAndPadding() {
        TaHeap h = new TaHeap(BASE, 1 << 16);
        long a = h.malloc(512, TeeApi.MALLOC_FILL_ZERO);   // 528
        long b = h.malloc(100, TeeApi.MALLOC_FILL_ZERO);   // 128 → 656
        h.free(b);
        h.malloc(1, TeeApi.MALLOC_FILL_ZERO);              // 32, below the mark
        assertEquals(656, h.highWater());
        h.markWindow();
        long c = h.malloc(1000, TeeApi.MALLOC_FILL_ZERO);
        h.free(c);
        assertEquals(512 + 1 + 1000, h.windowPeak());
        h.free(a);
    }

    @Test
    void aHeapOfTheHighWaterSizeReplaysTheSameAddresses() {
        for (long seed = 1; seed <= 20; seed++) {
            List<long[]> ops = script(seed);
            TaHeap big = new TaHeap(BASE, 1 << 20);
            List<Long> addresses = replay(big, ops);
            int need = big.highWater();
            TaHeap exact = new TaHeap(BASE, need);
            assertEquals(addresses, replay(exact, ops), "seed " + seed);
            TaHeap smaller = new TaHeap(BASE, need - TaHeap.ALIGN);
            assertNotEquals(addresses, replay(smaller, ops), "seed " + seed + ": a smaller heap should not hold it");
        }
    }

    /** Random mallocs, reallocs and frees: {kind, size or index}. */
    private static List<long[]> script(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<long[]> ops = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int k = r.nextInt(10);
            ops.add(new long[] {k < 5 ? 0 : k < 7 ? 1 : 2, k < 5 ? 1 + r.nextInt(700) : r.nextInt(1 << 20), 1 + r.nextInt(900)});
        }
        return ops;
    }

    /** Runs the script; returns every address handed out (0 for a failure). */
    private static List<Long> replay(TaHeap h, List<long[]> ops) {
        List<Long> live = new ArrayList<>();
        List<Long> out = new ArrayList<>();
        for (long[] op : ops) {
            switch ((int) op[0]) {
                case 0 -> {
                    long va = h.malloc(op[1], TeeApi.MALLOC_FILL_ZERO);
                    out.add(va);
                    if (va != 0) {
                        live.add(va);
                    }
                }
                case 1 -> {
                    if (!live.isEmpty()) {
                        int i = (int) (op[1] % live.size());
                        long va = h.realloc(live.get(i), op[2]);
                        out.add(va);
                        if (va != 0) {
                            live.set(i, va);
                        }
                    }
                }
                default -> {
                    if (!live.isEmpty()) {
                        h.free(live.remove((int) (op[1] % live.size())));
                    }
                }
            }
        }
        return out;
    }
}
