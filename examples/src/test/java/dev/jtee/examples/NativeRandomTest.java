package dev.jtee.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeUuid;
import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link RandomTest}, run against the project's C version of the TA (ta-native/ta,
 * built by the TA dev kit, run by the TA host): it has the same UUID, so it replaces the Java one
 * in this world, and must behave the same.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeRandomTest extends RandomTest {
    @Test
    void theTaUnderTestIsTheCOne(SecureWorld world) {
        assertTrue(world.isNativeTa(TeeUuid.parse(RandomTa.UUID)), "RandomTa's UUID is served by the native TA");
    }
}
