package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.TaManifest;
import org.junit.jupiter.api.Test;

/** Secure RAM: each instance reserves code, data and stack; running out fails the open, never the JVM. */
class MemoryBudgetTest {
    static final String BIG = "55555555-0000-0000-0000-000000000001";
    static final String SMALL = "55555555-0000-0000-0000-000000000002";

    @Test
    void openFailsWithOutOfMemoryWhenTheBudgetIsSpentAndMemoryComesBackOnDestroy() {
        TestTa.Control big = new TestTa.Control();
        TestTa.Control small = new TestTa.Control();
        // 64 KiB code + 256 KiB data + 4 KiB stack: two fit in 700 KiB, three do not
        TaManifest bigManifest = TaManifest.builder(BIG, "big").dataSize(256 * 1024).build();
        Client c = Client.start(b -> b.secureRam(700 * 1024)
                .ta(() -> new TestTa(bigManifest, big))
                .ta(() -> new TestTa(TestTa.manifest(SMALL, "small", 0), small)));
        try {
            assertEquals(0, c.world.stats().secureRamUsed());
            int a = c.openOk(BIG);
            long one = c.world.stats().secureRamUsed();
            assertEquals(64 * 1024 + 256 * 1024 + 4096, one);
            int b = c.openOk(BIG);
            assertResult(TeeResult.OUT_OF_MEMORY, Origin.TEE, c.open(BIG));
            assertTrue(c.consoleHas("^E/TC:\\? 0 Out of secure memory for TA " + BIG), c.consoleText());
            assertEquals(2 * one, c.world.stats().secureRamUsed(), "a failed reservation keeps nothing");
            assertEquals(2, big.count("create"), "no create for an instance that got no memory");
            c.close(a);
            assertEquals(one, c.world.stats().secureRamUsed());
            int d = c.openOk(BIG);
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(d, TestTa.CMD_INC, 1));
            c.close(b);
            c.close(d);
            assertEquals(0, c.world.stats().secureRamUsed());
            assertEquals(700 * 1024 & -4096, c.world.stats().secureRamBudget());
        } finally {
            c.world.close();
        }
    }

    @Test
    void aTaLargerThanTheWholeBudgetStillOnlyFailsItsOpen() {
        TestTa.Control huge = new TestTa.Control();
        TaManifest m = TaManifest.builder(BIG, "huge").dataSize(64 << 20).build();
        Client c = Client.start(b -> b.ta(() -> new TestTa(m, huge)).ta(() -> new TestTa(TestTa.manifest(SMALL, "small", 0),
                new TestTa.Control())));
        try {
            assertResult(TeeResult.OUT_OF_MEMORY, Origin.TEE, c.open(BIG));
            c.openOk(SMALL);
        } finally {
            c.world.close();
        }
    }

    @Test
    void leakedHeapBlocksAreReportedWhenAnInstanceIsDestroyed() {
        TestTa.Control control = new TestTa.Control();
        Client c = Client.start(b -> b.ta(() -> new TestTa(TestTa.manifest(SMALL, "leaky", 0), control)));
        try {
            int s = c.openOk(SMALL);
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, TestTa.CMD_LEAK, 100));
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, TestTa.CMD_LEAK, 28));
            HeapStats heap = c.world.instances().get(0).heap();
            assertEquals(2, heap.liveBlocks());
            assertEquals(128, heap.used());
            c.close(s);
            assertTrue(c.consoleHas("^W/TC:\\? 0 TA " + SMALL + " \\(leaky\\) destroyed with 2 heap block\\(s\\) still allocated, 128 bytes:$"),
                    c.consoleText());
            assertTrue(c.consoleHas("^W/TC:\\? 0   0x[0-9a-f]{8} 100 bytes$"));
        } finally {
            c.world.close();
        }
    }
}
