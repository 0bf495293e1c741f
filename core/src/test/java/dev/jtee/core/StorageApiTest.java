package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.TeeDefines;
import dev.jtee.ta.ObjectHandle;
import dev.jtee.ta.Params;
import dev.jtee.ta.ShortBufferException;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TeeDefines;
import dev.jtee.ta.TrustedApplication;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage and crypto syscalls as wired into the world: storage directory, error translation, release. */
class StorageApiTest {
    static final String UUID = "0a1b2c3d-0000-4000-8000-000000006000";
    static final int CMD_WRITE = 0;     // p0 a: value to store under id "v"
    static final int CMD_READ = 1;      // answers the stored value in p0 a
    static final int CMD_OPEN_HOLD = 2; // opens "v" for writing and keeps the handle
    static final int CMD_SHORT = 3;     // SHA-256 into 8 bytes: p0 a = size needed
    static final int CMD_PANIC_IN_ENGINE = 4; // seek with an unknown whence: GP panics

    /** A TA exercising the API through TeeApi, as TA code does. */
    public static final class StoreTa implements TrustedApplication {
        private static final TaManifest MANIFEST = TaManifest.builder(UUID, "store").build();
        private ObjectHandle held;

        @Override
        public TaManifest manifest() {
            return MANIFEST;
        }

        @Override
        public TeeResult invokeCommand(TaSession session, int command, Params p) {
            long buf = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
            try {
                TeeApi.putByte(buf, (byte) 'v');
                switch (command) {
                    case CMD_WRITE -> {
                        TeeApi.putByte(buf + 8, (byte) p.value(0).a());
                        TeeApi.closeObject(TeeApi.createPersistentObject(TeeDefines.STORAGE_PRIVATE, buf, 1,
                                TeeDefines.DATA_FLAG_OVERWRITE, null, buf + 8, 1));
                    }
                    case CMD_READ -> {
                        ObjectHandle o = TeeApi.openPersistentObject(TeeDefines.STORAGE_PRIVATE, buf, 1,
                                TeeDefines.DATA_FLAG_ACCESS_READ);
                        TeeApi.readObjectData(o, buf + 8, 1);
                        TeeApi.closeObject(o);
                        p.value(0).a(TeeApi.getByte(buf + 8));
                    }
                    case CMD_OPEN_HOLD -> held = TeeApi.openPersistentObject(TeeDefines.STORAGE_PRIVATE, buf, 1,
                            TeeDefines.DATA_FLAG_ACCESS_WRITE);
                    case CMD_SHORT -> {
                        var op = TeeApi.allocateOperation(TeeDefines.ALG_SHA256, TeeDefines.MODE_DIGEST, 0);
                        try {
                            TeeApi.digestDoFinal(op, buf, 3, buf + 8, 8);
                        } catch (ShortBufferException e) {
                            p.value(0).a(e.required());
                            return TeeResult.SHORT_BUFFER;
                        }
                    }
                    case CMD_PANIC_IN_ENGINE -> {
                        ObjectHandle o = held != null ? held : TeeApi.openPersistentObject(
                                TeeDefines.STORAGE_PRIVATE, buf, 1, TeeDefines.DATA_FLAG_ACCESS_READ);
                        TeeApi.seekObjectData(o, 0, 77);
                    }
                    default -> {
                        return TeeResult.NOT_SUPPORTED;
                    }
                }
                return TeeResult.SUCCESS;
            } catch (TeeException e) {
                return e.result();
            } finally {
                TeeApi.free(buf);
            }
        }
    }

    @Test
    void constantsMatchTheEngine() throws Exception {
        int n = 0;
        for (Field f : TeeDefines.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                assertEquals(TeeDefines.class.getField(f.getName()).get(null), f.get(null), f.getName());
                n++;
            }
        }
        assertTrue(n > 100, "TeeDefines has " + n + " constants");
    }

    @Test
    void objectsPersistAcrossWorldsInTheStorageDir(@TempDir Path dir) {
        List<String> console = new CopyOnWriteArrayList<>();
        try (Client c = Client.of(Client.builder(console).ta(StoreTa::new).storageDir(dir), console)) {
            int s = c.openOk(UUID);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, CMD_WRITE, 42));
        }
        assertTrue(Files.exists(dir.resolve("storage.db")));
        try (Client c = Client.of(Client.builder(console).ta(StoreTa::new).storageDir(dir), console)) {
            int s = c.openOk(UUID);
            var f = c.invoke(s, CMD_READ, 0);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
            assertEquals(42, f.valueA[0]);
        }
    }

    @Test
    void theDefaultStorageIsATemporaryDirectoryRemovedOnClose() {
        Path dir;
        try (Client c = Client.start(b -> b.ta(StoreTa::new))) {
            assertTrue(c.world.storageDirectory().isEmpty(), "nothing is created before first use");
            int s = c.openOk(UUID);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, CMD_WRITE, 1));
            dir = c.world.storageDirectory().orElseThrow();
            assertTrue(Files.isDirectory(dir));
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void shortBufferCarriesTheSizeAndEnginePanicsKillTheInstance() {
        try (Client c = Client.start(b -> b.ta(StoreTa::new))) {
            int s = c.openOk(UUID);
            var f = c.invoke(s, CMD_SHORT, 0);
            Client.assertResult(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, f);
            assertEquals(32, f.valueA[0]);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, CMD_WRITE, 5));
            Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, CMD_PANIC_IN_ENGINE, 0));
            assertTrue(c.consoleHas("TA panicked with code 0xffff0008"), String.join("\n", c.console));
        }
    }

    @Test
    void handlesOfADeadOrDestroyedInstanceAreReleased() {
        try (Client c = Client.start(b -> b.ta(StoreTa::new))) {
            int s1 = c.openOk(UUID);
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s1, CMD_WRITE, 3));
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s1, CMD_OPEN_HOLD, 0));
            int s2 = c.openOk(UUID);
            // another instance: the exclusive write handle of the first one conflicts
            Client.assertResult(TeeResult.ACCESS_CONFLICT, Origin.TRUSTED_APP, c.invoke(s2, CMD_OPEN_HOLD, 0));
            c.close(s1); // destroy releases the handle
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s2, CMD_OPEN_HOLD, 0));
            Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s2, CMD_PANIC_IN_ENGINE, 0));
            int s3 = c.openOk(UUID); // the panic released it too
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s3, CMD_OPEN_HOLD, 0));
        }
    }
}
