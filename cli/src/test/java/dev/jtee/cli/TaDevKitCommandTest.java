package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtee ta devkit} and {@code jtee ta build} on the dev kit the build made
 * (ta-native/target/native) and on a copy of the project's C hello_world TA directory.
 */
class TaDevKitCommandTest {
    private static final Path NATIVE = Path.of("..", "ta-native", "target", "native").toAbsolutePath().normalize();
    private static final String HELLO = "8aaaf200-2450-11e4-abe2-0002a5d5c51b";

    @TempDir
    Path tmp;
    private String saved;

    @BeforeEach
    void pointAtTheBuiltDevKit() {
        saved = System.getProperty(TaDevKit.HOME_PROPERTY);
        System.setProperty(TaDevKit.HOME_PROPERTY, NATIVE.toString());
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(TaDevKit.HOME_PROPERTY);
        } else {
            System.setProperty(TaDevKit.HOME_PROPERTY, saved);
        }
    }

    /** The project's hello_world TA directory, copied where a user would have it: DIR/ta. */
    private Path helloWorldProject() throws IOException {
        Path src = Path.of("..", "ta-native", "ta", "hello_world").toAbsolutePath().normalize();
        Path ta = tmp.resolve("hello_world").resolve("ta");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = ta.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return ta.getParent();
    }

    @Test
    void devkitPrintsTheDevKitDirectory() {
        CliRun r = CliRun.run("ta", "devkit");
        assertEquals(0, r.exit(), r.err());
        assertEquals(NATIVE.resolve("devkit").toString(), r.out().strip());
        assertTrue(Files.isRegularFile(Path.of(r.out().strip(), "mk", "ta_dev_kit.mk")));
    }

    @Test
    void devkitWithoutTheNativeHomeSaysHowToGetIt() {
        System.clearProperty(TaDevKit.HOME_PROPERTY);
        CliRun r = CliRun.run("ta", "devkit");
        assertEquals(1, r.exit());
        assertEquals("jtee ta devkit: the TA dev kit's location is unknown (jtee.native.home is not set): run jtee through the ./jtee script of a jtee checkout",
                r.err().strip());
    }

    @Test
    void devkitNotBuiltIsOneLine() {
        System.setProperty(TaDevKit.HOME_PROPERTY, tmp.toString());
        CliRun r = CliRun.run("ta", "devkit");
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("the TA dev kit is not built"), r.err());
    }

    @Test
    void buildsAnOpTeeLayoutProjectFromItsParentDirectory() throws IOException {
        Path project = helloWorldProject();
        CliRun r = CliRun.run("ta", "build", project.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Path ta = project.resolve("ta").resolve(HELLO + ".ta");
        assertEquals(ta.toString(), r.out().strip());
        assertTrue(Files.size(ta) > 0);
    }

    /** A TA shared library's directory (SHLIBNAME/SHLIBUUID) builds to <uuid>.so, what a TA directory holds. */
    @Test
    void buildsATaSharedLibraryToItsUuidSo() throws IOException {
        Path src = Path.of("..", "ta-native", "ta", "shlib_lib").toAbsolutePath().normalize();
        Path lib = tmp.resolve("shlib_lib");
        Files.createDirectories(lib.resolve("include"));
        for (String f : List.of("Makefile", "sub.mk", "shlib_lib.c", "include/shlib_lib.h")) {
            Files.copy(src.resolve(f), lib.resolve(f));
        }
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("ta", "build", lib.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Path so = out.resolve("5b1ba000-0017-4d1a-8b5e-5a4e11b0000b.so");
        assertEquals(so.toString(), r.out().strip());
        assertTrue(Files.isRegularFile(so));
        assertTrue(Files.isRegularFile(out.resolve("libjtee_shlib.so")), "the file TAs link against");
    }

    @Test
    void buildsIntoOut() throws IOException {
        Path project = helloWorldProject();
        Path out = tmp.resolve("out");
        CliRun r = CliRun.run("ta", "build", project.resolve("ta").toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(out.resolve(HELLO + ".ta").toString(), r.out().strip());
        assertTrue(Files.isRegularFile(out.resolve(HELLO + ".ta")));
        assertFalse(Files.exists(project.resolve("ta").resolve(HELLO + ".ta")), "nothing built in the source directory");
    }

    @Test
    void aCompileErrorShowsTheCompilersLineAndExits1() throws IOException {
        Path project = helloWorldProject();
        Path src = project.resolve("ta").resolve("hello_world_ta.c");
        Files.writeString(src, Files.readString(src).replace("return TEE_SUCCESS;\n}\n\nvoid TA_DestroyEntryPoint", "return TEE_SUCCES;\n}\n\nvoid TA_DestroyEntryPoint"));
        CliRun r = CliRun.run("ta", "build", project.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("hello_world_ta.c:") && r.err().contains("error: ‘TEE_SUCCES’ undeclared")
                || r.err().contains("error: 'TEE_SUCCES' undeclared"), r.err());
        assertTrue(r.err().strip().endsWith("failed (make exit 2)"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aDirectoryWithoutATaIsOneLine() {
        CliRun r = CliRun.run("ta", "build", tmp.toString());
        assertEquals(1, r.exit());
        assertEquals("jtee ta build: " + tmp + ": not a TA directory (no Makefile and sub.mk here or in " + tmp.resolve("ta") + ")",
                r.err().strip());
    }
}
