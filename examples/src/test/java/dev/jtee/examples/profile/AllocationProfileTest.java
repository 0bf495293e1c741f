package dev.jtee.examples.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.core.HeapStats;
import dev.jtee.core.TaProfiler;
import dev.jtee.core.profile.EntryProfile;
import dev.jtee.core.profile.TaProfile;
import dev.jtee.core.profile.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heap profiling against a TA whose allocations are known. Blocks cost a 16-byte header plus the
 * payload rounded up to 16: the static buffer 1344 → 1360, a context 512 → 528, the churn's
 * 1024/256/64 → 1040/272/80, a kept 32 → 48, a leaked 100 → 128.
 */
class AllocationProfileTest {
    static final Workload WORKLOAD = Workload.parse("""
            open
            invoke 0 x10          # churn: 3 mallocs and 3 frees per call
            invoke 2 vin:4        # keep 4 blocks of 32 bytes until destroy
            invoke 1 vin:100 x2   # leak 2 blocks of 100 bytes
            invoke 3 x5           # the static alternative: no allocation
            close
            """);

    static TaProfile profile() {
        return TaProfiler.of(AllocationTa::new).workload(WORKLOAD).profile();
    }

    @Test
    void peakAndNeedMatchTheKnownPattern() {
        TaProfile p = profile();
        // static 1344 + context 512 + churn 1024 + 256 + 64
        assertEquals(1344 + 512 + 1024 + 256 + 64, p.heap().peakUsed());
        // static, context, 4 kept, 2 leaked
        assertEquals(8, p.heap().peakLiveBlocks());
        // first fit: static [0,1360) context [1360,1888) churn up to 1888 + 1040 + 272 + 80
        assertEquals(3280, p.heap().needed());
        assertTrue(p.heap().declaredSuffices());
        assertEquals(5120, p.heap().recommended(), "3280 + 25 % = 4100, rounded up to 1 KiB");
        assertEquals(1 + 1 + 30 + 4 + 2, p.heap().allocations());
        assertEquals(30 + 1 + 4 + 1, p.heap().frees());
    }

    @Test
    void leaksAreTheBlocksNeverFreed() {
        TaProfile p = profile();
        assertEquals(List.of(100L, 100L), p.heap().leaks().stream().map(HeapStats.Block::size).toList());
        assertEquals(200, p.heap().leakedBytes());
        AssertionError e = assertThrows(AssertionError.class, p::assertNoLeaks);
        assertTrue(e.getMessage().contains("2 heap block(s), 200 bytes, never freed"), e.getMessage());
    }

    @Test
    void churnIsFlaggedWithWhatTheStaticBufferSaves() {
        TaProfile p = profile();
        EntryProfile churn = p.command(AllocationTa.CMD_CHURN);
        assertTrue(churn.churn());
        assertEquals(10, churn.calls());
        assertEquals(3.0, churn.allocationsPerCall());
        assertEquals(3.0, churn.freesPerCall());
        assertEquals(1024 + 256 + 64, churn.staticBufferBytes());
        assertEquals(60, churn.savedAllocatorCalls());
        assertEquals(List.of(churn), p.churn(), "keeping, leaking and the static command are not churn");
        EntryProfile fixed = p.command(AllocationTa.CMD_STATIC);
        assertFalse(fixed.churn());
        assertEquals(0, fixed.allocations() + fixed.frees());
        assertEquals(4.0, p.command(AllocationTa.CMD_KEEP).allocationsPerCall());
        assertTrue(p.report().contains("warning: invoke 0 allocates and frees on every call"), p.report());
        assertTrue(p.report().contains("one 1344-byte buffer allocated once"), p.report());
    }

    @Test
    void theEndStateIsOnTheDeclaredHeap() {
        TaProfile p = profile();
        HeapStats end = p.heap().end();
        assertNotNull(end);
        assertEquals(AllocationTa.DATA_SIZE, end.size());
        assertEquals(1344 + 512 + 4 * 32 + 200, end.used());
        assertEquals(8, end.liveBlocks());
        assertEquals(0.0, end.fragmentation(), "everything freed was coalesced into the tail");
    }

    @Test
    void aHeapBelowTheNeedFailsTheCheck() {
        // static and context end at 1888; 50 kept blocks of 48 bytes reach 4288, past the declared 4 KiB
        TaProfile p = TaProfiler.of(AllocationTa::new)
                .workload(Workload.parse("open\ninvoke 0\ninvoke 2 vin:50\n"))
                .profile();
        assertFalse(p.heap().declaredSuffices(), p.report());
        AssertionError e = assertThrows(AssertionError.class, p::assertDeclaredSizesSuffice);
        assertTrue(e.getMessage().contains("TA_DATA_SIZE 4096 is below the " + p.heap().needed() + " bytes"), e.getMessage());
        assertTrue(p.declaredRun().contains("TEE_ERROR_OUT_OF_MEMORY"), p.declaredRun());
    }
}
