package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtee stress} through picocli, against the embedded world. */
class StressCommandTest {

    private static CliRun run(String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(120), () -> CliRun.run(args));
    }

    @Test
    void findKneeOnHelloWorldWritesTheReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        CliRun r = run("stress", "hello_world", "0", "--value", "1", "--find-knee", "--report", out.toString(),
                "--step-duration", "200ms", "--max-callers", "6", "--threads", "2", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("p99.9") && r.out().contains("closed") && r.out().contains("open"), r.out());
        assertTrue(r.out().matches("(?s).*(knee at \\S+ \\S+ \\(confidence (high|low): .*generator headroom|cannot tell the knee: ).*"), r.out());
        assertTrue(r.out().matches("(?s).*(USL fit of 6 closed steps|no USL prediction: poor fit).*"), r.out());
        // issue 19: --sessions defaulted to 1, so the open model never had more than one call in flight
        assertTrue(r.err().contains("a session per generator thread"), r.err());
        assertTrue(r.out().contains("SUCCESS"), r.out());
        assertTrue(r.err().contains("jtee stress: hello_world command 0 (value(1,0))"), r.err());
        assertTrue(Files.readString(out.resolve("report.html")).contains("hello_world command 0"));
        String json = Files.readString(out.resolve("summary.json"));
        assertTrue(json.contains("\"flow control\" : \"FlowControl[in flight"), json.substring(0, 600));
        assertTrue(json.contains("\"world\" : \"embedded (2 threads"), json.substring(0, 600));
        assertTrue(Files.exists(out.resolve("step-01.hlog")));
    }

    @Test
    void constantRateWithFlowControlOff() {
        CliRun r = run("stress", "hello_world", "0", "--value", "5", "--rate", "20000", "--duration", "300ms", "--flow", "off", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        // every one of the 6000 scheduled calls is accounted for: completed, or reported as never started when the
        // machine could not keep the rate (a loaded CI box), never silently lost
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\\n\\s+1\\s+open\\s+constant\\s+20\\.0 k/s\\s+[\\d.]+\\s?[kM]?/s\\s+(\\d+)\\s.*?SUCCESS (\\d+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(6000, Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)), r.out());
        assertTrue(r.err().contains("FlowControl[off]"), r.err());
    }

    @Test
    void openWorkersAreSizedByLittlesLawUnlessGiven() throws Exception {
        // os_test's TEE_Wait of 5 ms at 300/s: 1.5 calls in progress, more than the two threads a run starts with
        CliRun sized = run("stress", "os_test", "9", "-p", "vin:5", "--rate", "300", "--duration", "500ms", "--json", "--quiet-tee");
        assertEquals(0, sized.exit(), sized.out() + sized.err());
        com.fasterxml.jackson.databind.JsonNode step = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sized.out()).get("steps").get(0);
        assertTrue(step.get("model").asText().contains("workers sized from 2, at most 16"), step.toString());
        assertEquals(0, step.get("errors").asInt(), step.toString());
        assertTrue(step.get("workers").asInt() >= 3, step.toString());
        assertEquals(false, step.get("workersLimited").asBoolean(), step.toString());
        assertTrue(!sized.err().contains("limited the calls in flight"), sized.err());
        // one thread of 5 ms calls makes at most 200/s: the explicit count wins and the run says it limited it
        CliRun one = run("stress", "os_test", "9", "-p", "vin:5", "--rate", "400", "--duration", "500ms", "--workers", "1", "--quiet-tee");
        assertEquals(0, one.exit(), one.out() + one.err());
        assertTrue(!one.out().contains("calls failed"), one.out());
        assertTrue(one.err().matches("(?s).*jtee stress: step 1: \\d+ calls started late with all 1 workers busy: --workers 1 limited the calls in flight.*"),
                one.err());
    }

    @Test
    void closedModelByDefaultWithThinkTime() {
        CliRun r = run("stress", "hello_world", "1", "--value", "5", "--callers", "2", "--think", "1ms", "--duration", "200ms", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("2 callers, think 1 ms"), r.out());
    }

    @Test
    void failuresAreCountedByResultAndOrigin() {
        // hello_world refuses an unknown command with BAD_PARAMETERS from the TA
        CliRun r = run("stress", "hello_world", "9", "--value", "1", "--callers", "1", "--duration", "1s", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("BAD_PARAMETERS/TRUSTED_APP"), r.out());
    }

    @Test
    void unknownTaAndBadOptions() {
        CliRun r = run("stress", "no_such_ta", "0", "--quiet-tee");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no TA named or with UUID 'no_such_ta'"), r.err());
        CliRun ramp = run("stress", "hello_world", "0", "--ramp", "100");
        assertEquals(2, ramp.exit());
        assertTrue(ramp.err().contains("--ramp wants 2 comma-separated numbers"), ramp.err());
        CliRun both = run("stress", "hello_world", "0", "--rate", "100", "--callers", "2");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        CliRun dur = run("stress", "hello_world", "0", "--duration", "soon");
        assertEquals(2, dur.exit());
        assertTrue(dur.err().contains("not a duration"), dur.err());
    }
}
