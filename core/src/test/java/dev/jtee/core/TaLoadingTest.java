package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TA loading: a directory of jars built here, each TA validated like OP-TEE validates a TA header. */
class TaLoadingTest {
    static final String GOOD = "99999999-0000-0000-0000-000000000001";
    static final String CONCURRENT = "99999999-0000-0000-0000-000000000002";
    static final String SMALL_DATA = "99999999-0000-0000-0000-000000000003";
    static final String NO_STACK = "99999999-0000-0000-0000-000000000004";
    static final String HUGE_STACK = "99999999-0000-0000-0000-000000000005";
    static final String UNKNOWN_FLAG = "99999999-0000-0000-0000-000000000006";

    @TempDir
    Path tmp;

    /** A TA source: {@code INC} on p0 VALUE_INOUT, with the given manifest expression and constructor body. */
    private static String source(String pkg, String cls, String manifest, String constructor) {
        return """
                package %s;
                import dev.jtee.api.TeeResult;
                import dev.jtee.ta.*;
                public class %s implements TrustedApplication {
                    public %s() { %s }
                    public TaManifest manifest() { return %s; }
                    public TeeResult invokeCommand(TaSession s, int command, Params p) {
                        p.value(0).a(p.value(0).a() + 1);
                        return TeeResult.SUCCESS;
                    }
                }
                """.formatted(pkg, cls, cls, constructor, manifest);
    }

    private static String manifest(String uuid, String name, String more) {
        return "TaManifest.builder(\"" + uuid + "\", \"" + name + "\")" + more + ".build()";
    }

    /** Compiles the sources and packs them, with their service file, into {@code dir/jar}. */
    private void jar(Path dir, String jar, Map<String, String> classes) throws IOException {
        Path src = Files.createTempDirectory(tmp, "src");
        Path out = Files.createTempDirectory(tmp, "classes");
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", classpath(), "-proc:none"));
        for (Map.Entry<String, String> e : classes.entrySet()) {
            Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "the test TAs compile");
        Files.createDirectories(dir);
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(dir.resolve(jar)));
             Stream<Path> files = Files.walk(out)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(out.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, j);
                j.closeEntry();
            }
            j.putNextEntry(new JarEntry("META-INF/services/" + TrustedApplication.class.getName()));
            j.write((String.join("\n", classes.keySet()) + "\nmissing.NoSuchTa\n").getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
    }

    private static String classpath() {
        return Stream.of(TeeApi.class, TeeResult.class)
                .map(c -> {
                    try {
                        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                    } catch (java.net.URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .distinct()
                .reduce((a, b) -> a + java.io.File.pathSeparator + b)
                .orElseThrow();
    }

    @Test
    void aDirectoryOfJarsWithGoodAndBadTas() throws IOException {
        Path dir = tmp.resolve("tas");
        jar(dir, "a-good.jar", Map.of(
                "jar.a.GoodTa", source("jar.a", "GoodTa", manifest(GOOD, "good", ".description(\"from a jar\")"), ""),
                "jar.a.ConcurrentTa", source("jar.a", "ConcurrentTa", manifest(CONCURRENT, "concurrent",
                        ".flags(TaFlags.CONCURRENT)"), ""),
                "jar.a.ThrowingTa", source("jar.a", "ThrowingTa", manifest(GOOD, "x", ""),
                        "if (true) throw new IllegalStateException(\"no way\");")));
        jar(dir, "b-bad.jar", Map.of(
                "jar.b.DuplicateTa", source("jar.b", "DuplicateTa", manifest(GOOD, "dup", ""), ""),
                "jar.b.SmallDataTa", source("jar.b", "SmallDataTa", manifest(SMALL_DATA, "small", ".dataSize(512)"), ""),
                "jar.b.NoStackTa", source("jar.b", "NoStackTa", manifest(NO_STACK, "nostack", ".stackSize(0)"), ""),
                "jar.b.HugeStackTa", source("jar.b", "HugeStackTa", manifest(HUGE_STACK, "hugestack", ".stackSize(1 << 30)"), ""),
                "jar.b.UnknownFlagTa", source("jar.b", "UnknownFlagTa", manifest(UNKNOWN_FLAG, "flag", ".flags(1 << 20)"), ""),
                "jar.b.NullManifestTa", source("jar.b", "NullManifestTa", "null", "")));
        Files.writeString(dir.resolve("notes.txt"), "not a jar");
        Files.write(dir.resolve("broken.jar"), new byte[] {1, 2, 3});

        List<String> console = new CopyOnWriteArrayList<>();
        SecureWorld world = Client.builder(console).taDir(dir).build();
        Client c = new Client(world, console);
        try {
            assertEquals(List.of(GOOD), world.tas().stream().map(m -> m.uuid().toString()).toList());
            assertEquals("from a jar", world.findTa("good").orElseThrow().description());
            assertEquals("good", world.findTa(GOOD).orElseThrow().name());
            assertTrue(world.findTa("GOOD").isPresent(), "names match ignoring case as a fallback");
            assertTrue(world.findTa("nope").isEmpty());

            List<String> refused = world.refusedTas();
            String all = String.join("\n", refused);
            assertTrue(has(refused, "jar a-good.jar: jar.a.ConcurrentTa concurrent (" + CONCURRENT
                    + "): TA_FLAG_CONCURRENT is for pseudo-TAs only (TEE_ERROR_BAD_FORMAT)"), all);
            assertTrue(has(refused, "jar a-good.jar: jar.a.ThrowingTa: constructor failed:"), all);
            assertTrue(all.contains("no way"), all);
            assertTrue(has(refused, "jar b-bad.jar: jar.b.DuplicateTa dup (" + GOOD + "): duplicate UUID, already loaded from jar a-good.jar as good"), all);
            assertTrue(has(refused, "jar.b.SmallDataTa small (" + SMALL_DATA + "): TA_DATA_SIZE 512 is below the minimum of 1024 bytes"), all);
            assertTrue(has(refused, "jar.b.NoStackTa nostack (" + NO_STACK + "): TA_STACK_SIZE 0 is not positive"), all);
            assertTrue(has(refused, "jar.b.HugeStackTa hugestack (" + HUGE_STACK + "): TA_STACK_SIZE 1073741824 exceeds the maximum"), all);
            assertTrue(has(refused, "jar.b.UnknownFlagTa flag (" + UNKNOWN_FLAG + "): unknown TA flags 0x100000 (TEE_ERROR_BAD_FORMAT)"), all);
            assertTrue(has(refused, "jar.b.NullManifestTa: no manifest (manifest() returned null)"), all);
            assertTrue(has(refused, "missing.NoSuchTa"), "a provider class that does not exist: " + all);
            assertTrue(has(refused, "jar broken.jar"), all);
            for (String r : refused) {
                assertTrue(console.contains("E/TC:? 0 Refusing TA: " + r), "each refusal is logged: " + r);
            }

            // refused TAs open like unknown ones; the good one works, in its own class loader
            for (String uuid : List.of(CONCURRENT, SMALL_DATA, NO_STACK, HUGE_STACK, UNKNOWN_FLAG)) {
                assertResult(TeeResult.ITEM_NOT_FOUND, Origin.TEE, c.open(uuid));
            }
            int s = c.openOk(GOOD);
            assertEquals(8, c.invoke(s, 0, 7).valueA[0]);
            assertTrue(world.instances().get(0).name().equals("good"));
        } finally {
            world.close();
        }
    }

    private static boolean has(List<String> lines, String fragment) {
        return lines.stream().anyMatch(l -> l.contains(fragment));
    }

    @Test
    void suppliedTasAreValidatedToo() {
        List<String> console = new CopyOnWriteArrayList<>();
        TestTa.Control control = new TestTa.Control();
        SecureWorld world = Client.builder(console)
                .ta(() -> new TestTa(TestTa.manifest(GOOD, "good", 0), control))
                .ta(() -> new TestTa(TestTa.manifest(GOOD, "again", 0), control))
                .ta(() -> new TestTa(TaManifest.builder(SMALL_DATA, "tiny").dataSize(1023).build(), control))
                .ta(() -> new TestTa(TestTa.manifest(CONCURRENT, "concurrent", TaFlags.CONCURRENT), control))
                .ta(() -> new TestTa(TaManifest.builder(NO_STACK, "prop").property("gpd.ta.version", "9").build(), control))
                .ta(() -> {
                    throw new IllegalStateException("cannot build");
                })
                .build();
        try {
            assertEquals(1, world.tas().size());
            assertEquals(5, world.refusedTas().size(), String.join("\n", world.refusedTas()));
            assertTrue(has(world.refusedTas(), "TA_DATA_SIZE 1023 is below the minimum of 1024 bytes"));
            assertTrue(has(world.refusedTas(), "TEE_ERROR_BAD_FORMAT"));
            assertTrue(has(world.refusedTas(), "property gpd.ta.version is reserved"));
            assertTrue(has(world.refusedTas(), "constructor failed: java.lang.IllegalStateException: cannot build"));
            assertTrue(console.get(console.size() - 1).startsWith("I/TC: jtee secure world"), console.toString());
        } finally {
            world.close();
        }
    }

    @Test
    void aMissingDirectoryIsLoggedNotFatal() {
        List<String> console = new CopyOnWriteArrayList<>();
        SecureWorld world = Client.builder(console).taDir(tmp.resolve("nope")).build();
        try {
            assertTrue(world.tas().isEmpty());
            assertTrue(console.stream().anyMatch(l -> l.contains("is not a directory")), console.toString());
        } finally {
            world.close();
        }
    }

    @Test
    void classpathTasAreFoundWithTheContextClassLoader() throws IOException {
        Path dir = tmp.resolve("cp");
        jar(dir, "cp.jar", Map.of("jar.c.CpTa", source("jar.c", "CpTa", manifest(GOOD, "cp", ""), "")));
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (java.net.URLClassLoader cl = new java.net.URLClassLoader(new java.net.URL[] {dir.resolve("cp.jar").toUri().toURL()},
                previous)) {
            Thread.currentThread().setContextClassLoader(cl);
            List<String> console = new CopyOnWriteArrayList<>();
            SecureWorld world = SecureWorld.builder().console(console::add).build();
            try {
                assertEquals("cp", world.findTa(GOOD).orElseThrow().name());
                assertEquals(1, world.refusedTas().size(), "the missing provider class is refused");
                Client c = new Client(world, console);
                assertEquals(2, c.invoke(c.openOk(GOOD), 0, 1).valueA[0]);
            } finally {
                world.close();
            }
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
        SecureWorld none = SecureWorld.builder().classpathTas(false).console(l -> { }).build();
        assertTrue(none.tas().isEmpty());
        none.close();
        assertEquals(TeeUuid.parse(GOOD), TeeUuid.parse(GOOD));
    }

}
