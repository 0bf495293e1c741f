package dev.jtee.examples.seed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeUuid;
import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every test of {@link SeedTaTest}, run against the C seed (ta-native/ta/seed, a UUID of its own
 * beside the Java seed's): same responses, isolation, heap accounting and parameter checks.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
@Timeout(60)
class NativeSeedTaTest extends SeedTaTest {
    /** ta-native/ta/seed/include/seed_ta.h's TA_SEED_UUID. */
    static final TeeUuid C_SEED = TeeUuid.parse("5eed7a00-0c1d-4f3e-9a0b-2e0f7ee0c0df");

    @Override
    TeeUuid seedUnderTest() {
        return C_SEED;
    }

    @Test
    void theSeedUnderTestIsTheCOne(SecureWorld world) {
        assertTrue(world.isNativeTa(C_SEED), "the C seed's UUID is served by the native TA");
    }
}
