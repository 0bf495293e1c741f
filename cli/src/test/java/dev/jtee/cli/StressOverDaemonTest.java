package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jtee.daemon.Daemon;
import dev.jtee.examples.HelloWorldTa;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known answers over the daemon's socket (issue 19): {@code jtee stress --tee unix:… --find-knee}
 * on hello_world behind a real daemon on a real Unix socket, as {@code jtee serve} hosts it. The
 * run measures its own closed-model maximum; the knee it reports is within ±10 % of it, or it
 * says it cannot tell, never a confident wrong answer.
 */
class StressOverDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void findKneeOverTheSocketAgreesWithItsOwnClosedMaximumOrCannotTell(@TempDir Path dir) throws Exception {
        knee(dir, "200ms", "6");
    }

    @Test
    @Tag("realtime")
    void findKneeOverTheSocketWithLongSteps(@TempDir Path dir) throws Exception {
        knee(dir, "1s", "16");
    }

    private static void knee(Path dir, String stepDuration, String maxCallers) throws Exception {
        Path socket = dir.resolve("jtee.sock");
        try (Daemon d = Daemon.builder().socket(socket).console(line -> { }).start()) {
            CliRun r = assertTimeoutPreemptively(Duration.ofMinutes(5), () -> CliRun.run("stress", HelloWorldTa.UUID, "0", "--value", "1",
                    "--find-knee", "--step-duration", stepDuration, "--max-callers", maxCallers, "--tee", "unix:" + socket, "--json"));
            assertEquals(0, r.exit(), r.err());
            JsonNode knee = JSON.readTree(r.out()).get("knee");
            System.out.println("over the socket, steps of " + stepDuration + ": " + knee.get("verdict").asText() + "; closed maximum "
                    + knee.get("closedPeak").asDouble());
            assertKnownAnswer(knee, r.err());
        }
    }

    /** The knee is within ±10 % of the run's closed maximum, or the verdict is "cannot tell". */
    static void assertKnownAnswer(JsonNode knee, String why) {
        String verdict = knee.get("verdict").asText();
        String level = knee.get("confidence").get("level").asText();
        double closedPeak = knee.get("closedPeak").asDouble();
        assertTrue(closedPeak > 0, "the closed steps measured the target: " + why);
        assertTrue(knee.get("confidence").get("generatorCeiling").isNumber(), "the generator measured in the same run: " + verdict);
        if (level.equals("cannot tell")) {
            assertTrue(verdict.startsWith("cannot tell"), verdict);
        } else {
            double k = knee.get("knee").asDouble();
            assertTrue(Math.abs(k / closedPeak - 1) <= 0.10, "knee " + k + " vs closed maximum " + closedPeak + ": " + verdict);
            assertTrue(verdict.startsWith("knee at"), verdict);
        }
    }
}
