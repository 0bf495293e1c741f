package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TA shared libraries, dlopen() and dl_iterate_phdr() in a C TA, as optee_test's os_test and its two
 * libraries use them (xtest 1019, 1022, 1023, 1030): the shlib TA (ta-native/ta/shlib_ta) links
 * libjtee_shlib (shlib_lib, SHLIBNAME/SHLIBUUID) and dlopen()s libjtee_shlib_dl (shlib_dl); the TA host
 * finds both by UUID in the world's TA directories, runs their .init_array when OP-TEE does and serves
 * the system pseudo-TA's DLOPEN and DLSYM. A failed check in the TA answers GENERIC with its line in p0.a.
 */
class NativeSharedLibraryTest {
    static final String TA = "5b1ba000-0017-4d1a-8b5e-5a4e11b0000a";
    static final String LIB = "5b1ba000-0017-4d1a-8b5e-5a4e11b0000b";
    static final String DL = "5b1ba000-0017-4d1a-8b5e-5a4e11b0000c";
    static final int CALL_LIB = 0;
    static final int CALL_LIB_PANIC = 1;
    static final int GET_ORDER = 2;
    static final int CALL_LIB_DL = 3;
    static final int CALL_LIB_DL_PANIC = 4;
    static final int DL_PHDR = 5;
    static final int LIB_MEMORY = 6;
    static final int CXX = 7;
    static final int TLS = 8;

    private static Path built() {
        return Path.of(System.getProperty(NativeRuntime.HOME_PROPERTY)).resolve("ta");
    }

    private static Client world(List<Path> dirs) {
        List<String> console = new CopyOnWriteArrayList<>();
        SecureWorld.Builder b = Client.builder(console);
        dirs.forEach(b::taDir);
        return Client.of(b, console);
    }

    /** The TA in one directory, each library in one of its own: a library is found in any of the world's. */
    private static List<Path> apart(Path tmp) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (String name : List.of(TA + ".ta", LIB + ".so", DL + ".so")) {
            Path d = Files.createDirectories(tmp.resolve(name.substring(name.length() - 2)));
            Files.copy(built().resolve(name), d.resolve(name));
            dirs.add(d);
        }
        return dirs;
    }

    private static CallFrame call(Client w, int session, int command) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = command;
        f.paramTypes = ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        w.world.invokeCommand(f);
        return f;
    }

    private static CallFrame ok(Client w, int session, int command) {
        CallFrame f = call(w, session, command);
        assertEquals(TeeResult.SUCCESS.code(), f.result,
                "command " + command + ": " + TeeResult.of(f.result) + " at line " + f.valueA[0] + "\n" + w.consoleText());
        return f;
    }

    /** xtest 1019: a dynamically linked TA calls its library; the library's panic is the TA's death. */
    @Test
    void regression1019DynamicallyLinkedTa(@TempDir Path tmp) throws IOException {
        try (Client w = world(apart(tmp))) {
            List<PanicReport> panics = new CopyOnWriteArrayList<>();
            w.world.onPanic(panics::add);
            int s = w.openOk(TA);
            assertEquals(7, ok(w, s, CALL_LIB).valueA[0]);
            Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, call(w, s, CALL_LIB_PANIC));
            assertEquals(1, panics.size(), w.consoleText());
            assertEquals(0x5b1b, panics.get(0).code());
            assertTrue(w.consoleHas("TA panicked with code 0x00005b1b"), w.consoleText());
            assertTrue(w.consoleHas("shlib_panic"), "the call stack names the library's function\n" + w.consoleText());
            assertTrue(w.consoleHas("E/LD: +\\[0\\] " + TA + " " + TA + "\\.ta$"), w.consoleText());
            assertTrue(w.consoleHas("E/LD: +\\[1\\] " + LIB + " " + LIB + "\\.so$"), "the dump lists the library\n" + w.consoleText());
            assertTrue(w.consoleHas("region +[0-9]+: .* r-xs \\[1\\]$"), "the library's code region is tagged [1]\n" + w.consoleText());
            w.close(s);
        }
    }

    /** xtest 1022: dlopen() by UUID, dlsym() by handle and through dlopen(NULL); a dlopen()ed library's panic. */
    @Test
    void regression1022DlopenDlsymDlclose(@TempDir Path tmp) throws IOException {
        try (Client w = world(apart(tmp))) {
            int s = w.openOk(TA);
            assertEquals(42, ok(w, s, CALL_LIB_DL).valueA[0]);
            assertTrue(w.consoleHas("dlopen\\(\"5b1ba000-0017-4d1a-8b5e-5a4e11b0ffff\"\\): TA library .* is in none of the TA directories"),
                    "an unknown library is named on the console\n" + w.consoleText());
            assertEquals(42, ok(w, s, CALL_LIB_DL).valueA[0], "a second dlopen() of a loaded library");
            Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, call(w, s, CALL_LIB_DL_PANIC));
            assertTrue(w.consoleHas("TA panicked with code 0x00005b1c"), w.consoleText());
            w.close(s);
        }
    }

    /**
     * xtest 1023: the modules' .init_array run dependencies first (the library's 2, then the TA's 1: 21),
     * a dlopen()ed library's when it loads (213); OP-TEE's libutee runs the .fini_array after
     * TA_DestroyEntryPoint, the TA's first, then its libraries' in load order.
     */
    @Test
    void regression1023ElfInitAndFini() {
        try (Client w = world(List.of(built()))) {
            int s = w.openOk(TA);
            assertEquals(21, ok(w, s, GET_ORDER).valueA[0]);
            ok(w, s, CALL_LIB_DL);
            assertEquals(213, ok(w, s, GET_ORDER).valueA[0]);
            assertEquals(213, ok(w, s, GET_ORDER).valueA[0], "the inits ran once");
            w.close(s); // the single instance ends: TA_DestroyEntryPoint, then the finis
            List<String> finis = w.console.stream().filter(l -> l.contains("shlib fini: ")).map(l -> l.substring(l.indexOf("shlib fini: ")))
                    .toList();
            assertEquals(List.of("shlib fini: TA", "shlib fini: libjtee_shlib", "shlib fini: libjtee_shlib_dl"), finis, w.consoleText());
            int cxxDtor = lineOf(w, "shlib C\\+\\+ destructor");
            assertTrue(cxxDtor >= 0 && cxxDtor < lineOf(w, "shlib fini: libjtee_shlib$"),
                    "the TA's C++ static object is destroyed with the TA's finis, before its libraries'\n" + w.consoleText());
            s = w.openOk(TA);
            assertEquals(21, ok(w, s, GET_ORDER).valueA[0], "a new instance starts from its own data");
            w.close(s);
        }
    }

    /** xtest 1031: a C++ global object is built before TA_CreateEntryPoint; an exception crosses a C frame. */
    @Test
    void regression1031CxxGlobalObjectsAndExceptions() {
        try (Client w = world(List.of(built()))) {
            int s = w.openOk(TA);
            CallFrame f = ok(w, s, CXX);
            assertEquals(5, f.valueA[0], "the global object's constructor ran");
            assertEquals(1, f.valueB[0], "caught in C++ above the C frame it was thrown under");
            w.close(s);
        }
    }

    /** xtest 1029: __thread variables of the TA and of its library, with their initial values. */
    @Test
    void regression1029ThreadLocalVariables() {
        try (Client w = world(List.of(built()))) {
            int s = w.openOk(TA);
            CallFrame f = ok(w, s, TLS);
            assertEquals(123, f.valueA[0]);
            assertEquals(42, f.valueB[0]);
            ok(w, s, TLS); // the TA put the values back: a second call sees them as the first
            w.close(s);
        }
    }

    private static int lineOf(Client w, String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        for (int i = 0; i < w.console.size(); i++) {
            if (p.matcher(w.console.get(i)).find()) {
                return i;
            }
        }
        return -1;
    }

    /** xtest 1030: dl_iterate_phdr() passes the TA and its library (2), then the dlopen()ed one too (3), and answers the callback's last value. */
    @Test
    void regression1030DlIteratePhdr() {
        try (Client w = world(List.of(built()))) {
            int s = w.openOk(TA);
            CallFrame f = ok(w, s, DL_PHDR);
            assertEquals(2, f.valueA[0], "the TA and libjtee_shlib, none of the host's own objects");
            assertEquals(1, f.valueB[0], "each with its PT_LOAD headers, the TA first");
            ok(w, s, CALL_LIB_DL);
            f = ok(w, s, DL_PHDR);
            assertEquals(3, f.valueA[0]);
            assertEquals(1, f.valueB[0]);
            w.close(s);
        }
    }

    /** A library's memory is the TA's: its data writable, its constants read-only (TEE_CheckMemoryAccessRights). */
    @Test
    void aLibrarysMemoryIsTheTas() {
        try (Client w = world(List.of(built()))) {
            int s = w.openOk(TA);
            ok(w, s, LIB_MEMORY);
            w.close(s);
        }
    }

    /** OP-TEE's ldelf cannot load a TA whose library is not in the TA store: the open fails, the console says which. */
    @Test
    void aMissingLibraryFailsTheOpenAndSaysWhich(@TempDir Path tmp) throws IOException {
        Path only = Files.createDirectories(tmp.resolve("ta"));
        Files.copy(built().resolve(TA + ".ta"), only.resolve(TA + ".ta"));
        try (Client w = world(List.of(only))) {
            CallFrame f = w.open(TA);
            assertNotEquals(TeeResult.SUCCESS.code(), f.result);
            assertEquals(Origin.TEE, Origin.of(f.origin));
            assertTrue(w.consoleHas("TA library " + LIB + " is in none of the TA directories"), w.consoleText());
        }
    }
}
