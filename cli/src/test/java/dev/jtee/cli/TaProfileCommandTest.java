package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee ta profile} on the seed TA (both memory modes) and on the example test TAs. */
class TaProfileCommandTest {
    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void seedDynamicModeShowsTheChurnWarning() {
        CliRun r = run("ta", "profile", "seed", "--open", "vin:0", "--command", "0", "--in", "zeros:300", "--out", "48",
                "--iterations", "20", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("TA seed (5eed7a00-0c1d-4f3e-9a0b-2e0f7ee0c0de)"), r.out());
        assertTrue(r.out().contains("declared TA_STACK_SIZE       2048"), r.out());
        assertTrue(r.out().contains("declared TA_DATA_SIZE       32768"), r.out());
        assertTrue(r.out().contains("warning: invoke 0 allocates and frees on every call"), r.out());
        assertTrue(r.out().contains("with the declared sizes the workload gives the same results: OK"), r.out());
    }

    @Test
    void seedStaticModeHasNoChurn() {
        CliRun r = run("ta", "profile", "seed", "--open", "vin:1", "--command", "0", "--in", "zeros:300", "--out", "48",
                "--iterations", "20", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("leaks                        none"), r.out());
        assertTrue(!r.out().contains("warning:"), r.out());
    }

    @Test
    void aWorkloadFileAndATooDeepRecursionExitWithOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("seed.workload");
        Files.writeString(file, """
                # the seed: a session in dynamic mode, some work, then a recursion too deep for 2 KiB
                open vin:0
                invoke 0 min:text:hello mout:48 x5
                invoke 1 vin:64
                """);
        CliRun r = run("ta", "profile", "seed", "--workload", file.toString(), "--quiet-tee");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("PROBLEM stack: TA_STACK_SIZE 2048 is below the"), r.out());
        assertTrue(r.out().contains("SeedTa.descend ×65"), r.out());
    }

    @Test
    void aTestTaByClassName() {
        CliRun r = run("ta", "profile", "dev.jtee.examples.profile.RecursionTa", "--command", "0", "-p", "vin:10",
                "--iterations", "1", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        // 64 bytes for invokeCommand, 48 for each of 11 walk() frames
        assertTrue(r.out().matches("(?s).*needed \\(probed\\) +592 .*"), r.out());
    }

    @Test
    void aProfileWhoseCallsAllFailIsNotOk() {
        // hello_world's INC_VALUE wants a VALUE_INOUT: without one every invoke is BAD_PARAMETERS, from the TA
        CliRun r = run("ta", "profile", "hello_world", "--command", "0", "--quiet-tee");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED 10 of 11 call(s) did not return TEE_SUCCESS, first: call 2 (invoke 0): "
                + "TEE_ERROR_BAD_PARAMETERS, origin TRUSTED_APP"), r.out());
        assertTrue(!r.out().contains(": OK"), r.out());
        // --value is VALUE_INOUT here as in invoke and stress, so the same call succeeds
        CliRun ok = run("ta", "profile", "hello_world", "--command", "0", "--value", "42", "--quiet-tee");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("with the declared sizes the workload gives the same results: OK"), ok.out());
        assertTrue(ok.out().contains("invoke 0 vinout:42"), ok.out());
    }

    @Test
    void badUsageIsExplained() {
        CliRun none = run("ta", "profile", "seed");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("--command N [parameters] or --workload FILE"), none.err());
        CliRun badParam = run("ta", "profile", "seed", "--command", "0", "--param", "vx:1");
        assertEquals(2, badParam.exit());
        assertTrue(badParam.err().contains("unknown parameter 'vx:1'"), badParam.err());
    }
}
