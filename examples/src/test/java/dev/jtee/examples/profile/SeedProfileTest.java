package dev.jtee.examples.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.core.TaProfiler;
import dev.jtee.core.profile.EntryProfile;
import dev.jtee.core.profile.Param;
import dev.jtee.core.profile.TaProfile;
import dev.jtee.core.profile.Workload;
import dev.jtee.examples.seed.SeedTa;
import org.junit.jupiter.api.Test;

/** The seed TA profiled in both memory modes: churn only in the dynamic one, its stack within the declared 2 KiB. */
class SeedProfileTest {
    /** Four sessions of one mode, each processing a few requests, then a recursion at the seed's safe depth. */
    static Workload workload(int mode) {
        Workload.Builder b = Workload.builder();
        for (int s = 0; s < 4; s++) {
            b.open(Param.valueIn(mode)).invoke(SeedTa.CMD_PROCESS, 5, Param.memrefIn(new byte[300]), Param.memrefOut(SeedTa.RESPONSE_SIZE));
        }
        return b.invoke(SeedTa.CMD_RECURSE, Param.valueIn(SeedTa.SAFE_DEPTH)).build();
    }

    @Test
    void dynamicModeChurnsTheHeapStaticModeDoesNot() {
        TaProfile dynamic = TaProfiler.of(SeedTa::new).workload(workload(SeedTa.MODE_DYNAMIC)).profile();
        TaProfile fixed = TaProfiler.of(SeedTa::new).workload(workload(SeedTa.MODE_STATIC)).profile();

        EntryProfile churn = dynamic.command(SeedTa.CMD_PROCESS);
        assertTrue(churn.churn(), dynamic.report());
        assertEquals(3.0, churn.allocationsPerCall(), "work buffer, temporary, new key stream");
        assertEquals(dynamic.churn(), java.util.List.of(churn));
        assertTrue(fixed.churn().isEmpty(), fixed.report());
        assertEquals(0, fixed.command(SeedTa.CMD_PROCESS).allocations());

        // both modes free everything: the sessions' contexts on close, the static buffer at destroy
        assertTrue(dynamic.heap().leaks().isEmpty());
        assertTrue(fixed.heap().leaks().isEmpty());
        // static: the one buffer and four contexts; dynamic: contexts, key streams and a work buffer at once
        assertEquals(SeedTa.STATIC_BUFFER_SIZE + 4L * SeedTa.CONTEXT_SIZE, fixed.heap().peakUsed());
        assertEquals(5, fixed.heap().peakLiveBlocks());
        assertTrue(dynamic.heap().peakLiveBlocks() > fixed.heap().peakLiveBlocks());

        dynamic.assertDeclaredSizesSuffice();
        fixed.assertDeclaredSizesSuffice().assertNoLeaks();
    }

    @Test
    void theSafeDepthFitsTheDeclaredStackAndTheOverflowDepthIsUnbounded() {
        TaProfile safe = TaProfiler.of(SeedTa::new)
                .workload(Workload.builder().invoke(SeedTa.CMD_RECURSE, Param.valueIn(SeedTa.SAFE_DEPTH)).build()).profile();
        assertTrue(safe.stack().declaredSuffices(), safe.report());
        assertEquals(SeedTa.SAFE_DEPTH + 3, safe.stack().deepestFrames(), "invokeCommand, recurse, descend × (depth + 1)");

        TaProfile overflow = TaProfiler.of(SeedTa::new).maxStack(64 << 10)
                .workload(Workload.builder().invoke(SeedTa.CMD_RECURSE, Param.valueIn(SeedTa.OVERFLOW_DEPTH)).build()).profile();
        assertFalse(overflow.stack().bounded());
        assertTrue(overflow.deaths().getFirst().contains("0xffff300f"), overflow.deaths().toString());
    }
}
