package dev.jtee.examples.xtest;

import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link Xtest1016TaToTaMemrefTest}, run against the project's C os_test TA
 * (ta-native/ta/os_test): it has os_test's UUID, so it replaces the Java one in this world.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeXtest1016TaToTaMemrefTest extends Xtest1016TaToTaMemrefTest {
    @Test
    void theTaUnderTestIsTheCOne(SecureWorld world) {
        Xtest.assertNativeOsTest(world);
    }
}
