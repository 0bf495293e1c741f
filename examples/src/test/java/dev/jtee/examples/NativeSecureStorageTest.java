package dev.jtee.examples;

import dev.jtee.junit.JteeTest;

/** Every test of {@link SecureStorageTest}, run against the project's C secure_storage TA (ta-native/ta/secure_storage), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeSecureStorageTest extends SecureStorageTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return SecureStorageTa.UUID;
    }
}
