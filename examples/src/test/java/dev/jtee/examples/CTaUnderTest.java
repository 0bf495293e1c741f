package dev.jtee.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeUuid;
import dev.jtee.core.SecureWorld;
import org.junit.jupiter.api.Test;

/**
 * For a test class that runs a Java TA's tests against the project's C version of that TA
 * (ta-native/ta, same UUID, so it replaces the Java one in the world): checks that the world really
 * serves the UUID with the C TA, so a missing .ta cannot pass as the Java TA.
 */
interface CTaUnderTest {
    /** The UUID both versions of the TA have. */
    String taUuid();

    @Test
    default void theTaUnderTestIsTheCOne(SecureWorld world) {
        assertTrue(world.isNativeTa(TeeUuid.parse(taUuid())), taUuid() + " is served by the native TA");
    }
}
