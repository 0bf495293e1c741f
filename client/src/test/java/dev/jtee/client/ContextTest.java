package dev.jtee.client;

import static dev.jtee.client.Fakes.assertTeeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.SecureWorldProvider;
import dev.jtee.api.spi.WorldSetting;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contexts and TEE devices: names, lifecycle, what closing closes, finding an embedded world. */
class ContextTest {

    @Test
    void unknownTeeNameIsItemNotFoundFromApi() {
        assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.API, () -> Context.open("Invalid TEE name"));
        assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.API, () -> Tee.open("Invalid TEE name"));
        assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.API, () -> Context.open("unix:/nonexistent"));
    }

    @Test
    void embeddedWithoutAProviderOnTheClasspathIsItemNotFoundFromApi() {
        // this module's tests have no secure world on the classpath (no core dependency)
        assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.API, Tee::embedded);
        assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.API, () -> Tee.open(null));
        assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.API, Context::open);
        assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.API, () -> Context.open("embedded"));
    }

    @Test
    void theBuilderHandsEverySettingToTheProviderUnderItsOneName(@TempDir Path dir) throws Exception {
        ClassLoader saved = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = providerLoader(dir)) {
            Thread.currentThread().setContextClassLoader(loader);
            try (Tee tee = Tee.builder().threads(3).secureRam(8 << 20).taDir(dir.resolve("a")).taDir(dir.resolve("b"))
                    .ta(String.class, Integer.class).classpathTas(false).storageDir(dir.resolve("s")).strictStack(true)
                    .console(line -> { }).build()) {
                assertEquals(3, tee.world().secureThreads());
                Map<String, String> config = FakeProvider.CONFIGS.get(FakeProvider.CONFIGS.size() - 1);
                assertEquals("3", config.get(WorldSetting.THREADS.key()));
                assertEquals(Integer.toString(8 << 20), config.get(WorldSetting.SECURE_RAM.key()));
                assertEquals(dir.resolve("a") + java.io.File.pathSeparator + dir.resolve("b"), config.get(WorldSetting.TA_DIR.key()));
                assertEquals("java.lang.String,java.lang.Integer", config.get(WorldSetting.TA_CLASSES.key()));
                assertEquals("false", config.get(WorldSetting.CLASSPATH_TAS.key()));
                assertEquals(dir.resolve("s").toString(), config.get(WorldSetting.STORAGE_DIR.key()));
                assertEquals("true", config.get(WorldSetting.STRICT_STACK.key()));
                for (String key : config.keySet()) {
                    assertTrue(WorldSetting.byKey(key) != null, key + " is a setting");
                }
            }
        } finally {
            Thread.currentThread().setContextClassLoader(saved);
        }
    }

    @Test
    void embeddedStartsTheWorldOfTheProviderFoundAndOwnsIt(@TempDir Path dir) throws Exception {
        ClassLoader saved = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = providerLoader(dir)) {
            Thread.currentThread().setContextClassLoader(loader);

            Tee tee = Tee.embedded(Map.of("threads", "3"));
            FakeWorld world = (FakeWorld) tee.world();
            assertEquals(3, world.secureThreads());
            assertEquals(Map.of("threads", "3"), FakeProvider.CONFIGS.get(FakeProvider.CONFIGS.size() - 1));
            try (Context ctx = tee.newContext(); Session s = ctx.openSession(Fakes.TA)) {
                s.invoke(1);
            }
            assertFalse(world.closed);
            tee.close();
            assertTrue(world.closed, "a Tee closes the world it started");
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> Tee.embedded(Map.of("threads", "many")));

            // the JVM-wide default: started once, shared by Context.open(), not closed with a context
            Context a = Context.open();
            try (Context b = Context.open("embedded"); Context c = Context.open("")) {
                assertSame(a.tee(), b.tee());
                assertSame(a.tee(), c.tee());
                a.close();
                assertFalse(a.tee().isClosed());
                assertFalse(((FakeWorld) a.tee().world()).closed);
            }
            try (Tee named = Tee.open("embedded")) {
                assertNotSame(named, Tee.defaultTee(), "Tee.open starts a TEE of its own");
            }
        } finally {
            Thread.currentThread().setContextClassLoader(saved);
            Tee.closeDefault();
        }
    }

    private static URLClassLoader providerLoader(Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(SecureWorldProvider.class.getName()), FakeProvider.class.getName() + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ContextTest.class.getClassLoader());
    }

    @Test
    void teeOnAWorldDoesNotCloseIt() {
        FakeWorld world = new FakeWorld(2);
        Tee tee = Tee.on(world);
        assertSame(world, tee.world());
        tee.close();
        tee.close();
        assertTrue(tee.isClosed());
        assertFalse(world.closed);
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> Tee.on(null));
    }

    @Test
    void closedContextIsBadStateFromApi() {
        FakeWorld world = new FakeWorld(2);
        try (Tee tee = Fakes.tee(world)) {
            Context ctx = tee.newContext();
            ctx.close();
            ctx.close();
            assertTrue(ctx.isClosed());
            assertTeeError(TeeResult.BAD_STATE, Origin.API, () -> ctx.openSession(Fakes.TA));
            assertTeeError(TeeResult.BAD_STATE, Origin.API, () -> ctx.allocateSharedMemory(8, SharedMemory.MEM_INPUT));
            assertTeeError(TeeResult.BAD_STATE, Origin.API, () -> ctx.registerSharedMemory(new byte[8], SharedMemory.MEM_INPUT));
            assertTeeError(TeeResult.BAD_STATE, Origin.API,
                    () -> ctx.registerSharedMemory(new byte[8], 0, 4, SharedMemory.MEM_INPUT));
            assertTrue(world.calls(FakeWorld.Kind.OPEN).isEmpty());
        }
    }

    @Test
    void contextCloseClosesItsSessionsAndReleasesItsSharedMemory() {
        FakeWorld world = new FakeWorld(2);
        try (Tee tee = Fakes.tee(world)) {
            Context ctx = tee.newContext();
            Context other = tee.newContext();
            Session a = ctx.openSession(Fakes.TA);
            Session b = ctx.openSession(Fakes.TA);
            Session kept = other.openSession(Fakes.TA);
            SharedMemory shm = ctx.allocateSharedMemory(8, SharedMemory.MEM_OUTPUT);
            assertEquals(2, ctx.openSessions());
            ctx.close();
            assertTrue(a.isClosed() && b.isClosed());
            assertTrue(shm.isReleased());
            assertEquals(0, ctx.openSessions());
            assertEquals(2, world.calls(FakeWorld.Kind.CLOSE).size());
            assertEquals(java.util.Set.of(kept.id()), world.openSessions, "only the other context's session is left");
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.COMMS, () -> a.invoke(1));
            kept.invoke(1);
        }
    }

    @Test
    void teeCloseClosesEverythingAndNothingLeaks() {
        FakeWorld world = new FakeWorld(2);
        Tee tee = Fakes.tee(world);
        Context c1 = tee.newContext();
        Context c2 = tee.newContext();
        Session s1 = c1.openSession(Fakes.TA);
        c1.openSession(Fakes.TA);
        Session s3 = c2.openSession(Fakes.TA);
        SharedMemory shm = c2.registerSharedMemory(new byte[4], SharedMemory.MEM_INPUT);
        s1.close();
        tee.close();
        assertTrue(c1.isClosed() && c2.isClosed());
        assertTrue(s3.isClosed());
        assertTrue(shm.isReleased());
        assertTrue(world.openSessions.isEmpty(), "every session was closed in the world");
        assertEquals(3, world.calls(FakeWorld.Kind.CLOSE).size(), "each session closed once");
        assertTeeError(TeeResult.BAD_STATE, Origin.API, tee::newContext);
        assertTrue(tee.toString().contains("fake"));
    }
}
