package dev.jtee.examples;

import dev.jtee.junit.JteeTest;

/** Every test of {@link AesTest}, run against the project's C aes TA (ta-native/ta/aes), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeAesTest extends AesTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return AesTa.UUID;
    }
}
