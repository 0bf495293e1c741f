package dev.jtee.storage;

import dev.jtee.ta.TeeDefines;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jtee.api.TeeUuid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** xtest 6016: three threads (three TA instances) create, write, read, rename and delete on one store at once. */
class Xtest6016ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void threeThreadsOnOneStore() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (SecureStorage world = SecureStorage.open(SecureStorage.Config.inDirectory(dir));
                 ExecutorService pool = Executors.newFixedThreadPool(3)) {
                TeeUuid same = TeeUuid.parse("b689f2a7-8adf-477a-9f99-32e90c0ad0a2");
                List<CompletableFuture<Integer>> runs = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int thread = t;
                    runs.add(CompletableFuture.supplyAsync(() -> work(world.forTa(same), thread), pool));
                }
                for (CompletableFuture<Integer> r : runs) {
                    assertEquals(50, r.join());
                }
            }
        });
    }

    private static int work(TaStorage ta, int thread) {
        int rw = TeeDefines.DATA_FLAG_ACCESS_READ | TeeDefines.DATA_FLAG_ACCESS_WRITE | TeeDefines.DATA_FLAG_ACCESS_WRITE_META;
        int done = 0;
        for (int i = 0; i < 50; i++) {
            byte[] id = ("t" + thread + "-" + i).getBytes();
            byte[] data = new byte[1024];
            java.util.Arrays.fill(data, (byte) (thread * 50 + i));
            TeeObject o = ta.createPersistentObject(TeeDefines.STORAGE_PRIVATE, id, rw, null, data);
            ta.writeObjectData(o, new byte[] {1, 2, 3}, 0, 3);
            ta.seekObjectData(o, 0, TeeDefines.DATA_SEEK_SET);
            byte[] back = new byte[1024];
            assertEquals(1024, ta.readObjectData(o, back, 0, 1024));
            data[0] = 1;
            data[1] = 2;
            data[2] = 3;
            assertArrayEquals(data, back);
            ta.renamePersistentObject(o, ("r" + thread + "-" + i).getBytes());
            ta.closeAndDeletePersistentObject(o);
            done++;
        }
        return done;
    }
}
