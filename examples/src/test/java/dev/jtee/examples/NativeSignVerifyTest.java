package dev.jtee.examples;

import dev.jtee.junit.JteeTest;

/** Every test of {@link SignVerifyTest}, run against the project's C sign_verify TA (ta-native/ta/sign_verify), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeSignVerifyTest extends SignVerifyTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return SignVerifyTa.UUID;
    }
}
