package dev.jtee.examples;

import dev.jtee.junit.JteeTest;

/** Every test of {@link HotpTest}, run against the project's C hotp TA (ta-native/ta/hotp), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeHotpTest extends HotpTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return HotpTa.UUID;
    }
}
