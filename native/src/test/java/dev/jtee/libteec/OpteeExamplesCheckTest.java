package dev.jtee.libteec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream check (ta-native/upstream/check-optee-examples) on an optee_examples checkout named by
 * {@code JTEE_OPTEE_EXAMPLES}: every example's TA built by the dev kit, its host program against
 * jtee's libteec, run against {@code jtee serve}; one verdict per example, with a reason for each
 * failure. Every example must pass with its own TA (plugins with its own tee-supplicant plugin, built
 * by the check into the daemon's --plugin-dir), and every one but plugins with jtee's C version of its
 * TA (jtee has none of the plugins TA). Without the variable the tests are skipped, saying so.
 */
class OpteeExamplesCheckTest {
    static final String VARIABLE = "JTEE_OPTEE_EXAMPLES";
    /** The examples jtee has C versions of the TAs of. */
    static final List<String> MUST_PASS = List.of("acipher", "aes", "ecdh", "ecdsa", "hello_world", "hotp", "random",
            "secure_storage", "sha", "sign_verify");
    /** With their own TAs: all of them (2026-12-05, bench/results/optee-examples-20261205.txt). */
    static final List<String> MUST_PASS_OWN_TAS = java.util.stream.Stream.concat(MUST_PASS.stream(), java.util.stream.Stream.of("plugins"))
            .toList();

    @Test
    void everyOpteeExampleGetsAVerdictAndTheSupportedOnesPass(@TempDir Path work) throws Exception {
        check(work, MUST_PASS_OWN_TAS, "optee_examples against jtee");
    }

    /** The examples' own host programs against jtee's C versions of their TAs (ta-native/ta). */
    @Test
    void theHostProgramsPassAgainstJteesOwnCTas(@TempDir Path work) throws Exception {
        check(work, MUST_PASS, "optee_examples' host programs against jtee's C TAs", "--jtee-tas");
    }

    private static void check(Path work, List<String> mustPass, String title, String... options) throws Exception {
        String checkout = System.getenv(VARIABLE);
        assumeTrue(checkout != null && !checkout.isBlank(),
                VARIABLE + " is not set: set it to an optee_examples checkout to build and run every example against jtee");
        Path root = NativeBuild.dir().resolve("../../..").normalize();
        List<String> command = new ArrayList<>();
        command.add(root.resolve("ta-native/upstream/check-optee-examples").toString());
        command.addAll(List.of(options));
        command.addAll(List.of(checkout, work.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the check did not end within 10 minutes");
        String report = new String(out, StandardCharsets.UTF_8);
        System.out.println(title + ":\n" + report);
        assertEquals(0, p.exitValue(), report);

        List<String> examples = examples(Path.of(checkout));
        assertFalse(examples.isEmpty(), "no example (ta/Makefile and host/) in " + checkout);
        for (String name : examples) {
            List<String> verdicts = report.lines().filter(l -> l.equals("PASS " + name) || l.startsWith("FAIL " + name + ": ")).toList();
            assertEquals(1, verdicts.size(), () -> name + ": one verdict expected in\n" + report);
            String v = verdicts.getFirst();
            if (v.startsWith("FAIL")) {
                assertTrue(v.length() > ("FAIL " + name + ": exit 1: ").length(), () -> name + " fails without a reason: " + v);
            }
            if (mustPass.contains(name)) {
                assertEquals("PASS " + name, v, report);
            }
        }
        assertTrue(report.lines().anyMatch(l -> l.matches("\\d+ passed, \\d+ failed .*")), report);
    }

    private static List<String> examples(Path checkout) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(checkout)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve("ta/Makefile")) && Files.isDirectory(d.resolve("host")))
                    .forEach(d -> names.add(d.getFileName().toString()));
        }
        return names;
    }
}
