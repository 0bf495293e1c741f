package dev.jtee.examples;

import dev.jtee.junit.JteeTest;

/** Every test of {@link AcipherTest}, run against the project's C acipher TA (ta-native/ta/acipher), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeAcipherTest extends AcipherTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return AcipherTa.UUID;
    }
}
