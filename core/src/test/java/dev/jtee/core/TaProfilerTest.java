package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.core.profile.EntryProfile;
import dev.jtee.core.profile.Param;
import dev.jtee.core.profile.ProfileMeters;
import dev.jtee.core.profile.TaMeters;
import dev.jtee.core.profile.TaProfile;
import dev.jtee.core.profile.Workload;
import dev.jtee.core.testta.StackHeapTa;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profiler against a TA whose stack and heap use is known to the byte. */
class TaProfilerTest {
    private static TaProfile recurse(int depth) {
        return TaProfiler.of(StackHeapTa::new)
                .workload(Workload.builder().invoke(0, 2, Param.valueIn(depth)).build())
                .profile();
    }

    @Test
    void probingFindsTheExactModelledStackAndItIsLinearInTheDepth() {
        long previous = -1;
        for (int depth : new int[] {0, 1, 5, 10, 29, 30, 100}) {
            TaProfile p = recurse(depth);
            long want = StackMeterTest.expectedStack(depth);
            assertEquals(want, p.stack().needed(), "depth " + depth);
            assertEquals(want - 16, p.stack().failsBelow(), "depth " + depth + ": one granule less must overflow");
            assertEquals(want, p.stack().peak());
            assertEquals(depth + 2, p.stack().deepestFrames());
            assertTrue(p.stack().needed() > previous, "monotonic in the depth");
            previous = p.stack().needed();
            assertTrue(p.stack().probes() >= 2, "found by probing, not only read from the meter");
        }
    }

    @Test
    void probingIsReproducible() {
        assertEquals(recurse(17).stack(), recurse(17).stack());
    }

    @Test
    void declaredSizesCheckFailsTheBuildWhenTheStackIsTooSmall() {
        TaProfile fits = recurse(29);
        assertTrue(fits.problems().isEmpty(), fits.report());
        assertNull(fits.declaredRun());
        fits.assertDeclaredSizesSuffice();

        TaProfile tooDeep = recurse(30);
        AssertionError e = assertThrows(AssertionError.class, tooDeep::assertDeclaredSizesSuffice);
        assertTrue(e.getMessage().contains("TA_STACK_SIZE 1024 is below the 1040 bytes"), e.getMessage());
        assertNotNull(tooDeep.declaredRun(), "the run with the declared stack dies");
        assertTrue(tooDeep.declaredRun().contains("0xffff300f"), tooDeep.declaredRun());
    }

    @Test
    void unboundedRecursionIsReportedAsSuch() {
        TaProfile p = TaProfiler.of(StackHeapTa::new).maxStack(4096)
                .workload(Workload.builder().invoke(0, Param.valueIn(1000)).build()).profile();
        assertFalse(p.stack().bounded());
        assertTrue(p.problems().getFirst().contains("overflows even a 4096-byte stack"), p.problems().toString());
        assertEquals(1, p.deaths().size());
    }

    @Test
    void heapPeakLeaksAndChurnMatchWhatTheTaAllocates() {
        TaProfile p = TaProfiler.of(StackHeapTa::new)
                .workload(Workload.builder().invoke(1, 5, Param.valueIn(100)).invoke(2, Param.valueIn(40)).build())
                .profile();
        assertEquals(100, p.heap().peakUsed());
        assertEquals(1, p.heap().peakLiveBlocks());
        assertEquals(List.of(40L), p.heap().leaks().stream().map(HeapStats.Block::size).toList());
        assertEquals(16 + 112, p.heap().needed(), "header plus 100 bytes rounded to 16");
        assertEquals(6, p.heap().allocations());
        assertEquals(5, p.heap().frees());
        EntryProfile churn = p.command(1);
        assertTrue(churn.churn());
        assertEquals(1.0, churn.allocationsPerCall());
        assertEquals(100, churn.staticBufferBytes());
        assertEquals(10, churn.savedAllocatorCalls());
        assertFalse(p.command(2).churn(), "allocates without freeing: a leak, not churn");
        assertEquals(List.of(churn), p.churn());
        assertThrows(AssertionError.class, p::assertNoLeaks);
        assertTrue(p.report().contains("warning: invoke 1 allocates and frees on every call"), p.report());
    }

    @Test
    void metersCarryTheNumbers() {
        TaProfile p = recurse(10);
        SimpleMeterRegistry r = new SimpleMeterRegistry();
        new ProfileMeters(p).bindTo(r);
        assertEquals(StackMeterTest.expectedStack(10), r.get("jtee.ta.stack.needed").tag("ta", "stack_heap").gauge().value());
        assertEquals(StackHeapTa.DATA, r.get("jtee.ta.heap.declared").gauge().value());

        try (Client c = Client.start(b -> b.strictStack(true).ta(StackHeapTa::new))) {
            SimpleMeterRegistry live = new SimpleMeterRegistry();
            new TaMeters(c.world).bindTo(live);
            int s = c.openOk(StackHeapTa.UUID);
            c.invoke(s, 0, 3);
            c.invoke(s, 2, 64);
            assertEquals(StackMeterTest.expectedStack(3), live.get("jtee.ta.stack.peak").gauge().value());
            assertEquals(64, live.get("jtee.ta.heap.used").gauge().value());
            assertEquals(1, live.get("jtee.ta.heap.live.blocks").gauge().value());
        }
    }

    @Test
    void workloadTextRoundTrips() {
        Workload w = Workload.parse("""
                iterations 3
                open vin:1
                invoke 0 min:zeros:64 mout:48 x10   # the seed's process
                invoke 1 vinout:16
                close
                """);
        assertEquals(3, w.iterations());
        assertEquals(3 * (1 + 10 + 1 + 1), w.calls());
        assertEquals(w.text(), Workload.parse(w.text()).text());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.parse("invoke 0 vx:1"));
        assertTrue(e.getMessage().startsWith("workload line 1: unknown parameter"), e.getMessage());
    }
}
