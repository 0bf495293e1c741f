package dev.jtee.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeUuid;
import dev.jtee.core.HeapStats;
import dev.jtee.core.InstanceInfo;
import dev.jtee.core.SecureWorld;
import java.util.List;
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

    /**
     * Runs {@code calls} on the TA's one live instance and checks that its C heap frees what they
     * allocate: at least {@code minAllocations} blocks, as many frees, no block left behind.
     */
    static void assertFreesWhatItAllocates(SecureWorld world, String uuid, int minAllocations, Runnable calls) {
        HeapStats before = heapOf(world, uuid);
        calls.run();
        HeapStats after = heapOf(world, uuid);
        long allocated = after.allocations() - before.allocations();
        assertTrue(allocated >= minAllocations, () -> "at least " + minAllocations + " allocations: " + after);
        assertEquals(allocated, after.frees() - before.frees(), after::toString);
        assertEquals(before.liveBlocks(), after.liveBlocks(), after::toString);
    }

    /** The heap of the one live instance of the TA: the C TA's own TEE_Malloc heap, as its host reports it. */
    private static HeapStats heapOf(SecureWorld world, String uuid) {
        List<InstanceInfo> live = world.instances().stream()
                .filter(i -> i.uuid().equals(TeeUuid.parse(uuid)) && !i.dead()).toList();
        assertEquals(1, live.size(), () -> "one live instance of " + uuid + ": " + live);
        return live.getFirst().heap();
    }
}
