package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.core.testta.StackHeapTa;
import org.junit.jupiter.api.Test;

/** The modelled stack: frame costs, strict stacks that overflow at the declared size, balance on exceptions. */
class StackMeterTest {
    /** invokeCommand's frame (7 local slots: 16 + 28 → 48) plus level()'s 32 bytes per level, n + 1 levels. */
    static long expectedStack(int depth) {
        return 48 + 32L * (depth + 1);
    }

    @Test
    void frameCostIsARecordPlusFourBytesPerSlotAlignedTo16() {
        assertEquals(16, StackMeter.frameCost(0));
        assertEquals(32, StackMeter.frameCost(1));
        assertEquals(32, StackMeter.frameCost(4));
        assertEquals(48, StackMeter.frameCost(5));
        assertEquals(96, StackMeter.frameCost(19));
    }

    @Test
    void strictStackOverflowsAtTheDeclaredSizeWithOverflowPanic() {
        // 48 + 32 * 30 = 1008 fits the declared 1024; one level more (1040) does not
        int fits = 29;
        assertTrue(expectedStack(fits) <= StackHeapTa.STACK && expectedStack(fits + 1) > StackHeapTa.STACK);
        try (Client c = Client.start(b -> b.strictStack(true).ta(StackHeapTa::new))) {
            int s = c.openOk(StackHeapTa.UUID);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, 0, fits));
            assertEquals(expectedStack(fits), c.world.stackPeaks().get(TeeUuid.parse(StackHeapTa.UUID)));
            CallFrame f = c.invoke(s, 0, fits + 1);
            Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, f);
            assertTrue(c.consoleHas("TA panicked with code 0xffff300f"), c.consoleText());
            assertTrue(c.consoleHas("stack overflow detected"), c.consoleText());
            Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, 0, 1));
        }
    }

    @Test
    void withoutStrictStacksTheJvmThreadStackIsTheLimit() {
        // the declared 1 KiB means nothing to the JVM: the same depth runs fine
        try (Client c = Client.start(b -> b.ta(StackHeapTa::new))) {
            int s = c.openOk(StackHeapTa.UUID);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, 0, 30));
            assertTrue(c.world.stackPeaks().isEmpty());
        }
    }

    @Test
    void framesLeftByExceptionsAreGivenBack() {
        // 100 throws from 20 levels deep: unbalanced, that would be 64000 bytes and overflow the 1 KiB stack
        try (Client c = Client.start(b -> b.strictStack(true).ta(StackHeapTa::new))) {
            int s = c.openOk(StackHeapTa.UUID);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, 3, 20));
            assertEquals(48 + 32L * 21, c.world.stackPeaks().get(TeeUuid.parse(StackHeapTa.UUID)));
        }
    }
}
