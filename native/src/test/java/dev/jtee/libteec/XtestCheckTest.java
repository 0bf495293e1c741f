package dev.jtee.libteec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream check (native/upstream/check-xtest) on the optee_test checkout named by
 * {@code JTEE_OPTEE_TEST} (and the optee_os checkout named by {@code JTEE_OPTEE_OS}, for the GP and
 * pseudo-TA headers xtest includes): optee_test's TAs built by the dev kit, OP-TEE's own xtest built
 * against jtee's libteec, its 1000, 4000 and 6000 series run against {@code jtee serve}. Every case
 * gets one verdict, every failure a reason, and the cases that passed when the check was first run
 * (bench/results/xtest-20261204b.txt) must still pass. Without the variables the test is skipped,
 * saying so.
 */
class XtestCheckTest {
    static final String TEST_VARIABLE = "JTEE_OPTEE_TEST";
    static final String OS_VARIABLE = "JTEE_OPTEE_OS";
    /** The cases that passed on 2026-12-05, second run (bench/results/xtest-20261205b.txt): every one that applies. */
    static final List<String> MUST_PASS = List.of("1004", "1005", "1006", "1007", "1009", "1010", "1011", "1012",
            "1013", "1016", "1017", "1018", "1019", "1021", "1022", "1023", "1026", "1027", "1028", "1029", "1030",
            "1031", "1032", "1033", "1034", "1039", "1040", "4001", "4002", "4003", "4004", "4005", "4006", "4007", "4008",
            "4009", "4010", "4011", "4014",
            "4012", "4013", "4015", "4016", "4017", "4018", "4019", "4101", "4102", "4103", "4104", "4105", "4106",
            "4107", "4108", "4109", "4110", "4111", "4112", "4113", "4114", "4115", "4116", "4117", "6001", "6002",
            "6003", "6004", "6005", "6006", "6007", "6008", "6009", "6010", "6012", "6013", "6014", "6015", "6016",
            "6017", "6018", "6019", "6020", "6021");

    @Test
    void everyXtestCaseGetsAVerdictAndThePassingOnesStillPass(@TempDir Path work) throws Exception {
        String test = System.getenv(TEST_VARIABLE);
        String os = System.getenv(OS_VARIABLE);
        assumeTrue(test != null && !test.isBlank() && os != null && !os.isBlank(), TEST_VARIABLE + " and " + OS_VARIABLE
                + " are not both set: set them to optee_test and optee_os checkouts to run OP-TEE's xtest against jtee");
        Path root = NativeBuild.dir().resolve("../../..").normalize();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("native/upstream/check-xtest").toString(), test, os, work.toString())
                .redirectErrorStream(true);
        pb.environment().put("SERIES", "regression_1 regression_4 regression_6");
        Process p = pb.start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "the check did not end within 20 minutes");
        String report = new String(out, StandardCharsets.UTF_8);
        System.out.println("OP-TEE's xtest against jtee:\n" + report);
        assertEquals(0, p.exitValue(), report);

        List<String> verdicts = report.lines().filter(l -> l.matches("(PASS|SKIP|FAIL|N/A) regression_\\d+.*")).toList();
        assertFalse(verdicts.isEmpty(), report);
        for (String v : verdicts) {
            if (!v.startsWith("PASS")) {
                assertTrue(v.matches("\\S+ regression_\\d+: .{10,}"), () -> "a verdict without a reason: " + v);
            }
        }
        assertEquals(verdicts.size(), verdicts.stream().map(v -> v.split("[ :]")[1]).distinct().count(),
                () -> "a case with two verdicts in\n" + report);
        for (String id : MUST_PASS) {
            assertTrue(verdicts.contains("PASS regression_" + id), () -> "regression_" + id + " no longer passes:\n" + report);
        }
        assertTrue(report.lines().anyMatch(l -> l.matches("\\d+ passed, \\d+ skipped, \\d+ failed, \\d+ not built .*")), report);
    }
}
