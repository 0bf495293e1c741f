package dev.jtee.examples.xtest;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every test of {@link Xtest1007PanicTest}, run against the project's C os_test TA
 * (ta-native/ta/os_test), whose TEE_Panic is a real one in a TA host process.
 */
class NativeXtest1007PanicTest extends Xtest1007PanicTest {
    /** Hides the Java variant's world: this class's world serves os_test from C. */
    @BeforeAll
    static void start() {
        tee = Xtest.ConsoleWorld.startNative(4);
    }
}
