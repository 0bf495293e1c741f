package dev.jtee.examples;

import dev.jtee.junit.JteeTest;

/** Every test of {@link EcdsaTest}, run against the project's C ecdsa TA (ta-native/ta/ecdsa), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeEcdsaTest extends EcdsaTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return EcdsaTa.UUID;
    }
}
