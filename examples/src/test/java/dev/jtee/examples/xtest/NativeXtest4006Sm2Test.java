package dev.jtee.examples.xtest;

import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link Xtest4006Sm2Test}, run against the project's C crypt TA (ta-native/ta/crypt): it has
 * CryptTa's UUID, so it replaces the Java one in this world.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeXtest4006Sm2Test extends Xtest4006Sm2Test {
    @Test
    void theTaUnderTestIsTheCOne(SecureWorld world) {
        Xtest.assertNativeTa(world, CryptTa.UUID);
    }
}
