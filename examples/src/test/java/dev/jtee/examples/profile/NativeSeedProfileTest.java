package dev.jtee.examples.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.core.SecureWorld;
import dev.jtee.core.TaProfiler;
import dev.jtee.core.profile.EntryProfile;
import dev.jtee.core.profile.TaProfile;
import dev.jtee.examples.seed.SeedTa;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * {@link SeedProfileTest}'s churn and leak findings for the C seed (ta-native/ta/seed): its TA host
 * counts allocations and frees (NATIVE-TAS.md §C), so a profile finds the dynamic mode's churn and
 * no leaks, as for the Java seed.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeSeedProfileTest {
    private static final String C_SEED = "5eed7a00-0c1d-4f3e-9a0b-2e0f7ee0c0df";

    @Test
    void dynamicModeChurnsTheHeapStaticModeDoesNot(SecureWorld world) {
        TaProfile dynamic = TaProfiler.of(world, C_SEED).workload(SeedProfileTest.workload(SeedTa.MODE_DYNAMIC)).profile();
        TaProfile fixed = TaProfiler.of(world, C_SEED).workload(SeedProfileTest.workload(SeedTa.MODE_STATIC)).profile();

        EntryProfile churn = dynamic.command(SeedTa.CMD_PROCESS);
        assertTrue(churn.churn(), dynamic.report());
        assertEquals(3.0, churn.allocationsPerCall(), () -> "work buffer, temporary, new key stream:\n" + dynamic.report());
        // each call frees its work buffer and temporary, and the key stream it replaces (none on a session's first)
        assertEquals((20 * 3 - 4) / 20.0, churn.freesPerCall(), () -> dynamic.report());
        assertEquals(dynamic.churn(), java.util.List.of(churn));
        assertTrue(fixed.churn().isEmpty(), fixed.report());
        assertEquals(0, fixed.command(SeedTa.CMD_PROCESS).allocations(), fixed.report());

        // four sessions' contexts and key streams, the static buffer: all freed by the end
        assertTrue(dynamic.heap().allocations() > 0 && dynamic.heap().allocations() == dynamic.heap().frees(), dynamic.report());
        assertTrue(dynamic.heap().leaks().isEmpty(), dynamic.report());
        fixed.assertNoLeaks();
    }
}
