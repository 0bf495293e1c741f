package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.Identity;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading native TAs (issue 14 §2, NATIVE-TAS.md §A): the header read from the ELF section table
 * of a real gcc-built shared object, one precise refusal line per bad or foreign file while the
 * rest of the directory loads, duplicates refused, a built-in TA replaced by a user's build.
 */
class NativeTaLoadingTest {
    static final TeeUuid GOOD = TeeUuid.parse("11111111-2222-3333-4444-555555555555");
    static final TeeUuid OTHER = TeeUuid.parse("11111111-2222-3333-4444-666666666666");
    /** optee_examples' hello_world. */
    static final TeeUuid HELLO = TeeUuid.parse("8aaaf200-2450-11e4-abe2-0002a5d5c51b");

    @TempDir
    Path work;
    Path dir;
    TaFiles files;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectory(work.resolve("tas"));
        files = new TaFiles(work);
    }

    private static String refusal(List<String> console, String file) {
        return console.stream().filter(l -> l.startsWith("E/TC:? 0 Refusing TA: native ") && l.contains(file))
                .findFirst().orElse(null);
    }

    @Test
    void aGoodTaFileLoadsWithItsHeaderAndProperties() throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("gpd.ta.description", "Hello");
        props.put("gpd.ta.version", "3.1");
        props.put("com.example.u32", 7);
        props.put("com.example.bool", true);
        props.put("com.example.u64", 1L << 40);
        props.put("com.example.string", "text");
        props.put("com.example.uuid", OTHER);
        props.put("com.example.identity", new Identity(Login.USER, OTHER));
        props.put("com.example.binary", new byte[] {1, 2, 3});
        int flags = TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION;
        files.ta(dir, GOOD + ".ta", TaFiles.header(GOOD, flags, 4096, 65536, 11, props));

        List<String> console = new CopyOnWriteArrayList<>();
        try (SecureWorld w = Client.builder(console).taDir(dir).build()) {
            assertEquals(List.of(), w.refusedTas(), String.join("\n", console));
            TaManifest m = w.findTa(GOOD.toString()).orElseThrow();
            assertEquals(GOOD + "", m.name());
            assertEquals(flags, m.flags());
            assertEquals(4096, m.stackSize());
            assertEquals(65536, m.dataSize());
            assertEquals("Hello", m.description());
            assertEquals("3.1", m.version());
            assertEquals(7, m.properties().get("com.example.u32"));
            assertEquals(true, m.properties().get("com.example.bool"));
            assertEquals(1L << 40, m.properties().get("com.example.u64"));
            assertEquals("text", m.properties().get("com.example.string"));
            assertEquals(OTHER, m.properties().get("com.example.uuid"));
            assertEquals(new Identity(Login.USER, OTHER), m.properties().get("com.example.identity"));
            assertTrue(Arrays.equals(new byte[] {1, 2, 3}, (byte[]) m.properties().get("com.example.binary")));
            assertTrue(w.isNativeTa(GOOD));
            assertEquals(11, w.store.get(GOOD).nativeTa.abi());
            // the TA property set an instance sees, as for a Java TA: derived gpd.ta.* and the extensions
            Map<String, Object> ta = TaProperties.ta(m);
            assertEquals(GOOD, ta.get("gpd.ta.appID"));
            assertEquals(true, ta.get("gpd.ta.singleInstance"));
            assertEquals(4096, ta.get("gpd.ta.stackSize"));
            assertEquals("Hello", ta.get("gpd.ta.description"));
            assertEquals(7, ta.get("com.example.u32"));
        }
    }

    @Test
    void badAndForeignFilesAreRefusedWithOneLineEachAndTheRestLoads() throws Exception {
        Path good = files.ta(dir, "a-good.ta", TaFiles.header(GOOD, 0));
        // the same file as built for arm64: e_machine 183 (an ARM .ta on x86, or the reverse on arm64)
        byte[] elf = Files.readAllBytes(good);
        int foreign = NativeTaFile.hostMachine() == NativeTaFile.EM_AARCH64 ? NativeTaFile.EM_X86_64 : NativeTaFile.EM_AARCH64;
        elf[18] = (byte) foreign;
        elf[19] = (byte) (foreign >> 8);
        Files.write(dir.resolve("b-foreign.ta"), elf);
        Files.writeString(dir.resolve("c-text.ta"), "not an ELF file at all\n");
        byte[] whole = Files.readAllBytes(files.ta(work, "d.ta", TaFiles.header(OTHER, 0)));
        Files.write(dir.resolve("d-truncated.ta"), Arrays.copyOf(whole, whole.length / 2));
        byte[] badMagic = TaFiles.header(OTHER, 0);
        badMagic[0] = 'X';
        files.ta(dir, "e-magic.ta", badMagic);
        byte[] badVersion = TaFiles.header(OTHER, 0);
        badVersion[8] = 9;
        files.ta(dir, "f-version.ta", badVersion);
        byte[] badLength = TaFiles.header(OTHER, 0);
        badLength[12] = (byte) 0xff;
        badLength[13] = (byte) 0xff;
        files.ta(dir, "g-length.ta", badLength);
        Path noHead = work.resolve("plain.c");
        Files.writeString(noHead, "int f(void) { return 1; }\n");
        files.ta(dir, "h-flags.ta", TaFiles.header(OTHER, 1 << 20));
        files.ta(dir, "i-small.ta", TaFiles.header(OTHER, 0, 2048, 512, 13, Map.of()));
        Files.copy(files.ta(work, "so.ta", TaFiles.header(OTHER, 0)), dir.resolve("ignored.so")); // not *.ta: not looked at

        List<String> console = new CopyOnWriteArrayList<>();
        try (SecureWorld w = Client.builder(console).taDir(dir).build()) {
            String all = String.join("\n", console);
            assertEquals(List.of(GOOD), w.tas().stream().map(TaManifest::uuid).toList(), all);
            String here = NativeTaFile.machineName(NativeTaFile.hostMachine());
            assertEquals("E/TC:? 0 Refusing TA: native " + dir.resolve("b-foreign.ta") + ": built for "
                    + NativeTaFile.machineName(foreign) + ", this machine is " + here, refusal(console, "b-foreign.ta"), all);
            assertEquals("E/TC:? 0 Refusing TA: native " + dir.resolve("c-text.ta") + ": not an ELF file",
                    refusal(console, "c-text.ta"), all);
            assertTrue(refusal(console, "d-truncated.ta").endsWith("truncated or missing ELF section table"), all);
            assertTrue(refusal(console, "e-magic.ta").endsWith(".jtee_ta_head has a bad magic"), all);
            assertTrue(refusal(console, "f-version.ta").endsWith(".jtee_ta_head format version 9, this jtee reads 1"), all);
            assertTrue(refusal(console, "g-length.ta").contains(".jtee_ta_head says"), all);
            assertTrue(refusal(console, "h-flags.ta").endsWith("(" + OTHER + "): unknown TA flags 0x100000 (TEE_ERROR_BAD_FORMAT)"), all);
            assertTrue(refusal(console, "i-small.ta").endsWith("TA_DATA_SIZE 512 is below the minimum of 1024 bytes"), all);
            assertEquals(8, w.refusedTas().size(), all);
            assertEquals(8, console.stream().filter(l -> l.contains("Refusing TA")).count(), "one line per file: " + all);
        }
    }

    @Test
    void aSharedObjectWithoutTheHeaderSectionIsRefused() throws Exception {
        files.ta(work, "x.ta", TaFiles.header(GOOD, 0)); // builds the plain .so
        Files.copy(work.resolve("empty.so"), dir.resolve("plain.ta"));
        List<String> console = new CopyOnWriteArrayList<>();
        try (SecureWorld w = Client.builder(console).taDir(dir).build()) {
            assertEquals("E/TC:? 0 Refusing TA: native " + dir.resolve("plain.ta")
                    + ": no .jtee_ta_head section (not built with jtee's TA dev kit)", refusal(console, "plain.ta"));
            assertTrue(w.tas().isEmpty());
        }
    }

    @Test
    void aDuplicateUuidWithinTheDirectoriesIsRefused() throws Exception {
        files.ta(dir, "a.ta", TaFiles.header(GOOD, 0));
        files.ta(dir, "b.ta", TaFiles.header(GOOD, 0));
        Path second = Files.createDirectory(work.resolve("more"));
        files.ta(second, "c.ta", TaFiles.header(GOOD, 0));
        List<String> console = new CopyOnWriteArrayList<>();
        try (SecureWorld w = Client.builder(console).taDir(dir).taDir(second).build()) {
            assertEquals(1, w.tas().size());
            assertEquals("a", w.tas().get(0).name());
            assertEquals("E/TC:? 0 Refusing TA: native " + dir.resolve("b.ta") + " (" + GOOD + "): duplicate UUID, already loaded from native "
                    + dir.resolve("a.ta") + " as a", refusal(console, "b.ta"));
            assertTrue(refusal(console, "c.ta").endsWith("duplicate UUID, already loaded from native " + dir.resolve("a.ta") + " as a"));
        }
    }

    @Test
    void aNativeTaReplacesTheBuiltInTaWithItsUuidWithOneLine() throws Exception {
        files.ta(dir, HELLO + ".ta", TaFiles.header(HELLO, 0));
        TestTa.Control control = new TestTa.Control();
        List<String> console = new CopyOnWriteArrayList<>();
        try (SecureWorld w = Client.builder(console)
                .ta(() -> new TestTa(TestTa.manifest(HELLO.toString(), "hello_world", 0), control))
                .taDir(dir).build()) {
            assertEquals(1, w.tas().size());
            assertTrue(w.isNativeTa(HELLO));
            assertEquals(HELLO, w.findTa("hello_world").orElseThrow().uuid(), "it keeps the built-in's name");
            assertEquals(List.of(), w.refusedTas());
            assertEquals(List.of("I/TC: Native TA " + dir.resolve(HELLO + ".ta") + " replaces the built-in TA hello_world (" + HELLO + ")"),
                    console.stream().filter(l -> l.contains("replaces")).toList());
        }
    }

    @Test
    void withoutATaHostTheOpenFailsWithOneLineAndTheWorldGoesOn() throws Exception {
        files.ta(dir, "a.ta", TaFiles.header(GOOD, 0));
        TestTa.Control control = new TestTa.Control();
        List<String> console = new CopyOnWriteArrayList<>();
        Path nowhere = Files.createDirectory(work.resolve("no-home"));
        try (Client c = Client.of(Client.builder(console).nativeHome(nowhere).taDir(dir)
                .ta(() -> new TestTa(TestTa.manifest(OTHER.toString(), "java", 0), control)), console)) {
            CallFrame f = c.open(GOOD.toString());
            Client.assertResult(TeeResult.ITEM_NOT_FOUND, Origin.TEE, f);
            assertTrue(c.consoleHas("^E/TC:\\? 0 Cannot run native TA " + GOOD + " \\(.*a\\.ta\\): no TA host at "
                    + nowhere.resolve("bin").resolve("jtee-tahost")), c.consoleText());
            assertEquals(0, c.world.stats().instances(), "nothing left behind");
            assertEquals(0, c.world.stats().secureRamUsed());
            int s = c.openOk(OTHER.toString());
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, TestTa.CMD_INC, 1));
            assertFalse(c.world.isNativeTa(OTHER));
        }
    }
}
