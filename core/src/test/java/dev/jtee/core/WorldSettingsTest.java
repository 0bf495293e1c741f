package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.api.spi.WorldSetting;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TrustedApplication;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One place for every setting of an embedded world: explicit, else system property, else environment, else default. */
class WorldSettingsTest {
    /** A TA given by class name. */
    public static final class NamedTa implements TrustedApplication {
        static final String UUID = "5e771265-0000-4000-8000-000000000001";

        @Override
        public TaManifest manifest() {
            return TaManifest.builder(UUID, "named").flags(TaFlags.MULTI_SESSION).build();
        }

        @Override
        public TeeResult invokeCommand(TaSession session, int command, Params params) {
            return TeeResult.SUCCESS;
        }
    }

    private final EmbeddedWorldProvider provider = new EmbeddedWorldProvider();

    @Test
    void everySettingHasItsPropertyEnvironmentVariableAndDefault() {
        assertEquals("jtee.secureRam", WorldSetting.SECURE_RAM.property());
        assertEquals("JTEE_SECURE_RAM", WorldSetting.SECURE_RAM.environmentVariable());
        assertEquals("jtee.taDir", WorldSetting.TA_DIR.property());
        for (WorldSetting s : WorldSetting.values()) {
            assertTrue(!s.description().isBlank() && s.defaultValue() != null, s.name());
            assertEquals(s, WorldSetting.byKey(s.key()));
        }
        Map<String, String> defaults = WorldSetting.resolveAll(Map.of());
        assertEquals("8", defaults.get("threads"));
        assertEquals("16M", defaults.get("secureRam"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorldSetting.resolveAll(Map.of("thread", "2")));
        assertTrue(e.getMessage().contains("unknown setting 'thread'") && e.getMessage().contains("threads"), e.getMessage());
    }

    @Test
    void aSystemPropertyIsUsedUnlessTheSettingIsGivenExplicitly() {
        System.setProperty(WorldSetting.THREADS.property(), "3");
        try {
            try (SecureWorldPort port = provider.start(Map.of("console", "off"))) {
                assertEquals(3, port.secureThreads());
            }
            try (SecureWorldPort port = provider.start(Map.of("threads", "5", "console", "off"))) {
                assertEquals(5, port.secureThreads(), "explicit beats the property");
            }
        } finally {
            System.clearProperty(WorldSetting.THREADS.property());
        }
    }

    @Test
    void taClassesStorageDirectoriesAndConsoleComeFromTheSettings(@TempDir Path dir) {
        List<String> console = new CopyOnWriteArrayList<>();
        Path storage = dir.resolve("storage");
        Map<String, String> settings = Map.of("taClasses", NamedTa.class.getName(), "classpathTas", "false",
                "storageDir", storage.toString(), "taDir", dir.resolve("a") + File.pathSeparator + dir.resolve("b"));
        try (SecureWorldPort port = provider.start(settings, console::add)) {
            CallFrame f = new CallFrame();
            f.uuid = dev.jtee.api.TeeUuid.parse(NamedTa.UUID);
            f.clientUuid = null;
            assertEquals(SecureWorldPort.OK, port.openSession(f));
            assertEquals(0, f.result, "the TA named by class opens");
            f.uuid = dev.jtee.api.TeeUuid.parse("8aaaf200-2450-11e4-abe2-0002a5d5c51b");
            port.openSession(f);
            assertEquals(TeeResult.ITEM_NOT_FOUND.code(), f.result, "class-path TAs were left out");
            assertEquals(java.util.Optional.of(storage), ((SecureWorld) port).storageDirectory(), "storage kept in the directory given");
        }
        assertTrue(console.stream().anyMatch(l -> l.startsWith("I/TC: jtee secure world ")), console.toString());
    }

    @Test
    void aBadValueIsRefusedNamingItsSetting() {
        for (Map<String, String> bad : List.of(Map.of("threads", "many"), Map.of("secureRam", "10X"), Map.of("console", "syslog"),
                Map.of("strictStack", "yes"), Map.of("taClasses", "no.such.Ta"), Map.of("taClasses", String.class.getName()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.start(bad).close(), bad.toString());
            String key = bad.keySet().iterator().next();
            assertTrue(e.getMessage().contains(key) || key.equals("secureRam") && e.getMessage().contains("size"), e.getMessage());
        }
    }

    @Test
    void theDocsTableListsEverySettingWithItsNames() throws Exception {
        String readme = java.nio.file.Files.readString(Path.of("..", "docs", "tour.md"));
        for (WorldSetting s : WorldSetting.values()) {
            assertTrue(readme.contains("| " + s.key() + " | `" + s.property() + "` | `" + s.environmentVariable() + "` |"),
                    "docs/tour.md's settings table lacks " + s.key());
        }
    }
}
