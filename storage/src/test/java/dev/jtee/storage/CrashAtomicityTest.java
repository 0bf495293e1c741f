package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real child JVM writes in a loop and is killed with SIGKILL at random points; afterwards every
 * object authenticates and holds one whole generation (its old or its new state, never a mix).
 * Iterations: {@code -Djtee.crash.iterations=N} (default 20).
 */
class CrashAtomicityTest {
    @TempDir
    Path dir;

    @Test
    void sigkillLeavesEveryObjectOldOrNew() throws Exception {
        int iterations = Integer.getInteger("jtee.crash.iterations", 20);
        String java = ProcessHandle.current().info().command().orElse("java");
        Random random = new Random(42);
        int[] last = new int[CrashWriter.OBJECTS];
        int lastMin = 0;
        for (int i = 0; i < iterations; i++) {
            Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String line = out.readLine();
            assertEquals("ready", line, "writer did not start");
            Thread.sleep(random.nextInt(150));
            p.destroyForcibly(); // SIGKILL on Unix
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            lastMin = check(last);
        }
        assertTrue(lastMin >= 1);
    }

    /** Opens every object and checks it is one whole generation; returns the smallest. */
    private int check(int[] last) {
        int min = Integer.MAX_VALUE;
        try (SecureStorage world = SecureStorage.open(SecureStorage.Config.inDirectory(dir))) {
            TaStorage ta = world.forTa(CrashWriter.TA);
            List<Integer> gens = new ArrayList<>();
            for (int k = 0; k < CrashWriter.OBJECTS; k++) {
                TeeObject o;
                try {
                    o = ta.openPersistentObject(TeeDefines.STORAGE_PRIVATE, ("obj" + k).getBytes(), TeeDefines.DATA_FLAG_ACCESS_READ);
                } catch (TeeException e) {
                    // only the first run may be killed before an object exists; never corrupt
                    assertEquals(TeeResult.ITEM_NOT_FOUND, e.result(), e.getMessage());
                    continue;
                }
                byte[] buf = new byte[64 * 1024];
                int n = ta.readObjectData(o, buf, 0, buf.length);
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                int g = b.getInt();
                assertEquals(CrashWriter.content(g).length, n, "object " + k + " has the size of generation " + g);
                while (b.hasRemaining()) {
                    assertEquals(g, b.getInt(), "object " + k + " mixes generations");
                }
                // committed writes survive the kill: no object ever goes back to an older generation
                assertTrue(g >= last[k], "object " + k + " went back from " + last[k] + " to " + g);
                last[k] = g;
                gens.add(g);
                ta.closeObject(o);
            }
            for (int g : gens) {
                min = Math.min(min, g);
            }
        }
        return min == Integer.MAX_VALUE ? 0 : min;
    }
}
