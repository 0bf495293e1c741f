package dev.jtee.examples;

import dev.jtee.junit.JteeTest;

/** Every test of {@link EcdhTest}, run against the project's C ecdh TA (ta-native/ta/ecdh), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeEcdhTest extends EcdhTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return EcdhTa.UUID;
    }
}
