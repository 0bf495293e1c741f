package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.spi.SecureWorldProvider;
import dev.jtee.ta.TaFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, describing, observing and closing a world; the provider the client finds with ServiceLoader. */
class WorldLifecycleTest {
    static final String MULTI = "bbbbbbbb-0000-0000-0000-000000000001";
    static final String KEPT = "bbbbbbbb-0000-0000-0000-000000000002";

    @Test
    void closeRunsCloseEntriesDestroysInstancesAndStopsThreads() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            TestTa.Control multi = new TestTa.Control();
            TestTa.Control kept = new TestTa.Control();
            Client c = Client.start(b -> b.threads(3)
                    .ta(() -> new TestTa(TestTa.manifest(MULTI, "closing", 0), multi))
                    .ta(() -> new TestTa(TestTa.manifest(KEPT, "kept",
                            TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION | TaFlags.INSTANCE_KEEP_ALIVE), kept)));
            int s1 = c.openOk(MULTI);
            c.openOk(MULTI);
            int k = c.openOk(KEPT);
            c.close(k);
            assertEquals(3, c.world.stats().instances());
            assertEquals(2, c.world.stats().sessions());
            c.world.close();
            assertEquals(2, multi.count("close"));
            assertEquals(2, multi.count("destroy"));
            assertEquals(1, kept.count("destroy"));
            assertEquals(0, c.world.stats().instances());
            assertEquals(0, c.world.stats().sessions());
            assertEquals(0, c.world.stats().secureRamUsed());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("jtee-ta-closing-")
                    || t.getName().startsWith("jtee-ta-kept-"))) {
                assertTrue(System.nanoTime() < end, "instance threads still alive after close");
                Thread.sleep(5);
            }
            // afterwards every call has a clear answer, and close is idempotent
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s1, TestTa.CMD_INC, 1));
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.open(MULTI));
            c.world.close();
        });
    }

    @Test
    void closeEndsUnmaskedWaitsAndAbandonsEntriesThatNeverReturn() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            TestTa.Control waiting = new TestTa.Control();
            TestTa.Control stuck = new TestTa.Control();
            Client c = Client.start(b -> b.threads(2).shutdownTimeout(TimeUnit.MILLISECONDS.toNanos(300))
                    .ta(() -> new TestTa(TestTa.manifest(MULTI, "waiting", 0), waiting))
                    .ta(() -> new TestTa(TestTa.manifest(KEPT, "stuck", 0), stuck) {
                        @Override
                        public void closeSession(dev.jtee.ta.TaSession session) {
                            block(); // never released by this test
                        }
                    }));
            int w = c.openOk(MULTI);
            c.openOk(KEPT);
            java.util.concurrent.CompletableFuture<dev.jtee.api.spi.CallFrame> wait =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> c.invoke(w, TestTa.CMD_WAIT, dev.jtee.ta.TeeApi.TIMEOUT_INFINITE));
            ConcurrencyTest.waitUntil(() -> c.world.stats().threadsBusy() == 1);
            c.world.close();
            assertResult(TeeResult.CANCEL, Origin.TRUSTED_APP, wait.get(5, TimeUnit.SECONDS));
            assertTrue(c.consoleHas("^W/TC:\\? 0 Abandoning TA " + KEPT), c.consoleText());
            assertEquals(1, waiting.count("close"));
            stuck.release.countDown();
        });
    }

    /**
     * The race behind closeEndsUnmaskedWaits…'s rare timeout: a close whose cancellation reached the
     * instances before an entry began (the entry resets its instance's cancel flag) must still end that
     * entry's unmasked wait. Here the cancellation comes first, deterministically.
     */
    @Test
    void anEntryThatBeginsAfterTheCloseCancelledEverythingIsCancelledToo() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            TestTa.Control waiting = new TestTa.Control();
            Client c = Client.start(b -> b.threads(2).ta(() -> new TestTa(TestTa.manifest(MULTI, "waiting", 0), waiting)));
            try {
                int w = c.openOk(MULTI);
                c.world.manager.cancelAll();
                assertResult(TeeResult.CANCEL, Origin.TRUSTED_APP, c.invoke(w, TestTa.CMD_WAIT, dev.jtee.ta.TeeApi.TIMEOUT_INFINITE));
            } finally {
                c.world.close();
            }
        });
    }

    @Test
    void describeStatsAndBuilderChecks() {
        Client c = Client.start(b -> b.threads(3).secureRam(4 << 20));
        try {
            assertEquals("embedded (3 threads, 4 MiB secure RAM)", c.world.describe());
            assertEquals(3, c.world.secureThreads());
            WorldStats s = c.world.stats();
            assertEquals(new WorldStats(3, 0, 4 << 20, 0, 0, 0, 0), s);
            assertTrue(c.console.get(0).startsWith("I/TC: jtee secure world "), c.console.toString());
        } finally {
            c.world.close();
        }
        assertThrows(IllegalArgumentException.class, () -> SecureWorld.builder().threads(0));
        assertThrows(IllegalArgumentException.class, () -> SecureWorld.builder().secureRam(100));
    }

    @Test
    void theProviderIsFoundByServiceLoaderAndReadsItsConfig(@TempDir Path dir) {
        SecureWorldProvider provider = ServiceLoader.load(SecureWorldProvider.class).findFirst().orElseThrow();
        assertTrue(provider instanceof EmbeddedWorldProvider);
        try (SecureWorldPort port = provider.start(Map.of("threads", "2", "secureRam", "8M", "taDir", dir.toString()))) {
            assertEquals(2, port.secureThreads());
            assertEquals("embedded (2 threads, 8 MiB secure RAM)", port.describe());
        }
        assertThrows(IllegalArgumentException.class, () -> provider.start(Map.of("threads", "many")));
    }

    @Test
    void sizes() {
        assertEquals(16L << 20, EmbeddedWorldProvider.parseSize("16M"));
        assertEquals(16L << 20, EmbeddedWorldProvider.parseSize("16MiB"));
        assertEquals(512L << 10, EmbeddedWorldProvider.parseSize("512k"));
        assertEquals(1L << 30, EmbeddedWorldProvider.parseSize("1G"));
        assertEquals(4096, EmbeddedWorldProvider.parseSize(" 4096 "));
        assertEquals(100, EmbeddedWorldProvider.parseSize("100B"));
        for (String bad : List.of("", "M", "x12", "-1M", "99999999999G")) {
            assertThrows(IllegalArgumentException.class, () -> EmbeddedWorldProvider.parseSize(bad), bad);
        }
    }
}
