package dev.jtee.examples;

import dev.jtee.junit.JteeTest;

/** Every test of {@link ShaTest}, run against the project's C sha TA (ta-native/ta/sha), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeShaTest extends ShaTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return ShaTa.UUID;
    }
}
