package dev.jtee.examples.xtest;

import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link Xtest6015StorageIsolationTest}, run against the project's C storage TAs
 * (ta-native/ta/storage and storage2): they have optee_test's UUIDs, so they replace the Java ones in this world.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeXtest6015StorageIsolationTest extends Xtest6015StorageIsolationTest {
    @Test
    void theTaUnderTestIsTheCOne(SecureWorld world) {
        Xtest.assertNativeStorage(world, StorageTa.UUID, Storage2Ta.UUID);
    }
}
