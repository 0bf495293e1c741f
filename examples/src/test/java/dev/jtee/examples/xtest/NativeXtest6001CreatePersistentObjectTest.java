package dev.jtee.examples.xtest;

import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link Xtest6001CreatePersistentObjectTest}, run against the project's C storage TA
 * (ta-native/ta/storage): it has optee_test's UUID, so it replaces the Java one in this world.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeXtest6001CreatePersistentObjectTest extends Xtest6001CreatePersistentObjectTest {
    @Test
    void theTaUnderTestIsTheCOne(SecureWorld world) {
        Xtest.assertNativeStorage(world, StorageTa.UUID);
    }
}
