package dev.jtee.libteec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Maven build's make wrote libteec.so and the C programs (system property jtee.native.dir). */
final class NativeBuild {
    private NativeBuild() {
    }

    static Path dir() {
        String d = System.getProperty(LibteecConnector.NATIVE_DIR_PROPERTY);
        Path p = d == null || d.isBlank() ? Path.of("target", "native") : Path.of(d);
        return p.toAbsolutePath();
    }

    static Path library() {
        Path lib = dir().resolve("lib").resolve("libteec.so");
        assertTrue(Files.exists(lib), "no " + lib + ": the build's make step did not run");
        return lib;
    }

    static Path program(String name) {
        Path bin = dir().resolve("bin").resolve(name);
        assertTrue(Files.isExecutable(bin), "no " + bin + ": the build's make step did not run");
        return bin;
    }

    /** The Tee.connect address that reaches the daemon on {@code socket} through jtee's libteec. */
    static String address(Path socket) {
        return "libteec:" + library() + "?tee=unix:" + socket;
    }
}
