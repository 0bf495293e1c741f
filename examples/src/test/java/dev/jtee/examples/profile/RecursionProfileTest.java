package dev.jtee.examples.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.core.TaProfiler;
import dev.jtee.core.profile.Param;
import dev.jtee.core.profile.StackProfile;
import dev.jtee.core.profile.TaProfile;
import dev.jtee.core.profile.Workload;
import org.junit.jupiter.api.Test;

/** Stack probing on a TA whose recursion depth is its input: monotonic, linear, reproducible, and a build check. */
class RecursionProfileTest {
    /** walk(): 7 local slots → 16 + 28 → 48 bytes a level; invokeCommand: 9 slots → 64 bytes. */
    static final long WALK_FRAME = 48;
    static final long ENTRY_FRAME = 64;

    static TaProfile profile(int command, int depth) {
        return TaProfiler.of(RecursionTa::new)
                .workload(Workload.builder().invoke(command, 3, Param.valueIn(depth)).build())
                .profile();
    }

    @Test
    void thresholdGrowsWithTheInputDepthByOneFrameALevel() {
        long previous = -1;
        for (int depth : new int[] {0, 1, 2, 3, 5, 8, 13, 21, 34, 40, 41, 55, 89}) {
            StackProfile s = profile(RecursionTa.CMD_WALK, depth).stack();
            assertEquals(ENTRY_FRAME + WALK_FRAME * (depth + 1), s.needed(), "depth " + depth);
            assertEquals(s.needed() - 16, s.failsBelow(), "depth " + depth + ": 16 bytes less overflows");
            assertEquals(depth + 2, s.deepestFrames());
            assertTrue(s.needed() > previous, "monotonic at depth " + depth);
            previous = s.needed();
        }
    }

    @Test
    void mutualRecursionIsMonotonicToo() {
        long previous = -1;
        for (int depth = 0; depth <= 24; depth += 3) {
            TaProfile p = profile(RecursionTa.CMD_PING_PONG, depth);
            assertTrue(p.stack().needed() > previous, "depth " + depth + ": " + p.stack());
            previous = p.stack().needed();
        }
        TaProfile deep = profile(RecursionTa.CMD_PING_PONG, 6);
        assertEquals(java.util.List.of("RecursionTa.invokeCommand", "RecursionTa.even", "RecursionTa.odd", "RecursionTa.even",
                "RecursionTa.odd", "RecursionTa.even", "RecursionTa.odd", "RecursionTa.even"), deep.stack().deepestChain());
    }

    @Test
    void probingIsReproducibleRunToRun() {
        for (int depth : new int[] {7, 40}) {
            TaProfile a = profile(RecursionTa.CMD_WALK, depth);
            TaProfile b = profile(RecursionTa.CMD_WALK, depth);
            assertEquals(a.stack(), b.stack());
            assertEquals(a.entries(), b.entries());
        }
    }

    /** The build-failing check: declared TA_STACK_SIZE 2048 holds depth 40 (2032 bytes) but not 41 (2080). */
    @Test
    void aTestFailsWhenTheDeclaredStackIsBelowWhatTheWorkloadNeeded() {
        profile(RecursionTa.CMD_WALK, 40).assertDeclaredSizesSuffice();

        TaProfile tooDeep = profile(RecursionTa.CMD_WALK, 41);
        AssertionError e = assertThrows(AssertionError.class, tooDeep::assertDeclaredSizesSuffice);
        assertTrue(e.getMessage().contains("TA_STACK_SIZE 2048 is below the 2080 bytes the workload needs (recommended 2816)"),
                e.getMessage());
        assertNotNull(tooDeep.declaredRun());
        assertTrue(tooDeep.declaredRun().contains("TEE_ERROR_TARGET_DEAD (panic code 0xffff300f)"), tooDeep.declaredRun());

        // within the need, but not with the 25 % margin: the stricter check says so
        AssertionError margin = assertThrows(AssertionError.class, () -> profile(RecursionTa.CMD_WALK, 40).assertDeclaredSizesHaveMargin());
        assertTrue(margin.getMessage().contains("leaves less than 25% above the 2032 bytes needed"), margin.getMessage());
    }
}
