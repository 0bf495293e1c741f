package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the xtest mirrors. */
final class Xtest {
    private Xtest() {
    }

    /** Asserts that {@code call} fails with exactly this result and origin (xtest's ADBG_EXPECT_TEEC_RESULT + ERROR_ORIGIN). */
    static TeeException assertTeeError(TeeResult result, Origin origin, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(result, e.result(), () -> "result of: " + e.getMessage());
        assertEquals(origin, e.origin(), () -> "origin of: " + e.getMessage());
        return e;
    }

    static TeeUuid uuid(String text) {
        return TeeUuid.parse(text);
    }

    /** A {@code TEEC_UUID} struct as xtest puts it in a memref: fields in the CPU's byte order. */
    static byte[] uuidBytes(String text) {
        return NativeUuid.toBytes(text);
    }

    /** The failure text a self-checking os_test command wrote, for assertion messages. */
    static String text(byte[] buffer, long size) {
        return new String(buffer, 0, (int) Math.min(size, buffer.length), StandardCharsets.UTF_8);
    }

    /**
     * Runs a self-checking os_test command that takes p0 MEMREF_OUTPUT for its failure text, and
     * fails the test with that text if the TA reports a failed check.
     */
    static void selfCheck(Session s, int command, String name) {
        byte[] text = new byte[512];
        Operation op = Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_OUTPUT, text);
        try {
            s.invoke(command, op);
        } catch (TeeException e) {
            fail("os_test " + name + ": " + e.getMessage() + ": " + text(text, op.size(0)));
        }
    }

    /** The project's C TAs, built by the dev kit (the build sets {@code jtee.native.home}). */
    static java.nio.file.Path nativeTaDir() {
        String home = System.getProperty("jtee.native.home");
        if (home == null) {
            throw new IllegalStateException("the system property jtee.native.home (the built ta-native) is not set");
        }
        return java.nio.file.Path.of(home, "ta");
    }

    /** A native variant's own check: os_test's UUID is served by the C TA in this world. */
    static void assertNativeOsTest(SecureWorld world) {
        org.junit.jupiter.api.Assertions.assertTrue(world.isNativeTa(uuid(OsTestTa.UUID)),
                "os_test's UUID is served by the C TA (ta-native/ta/os_test)");
    }

    /** The storage TA (and storage2, for the isolation cases) is served by the project's C TA. */
    static void assertNativeStorage(SecureWorld world, String... uuids) {
        assertNativeTa(world, uuids);
    }

    /** Each of these UUIDs is served by one of the project's C TAs (ta-native/ta), not by a Java TA. */
    static void assertNativeTa(SecureWorld world, String... uuids) {
        for (String u : uuids) {
            org.junit.jupiter.api.Assertions.assertTrue(world.isNativeTa(uuid(u)), u + " is served by a C TA of ta-native/ta");
        }
    }

    /** A world of its own whose console lines a test can read (the abort dumps). */
    record ConsoleWorld(SecureWorld world, Tee tee, List<String> lines) implements AutoCloseable {
        static ConsoleWorld start(int threads) {
            return start(SecureWorld.builder().threads(threads));
        }

        /** As {@link #start(int)}, with the project's C TAs replacing the Java ones of the same UUID. */
        static ConsoleWorld startNative(int threads) {
            ConsoleWorld w = start(SecureWorld.builder().threads(threads).taDir(nativeTaDir()));
            assertNativeOsTest(w.world());
            return w;
        }

        private static ConsoleWorld start(SecureWorld.Builder builder) {
            List<String> lines = new CopyOnWriteArrayList<>();
            SecureWorld world = builder.console(lines::add).build();
            return new ConsoleWorld(world, Tee.on(world), lines);
        }

        /** Console lines from {@code from} on, joined, for assertion messages. */
        String since(int from) {
            return String.join("\n", lines.subList(from, lines.size()));
        }

        boolean anySince(int from, String fragment) {
            for (int i = from; i < lines.size(); i++) {
                if (lines.get(i).contains(fragment)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a {@code TA panicked with code 0x…} line for {@code code} appeared from {@code from} on. */
        boolean panickedSince(int from, int code) {
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(
                    "TA panicked with code 0x0*" + Integer.toHexString(code) + "(?![0-9a-fA-F])");
            for (int i = from; i < lines.size(); i++) {
                if (p.matcher(lines.get(i)).find()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() {
            tee.close();
            world.close();
        }
    }
}
