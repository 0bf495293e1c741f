package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every function the TA dev kit's headers declare is one the TA host exports (nm -D of the built
 * jtee-tahost), so a C TA that calls it links and loads; the ones the host does not implement are
 * exactly those of {@code unsupported.def}, and docs/c-tas.md lists exactly those as not implemented.
 */
class NativeApiCoverageTest {
    private static final Path HOME = Path.of(System.getProperty(NativeRuntime.HOME_PROPERTY));
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** Declared by OP-TEE's tee_internal_api_extensions.h and defined nowhere, OP-TEE included. */
    private static final Set<String> DECLARED_ONLY = Set.of("tee_user_mem_mark_heap", "tee_user_mem_check_heap");
    private static final Pattern FUNCTION = Pattern.compile("\\b((?:__GP11_)?TEE_\\w+|tee_\\w+)\\s*\\(");

    private static Set<String> declared(Path header) throws IOException {
        String s = Files.readString(header);
        s = s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^#.*$", "");
        Set<String> out = new TreeSet<>();
        Matcher m = FUNCTION.matcher(s);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Set<String> exported() throws Exception {
        Process p = new ProcessBuilder("nm", "-D", "--defined-only", HOME.resolve("bin/jtee-tahost").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "nm finished");
        assertEquals(0, p.exitValue(), out);
        Set<String> names = new TreeSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            names.add(f[f.length - 1]);
        }
        return names;
    }

    private static Set<String> unsupported() throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("^UNSUPPORTED\\((\\w+)\\)", Pattern.MULTILINE)
                .matcher(Files.readString(ROOT.resolve("ta-native/host/src/unsupported.def")));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyDeclaredFunctionIsExportedByTheTaHost() throws Exception {
        Set<String> declared = new TreeSet<>(declared(HOME.resolve("devkit/include/tee_api.h")));
        assertEquals(131 + 59, declared.size(), "tee_api.h: GP 1.3.1's 131 functions and 59 __GP11_ variants");
        declared.addAll(declared(HOME.resolve("devkit/include/tee_internal_api_extensions.h")));
        declared.removeAll(DECLARED_ONLY);
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(exported());
        assertEquals(Set.of(), missing, "declared by the dev kit but not in jtee-tahost");
    }

    @Test
    void theDocsListExactlyTheFunctionsTheHostDoesNotImplement() throws Exception {
        String doc = Files.readString(ROOT.resolve("docs/c-tas.md"));
        int at = doc.indexOf("Not implemented (");
        assertTrue(at >= 0, "docs/c-tas.md has its list of functions not implemented");
        String list = doc.substring(at, doc.indexOf("\n\n", at));
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("`((?:TEE_|tee_)\\w+)`").matcher(list);
        while (m.find()) {
            named.add(m.group(1));
        }
        named.removeAll(DECLARED_ONLY);
        assertEquals(unsupported(), named);
        assertTrue(exported().containsAll(unsupported()), "each unsupported function still loads (a stub that panics)");
    }
}
