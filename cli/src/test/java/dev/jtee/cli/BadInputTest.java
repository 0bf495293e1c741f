package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.core.SecureWorld;
import dev.jtee.daemon.Daemon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input the commands can be given ends in one line on standard error that says what is
 * wrong, then at most a one-line hint, and the exit code says what kind of error it was: 2 for a
 * usage error, 1 for a failure. No stack trace, no usage wall, nothing created on the way.
 */
class BadInputTest {
    private static final int USAGE = 2;
    private static final int FAILURE = 1;

    @TempDir
    static Path tmp;
    /** A port something already listens on. */
    private static ServerSocket busy;
    /** A daemon listening on {tmp}/live.sock. */
    private static SecureWorld liveWorld;
    private static Daemon live;

    @BeforeAll
    static void setUp() throws IOException {
        busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Files.writeString(tmp.resolve("bad.workload"), "open vin:0\nfrobnicate 3\n");
        Files.writeString(tmp.resolve("a-file"), "not a directory");
        liveWorld = SecureWorld.builder().console(line -> { }).build();
        live = Daemon.builder().socket(tmp.resolve("live.sock")).world(liveWorld).start();
    }

    @AfterAll
    static void tearDown() throws IOException {
        busy.close();
        live.close();
        liveWorld.close();
    }

    static Stream<Arguments> badInputs() {
        List<Arguments> rows = new ArrayList<>();
        // the command line itself
        usage(rows, "bogus", "jtee: Unmatched argument at index 0: 'bogus'");
        usage(rows, "--bogus", "jtee: Unknown option: '--bogus'");
        usage(rows, "help bogus", "jtee: Unknown subcommand 'bogus'.");
        // invoke: the call
        usage(rows, "invoke", "jtee invoke: Missing required parameters: '<ta>', '<command>'");
        usage(rows, "invoke hello_world", "jtee invoke: Missing required parameter: '<command>'");
        usage(rows, "invoke hello_world zero", "jtee invoke: not a u32 (decimal or 0x hex): zero");
        usage(rows, "invoke hello_world 0x1FFFFFFFF", "jtee invoke: not a u32 (decimal or 0x hex): 0x1FFFFFFFF");
        usage(rows, "invoke hello_world 0 --valeu 1", "jtee invoke: Unknown options: '--valeu', '1'");
        usage(rows, "invoke hello_world 0 extra", "jtee invoke: Unmatched argument at index 3: 'extra'");
        usage(rows, "invoke hello_world 0 --value x", "jtee invoke: not a u32 (decimal or 0x hex): x");
        usage(rows, "invoke hello_world 0 --value 1,2,3", "jtee invoke: not a u32 (decimal or 0x hex): 2,3");
        usage(rows, "invoke hello_world 0 --value", "jtee invoke: Missing required parameter for option '--value' (A[,B])");
        usage(rows, "invoke hello_world 0 --in zz", "jtee invoke: --in wants hex bytes, zeros:N, text:... or @file: zz");
        usage(rows, "invoke hello_world 0 --in @/nonexistent/file",
                "jtee invoke: --in @/nonexistent/file: cannot read /nonexistent/file: no such file or directory");
        usage(rows, "invoke hello_world 0 --in @{tmp}", "jtee invoke: --in @{tmp}: {tmp} is a directory");
        usage(rows, "invoke hello_world 0 --in @{tmp}/a-file --value", "jtee invoke: Missing required parameter for option '--value' (A[,B])");
        usage(rows, "invoke hello_world 0 --out -1", "jtee invoke: Invalid value for option '--out' (SIZE): '-1' is not a size in bytes (0 to 2147483647)");
        usage(rows, "invoke hello_world 0 --out many", "jtee invoke: Invalid value for option '--out' (SIZE): 'many' is not a size in bytes (0 to 2147483647)");
        usage(rows, "invoke hello_world 0 -p vfoo:1",
                "jtee invoke: unknown parameter 'vfoo:1' (want none, vin:A[,B], vout, vinout:A[,B], min:DATA, mout:SIZE, minout:DATA)");
        usage(rows, "invoke hello_world 0 -p vin", "jtee invoke: vin needs a value: vin:A[,B]");
        usage(rows, "invoke hello_world 0 -p mout", "jtee invoke: mout needs a size: mout:SIZE");
        usage(rows, "invoke hello_world 0 -p mout:-2", "jtee invoke: not a u32: -2");
        usage(rows, "invoke hello_world 0 -p min:zeros:3000000000", "jtee invoke: a buffer size is at most 2147483647 bytes: 3000000000");
        usage(rows, "invoke hello_world 0 -p min:xyz", "jtee invoke: not hex bytes (or zeros:N, text:...): xyz");
        usage(rows, "invoke hello_world 0 -p vin:1 --value 2", "jtee invoke: use either --param or --value/--in/--out");
        usage(rows, "invoke hello_world 0 -p none -p none -p none -p none -p none",
                "jtee invoke: at most 4 parameters (--param, or --value, --in, --out together)");
        usage(rows, "invoke hello_world 0 --login NOBODY", "jtee invoke: Invalid value for option '--login': expected one of "
                + "[PUBLIC, USER, GROUP, APPLICATION, USER_APPLICATION, GROUP_APPLICATION, TRUSTED_APP] (case-insensitive) but was 'NOBODY'");
        failure(rows, "invoke hello_world 0 --tee unix:/nonexistent/jtee.sock",
                "jtee invoke: cannot reach unix:/nonexistent/jtee.sock: ");
        // the world's options, on every command that starts one
        usage(rows, "invoke hello_world 0 --threads 0", "jtee invoke: Invalid value for option '--threads': must be at least 1, got 0");
        usage(rows, "invoke hello_world 0 --threads -3", "jtee invoke: Invalid value for option '--threads': must be at least 1, got -3");
        usage(rows, "invoke hello_world 0 --threads many", "jtee invoke: Invalid value for option '--threads': 'many' is not a whole number");
        usage(rows, "ta list --secure-ram 10X", "jtee ta list: Invalid value for option '--secure-ram': '10X' is not a size (e.g. 16M, 512K or bytes)");
        usage(rows, "ta list --secure-ram 1K", "jtee ta list: Invalid value for option '--secure-ram': must be at least one 4 KiB page, got 1K");
        usage(rows, "ta list --secure-ram 0", "jtee ta list: Invalid value for option '--secure-ram': '0' is not a size (e.g. 16M, 512K or bytes)");
        usage(rows, "ta list --ta-dir /nonexistent", "jtee ta list: Invalid value for option '--ta-dir': no such directory: /nonexistent");
        usage(rows, "ta list --ta-dir {tmp}/a-file", "jtee ta list: Invalid value for option '--ta-dir': {tmp}/a-file is not a directory");
        usage(rows, "ta list --threads 0", "jtee ta list: Invalid value for option '--threads': must be at least 1, got 0");
        usage(rows, "stress hello_world 0 --threads -3", "jtee stress: Invalid value for option '--threads': must be at least 1, got -3");
        usage(rows, "ta profile seed --command 0 --secure-ram 10X",
                "jtee ta profile: Invalid value for option '--secure-ram': '10X' is not a size (e.g. 16M, 512K or bytes)");
        usage(rows, "serve --threads 0", "jtee serve: Invalid value for option '--threads': must be at least 1, got 0");
        // ta
        usage(rows, "ta", "jtee ta: Missing required subcommand: list, profile, devkit, build");
        usage(rows, "ta build", "jtee ta build: Missing required parameter: 'DIR'");
        usage(rows, "ta devkit extra", "jtee ta devkit: Unmatched argument at index 2: 'extra'");
        usage(rows, "ta bogus", "jtee ta: Unmatched argument at index 1: 'bogus'");
        usage(rows, "ta list extra", "jtee ta list: Unmatched argument at index 2: 'extra'");
        usage(rows, "ta profile", "jtee ta profile: Missing required parameter: '<ta>'");
        usage(rows, "ta profile seed", "jtee ta profile: say what to run: --command N [parameters] or --workload FILE");
        usage(rows, "ta profile seed --command x", "jtee ta profile: not a command id: x");
        usage(rows, "ta profile seed --workload /nonexistent.workload",
                "jtee ta profile: Invalid value for option '--workload': no such file: /nonexistent.workload");
        usage(rows, "ta profile seed --workload {tmp}", "jtee ta profile: Invalid value for option '--workload': {tmp} is not a file");
        usage(rows, "ta profile seed --workload {tmp}/bad.workload", "jtee ta profile: workload line 2: unknown step 'frobnicate' (open, invoke, close, iterations)");
        usage(rows, "ta profile seed --workload {tmp}/bad.workload --command 1", "jtee ta profile: give either --workload or --command, not both");
        usage(rows, "ta profile seed --command 0 --iterations 0", "jtee ta profile: Invalid value for option '--iterations': must be at least 1, got 0");
        usage(rows, "ta profile seed --command 0 --margin -5", "jtee ta profile: --margin is a percentage from 0 to 1000, got -5.0");
        usage(rows, "ta profile seed --command 0 --max-stack 4", "jtee ta profile: maxStack must be within [16, 16777216], got 4");
        usage(rows, "ta profile seed --command 0 -p vin:1 --value 2", "jtee ta profile: use either --param or --value/--in/--out");
        usage(rows, "ta profile seed --command 0 --out -1",
                "jtee ta profile: Invalid value for option '--out' (SIZE): '-1' is not a size in bytes (0 to 2147483647)");
        usage(rows, "ta profile no_such_ta --command 0", "jtee ta profile: no TA named or with UUID 'no_such_ta' (and no such class)");
        usage(rows, "ta profile java.lang.String --command 0", "jtee ta profile: java.lang.String is not a TrustedApplication");
        // stress
        usage(rows, "stress", "jtee stress: Missing required parameters: '<ta>', '<command>'");
        usage(rows, "stress hello_world 0 --rate 10 --callers 2", "jtee stress: Error: --rate=PER_S, --callers=N are mutually exclusive (specify only one)");
        usage(rows, "stress hello_world 0 --callers 0", "jtee stress: Invalid value for option '--callers': must be at least 1, got 0");
        usage(rows, "stress hello_world 0 --sessions 0", "jtee stress: Invalid value for option '--sessions': must be at least 1, got 0");
        usage(rows, "stress hello_world 0 --workers 0", "jtee stress: Invalid value for option '--workers': must be at least 1, got 0");
        usage(rows, "stress hello_world 0 --max-callers 0", "jtee stress: Invalid value for option '--max-callers': must be at least 1, got 0");
        usage(rows, "stress hello_world 0 --duration soon", "jtee stress: Invalid value for option '--duration': not a duration (e.g. 500ms, 2s, 1m): soon");
        usage(rows, "stress hello_world 0 --think -1s", "jtee stress: Invalid value for option '--think': not a duration (e.g. 500ms, 2s, 1m): -1s");
        usage(rows, "stress hello_world 0 --flow sideways", "jtee stress: --flow is on, off or adaptive: sideways");
        usage(rows, "stress hello_world 0 --ramp 1", "jtee stress: --ramp wants 2 comma-separated numbers: 1");
        usage(rows, "stress hello_world 0 --stairs 1,2,x", "jtee stress: --stairs: not a number: x");
        usage(rows, "stress hello_world 0 --rate -5", "jtee stress: rate must be > 0 and finite: -5.0");
        usage(rows, "stress hello_world 0 --start-rate -1 --find-knee", "jtee stress: --start-rate must be ≥ 0, got -1.0");
        usage(rows, "stress hello_world 0 --report /proc/nope",
                "jtee stress: --report /proc/nope: cannot create it: /proc/nope: no such file or directory");
        usage(rows, "stress hello_world 0 --report {tmp}/a-file", "jtee stress: --report {tmp}/a-file: cannot create it: {tmp}/a-file: already exists");
        usage(rows, "stress hello_world 0 --max-in-flight -1", "jtee stress: maxInFlight must be ≥ 0 (0 = secure threads): -1");
        usage(rows, "stress hello_world 0 --queue -1", "jtee stress: queueCapacity must be ≥ 0: -1");
        usage(rows, "stress hello_world 0 --value 1 --tee unix:{tmp}/live.sock --duration 100ms",
                "jtee stress: with --tee the TA is given by UUID: hello_world");
        failure(rows, "stress no_such_ta 0 --quiet-tee", "jtee stress: no TA named or with UUID 'no_such_ta' (jtee ta list shows them)");
        // serve
        usage(rows, "serve extra", "jtee serve: Unmatched argument at index 1: 'extra'");
        usage(rows, "serve --socket /nonexistent-dir/jtee.sock", "jtee serve: Invalid value for option '--socket': no such directory: /nonexistent-dir");
        usage(rows, "serve --socket {tmp}", "jtee serve: Invalid value for option '--socket': {tmp} is a directory; give the socket file's path");
        usage(rows, "serve --http nohost", "jtee serve: Invalid value for option '--http': want HOST:PORT (e.g. 127.0.0.1:9464), got 'nohost'");
        usage(rows, "serve --http 127.0.0.1:70000", "jtee serve: Invalid value for option '--http': not a port (0 to 65535) in '127.0.0.1:70000'");
        usage(rows, "serve --permissions rwx", "jtee serve: Invalid value for option '--permissions': want nine characters like rw-rw----, got 'rwx'");
        usage(rows, "serve --shutdown-timeout 0", "jtee serve: Invalid value for option '--shutdown-timeout': must be at least 1, got 0");
        // the daemon's limits: each one checked as it is parsed, before anything starts
        usage(rows, "serve --max-connections 0", "jtee serve: Invalid value for option '--max-connections': must be at least 1, got 0");
        usage(rows, "serve --max-requests-per-connection 0",
                "jtee serve: Invalid value for option '--max-requests-per-connection': must be at least 1, got 0");
        usage(rows, "serve --max-sessions 0", "jtee serve: Invalid value for option '--max-sessions': must be at least 1, got 0");
        usage(rows, "serve --max-sessions-per-user -1", "jtee serve: Invalid value for option '--max-sessions-per-user': must be at least 1, got -1");
        usage(rows, "serve --max-sessions-per-process 0",
                "jtee serve: Invalid value for option '--max-sessions-per-process': must be at least 1, got 0");
        usage(rows, "serve --max-calls many", "jtee serve: Invalid value for option '--max-calls': 'many' is not a whole number");
        usage(rows, "serve --max-calls-per-user 0", "jtee serve: Invalid value for option '--max-calls-per-user': must be at least 1, got 0");
        usage(rows, "serve --max-calls-per-process 0", "jtee serve: Invalid value for option '--max-calls-per-process': must be at least 1, got 0");
        usage(rows, "serve --secure-threads-per-process 0",
                "jtee serve: Invalid value for option '--secure-threads-per-process': must be at least 1, got 0");
        usage(rows, "serve --secure-threads-per-process 9",
                "jtee serve: Invalid value for option '--secure-threads-per-process': must be at most --threads (8), got 9");
        usage(rows, "serve --threads 2 --secure-threads-for-new-clients 2",
                "jtee serve: Invalid value for option '--secure-threads-for-new-clients': must be less than --threads (2), got 2");
        usage(rows, "serve --secure-threads-for-new-clients -1",
                "jtee serve: Invalid value for option '--secure-threads-for-new-clients': must be at least 0, got -1");
        usage(rows, "serve --max-shm-per-user 10X",
                "jtee serve: Invalid value for option '--max-shm-per-user': '10X' is not a size (e.g. 16M, 512K or bytes)");
        usage(rows, "serve --max-shm-per-process 1K",
                "jtee serve: Invalid value for option '--max-shm-per-process': must be at least one 4 KiB page, got 1K");
        usage(rows, "serve --buffer-memory 0", "jtee serve: Invalid value for option '--buffer-memory': '0' is not a size (e.g. 16M, 512K or bytes)");
        usage(rows, "serve --buffer-memory-per-user 1K",
                "jtee serve: Invalid value for option '--buffer-memory-per-user': must be at least one 4 KiB page, got 1K");
        usage(rows, "serve --buffer-memory-per-process x",
                "jtee serve: Invalid value for option '--buffer-memory-per-process': 'x' is not a size (e.g. 16M, 512K or bytes)");
        usage(rows, "serve --max-frame 100M", "jtee serve: Invalid value for option '--max-frame': must be within 4K and 64M, got 100M");
        usage(rows, "serve --max-frame 1K", "jtee serve: Invalid value for option '--max-frame': must be within 4K and 64M, got 1K");
        usage(rows, "serve --queue-capacity -1", "jtee serve: Invalid value for option '--queue-capacity': must be at least 0, got -1");
        usage(rows, "serve --client-partitions 0", "jtee serve: Invalid value for option '--client-partitions': must be at least 1, got 0");
        usage(rows, "serve --max-connections-per-user 0",
                "jtee serve: Invalid value for option '--max-connections-per-user': must be at least 1, got 0");
        failure(rows, "serve --socket {tmp}/s1.sock --storage-dir {tmp}/storage --quiet-tee --http {busy}",
                "jtee serve: --http {busy}: address already in use (another jtee serve, or another server on that port?)");
        failure(rows, "serve --socket {tmp}/live.sock --storage-dir {tmp}/storage --quiet-tee",
                "jtee serve: --socket {tmp}/live.sock: a jtee daemon already listens there");
        failure(rows, "serve --socket {tmp}/s2.sock --storage-dir {tmp}/a-file/storage --quiet-tee",
                "jtee serve: cannot use the storage directory {tmp}/a-file/storage: {tmp}/a-file/storage: not a directory");
        // top
        failure(rows, "top --http 127.0.0.1:1 --iterations 1",
                "jtee top: cannot read http://127.0.0.1:1/metrics: connection refused (is a daemon running with serve --http 127.0.0.1:1?)");
        failure(rows, "top --http 127.0.0.1:1",
                "jtee top: cannot read http://127.0.0.1:1/metrics: connection refused (is a daemon running with serve --http 127.0.0.1:1?)");
        usage(rows, "top --http nohost", "jtee top: Invalid value for option '--http': want HOST:PORT (e.g. 127.0.0.1:9464), got 'nohost'");
        usage(rows, "top --interval 0", "jtee top: Invalid value for option '--interval': must be at least 1, got 0");
        usage(rows, "top --iterations 0", "jtee top: --iterations must be at least 1, got 0");
        // demo
        usage(rows, "demo --seconds -1", "jtee demo: Invalid value for option '--seconds': want seconds from 0.1 to 3600, got '-1'");
        usage(rows, "demo --seconds 0", "jtee demo: Invalid value for option '--seconds': want seconds from 0.1 to 3600, got '0'");
        usage(rows, "demo --seconds abc", "jtee demo: Invalid value for option '--seconds': want seconds from 0.1 to 3600, got 'abc'");
        usage(rows, "demo --callers 0", "jtee demo: Invalid value for option '--callers': must be at least 1, got 0");
        usage(rows, "demo extra", "jtee demo: Unmatched argument at index 1: 'extra'");
        return rows.stream();
    }

    private static void usage(List<Arguments> rows, String line, String error) {
        rows.add(Arguments.of(line, USAGE, error));
    }

    private static void failure(List<Arguments> rows, String line, String error) {
        rows.add(Arguments.of(line, FAILURE, error));
    }

    private static String fill(String s) {
        return s.replace("{tmp}", tmp.toString()).replace("{busy}", "127.0.0.1:" + busy.getLocalPort());
    }

    @ParameterizedTest(name = "jtee {0}")
    @MethodSource("badInputs")
    void oneLineAndTheExitCode(String commandLine, int exit, String error) {
        CliRun r = CliRun.run(fill(commandLine).split(" "));
        String expected = fill(error);
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("I/TC")).toList();
        assertEquals(exit, r.exit(), () -> "exit code of jtee " + commandLine + "\n" + r.err() + r.out());
        assertFalse(lines.isEmpty(), () -> "nothing on stderr for jtee " + commandLine + "\n" + r.out());
        if (expected.endsWith(": ")) {
            assertTrue(lines.getFirst().startsWith(expected), () -> "error of jtee " + commandLine + ":\n" + r.err());
        } else {
            assertEquals(expected, lines.getFirst(), () -> "error of jtee " + commandLine + ":\n" + r.err());
        }
        assertTrue(lines.size() <= 2, () -> "more than an error and a hint for jtee " + commandLine + ":\n" + r.err());
        if (lines.size() == 2) {
            assertTrue(lines.get(1).matches("(did you mean .*\\? )?see: jtee[a-z ]* --help"), () -> "not a hint: " + lines.get(1));
        }
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), () -> "a stack trace:\n" + r.err());
        assertFalse(r.out().contains("Usage:"), () -> "a usage wall:\n" + r.out());
        assertFalse(Files.exists(Path.of("/nonexistent-dir")), "serve created the socket's directory");
    }

    @Test
    void thereAreAtLeastSeventyBadInputs() {
        assertTrue(badInputs().count() >= 70, "the table of issue 18 had 70 bad inputs");
    }

    @Test
    void debugShowsTheStackTraceOfAFailure() {
        CliRun r = CliRun.run("--debug", "stress", "hello_world", "0", "--tee", "unix:" + tmp.resolve("nobody.sock"));
        assertEquals(FAILURE, r.exit(), r.err());
        assertTrue(r.err().startsWith("jtee stress: "), r.err());
        assertTrue(r.err().contains("\tat "), r.err());
        CliRun quiet = CliRun.run("stress", "hello_world", "0", "--tee", "unix:" + tmp.resolve("nobody.sock"));
        assertEquals(FAILURE, quiet.exit(), quiet.err());
        assertEquals(1, quiet.err().lines().count(), quiet.err());
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        for (String cmd : new String[] {"", "demo", "invoke", "ta", "ta list", "ta profile", "serve", "top", "stress", "generate-completion"}) {
            String[] help = (cmd + " --help").strip().split(" ");
            CliRun r = CliRun.run(help);
            assertEquals(0, r.exit(), () -> String.join(" ", help) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: jtee" + (cmd.isEmpty() ? "" : " " + cmd)), () -> String.join(" ", help) + ":\n" + r.out());
            assertTrue(r.err().isEmpty(), r.err());
            if (cmd.equals("generate-completion")) {
                continue; // picocli's own command: its version is picocli's
            }
            String[] version = (cmd + " --version").strip().split(" ");
            CliRun v = CliRun.run(version);
            assertEquals(0, v.exit(), () -> String.join(" ", version) + ": " + v.err());
            assertTrue(v.out().startsWith("jtee "), v.out());
        }
    }

    /** {@code serve --help} names every daemon limit with its default. */
    @Test
    void serveHelpShowsEveryLimitWithItsDefault() {
        CliRun r = CliRun.run("serve", "--help");
        assertEquals(0, r.exit(), r.err());
        String help = r.out();
        String[] limits = {"--max-connections", "--max-connections-per-user", "--max-connections-per-process", "--max-requests-per-connection",
            "--max-sessions", "--max-sessions-per-user", "--max-sessions-per-process", "--max-calls", "--max-calls-per-user",
            "--max-calls-per-process", "--secure-threads-per-process", "--secure-threads-for-new-clients", "--max-shm-per-user",
            "--max-shm-per-process", "--buffer-memory", "--buffer-memory-per-user", "--buffer-memory-per-process", "--max-frame",
            "--queue-capacity", "--client-partitions", "--reply-timeout", "--shutdown-timeout"};
        for (String option : limits) {
            int at = help.indexOf("      " + option + "=");
            assertTrue(at >= 0, option + " is listed:\n" + help);
            int next = help.indexOf("\n      --", at + 1);
            String entry = help.substring(at, next < 0 ? help.length() : next).replaceAll("\\s+", " ");
            assertTrue(entry.contains("(default"), option + " shows its default: " + entry);
        }
        // the sizes are written as a person would: the daemon's own defaults all the same
        picocli.CommandLine.Model.CommandSpec spec = new picocli.CommandLine(new ServeCommand()).getCommandSpec();
        assertEquals(Daemon.Builder.DEFAULT_BUFFER_MEMORY, dev.jtee.api.Sizes.parse(spec.findOption("--buffer-memory").defaultValue()));
        assertEquals(Daemon.Builder.DEFAULT_BUFFER_MEMORY_PER_USER, dev.jtee.api.Sizes.parse(spec.findOption("--buffer-memory-per-user").defaultValue()));
        assertEquals(Daemon.Builder.DEFAULT_BUFFER_MEMORY_PER_PROCESS,
                dev.jtee.api.Sizes.parse(spec.findOption("--buffer-memory-per-process").defaultValue()));
        assertEquals(dev.jtee.wire.Protocol.DEFAULT_MAX_FRAME, dev.jtee.api.Sizes.parse(spec.findOption("--max-frame").defaultValue()));
        assertEquals(Integer.toString(Daemon.Builder.DEFAULT_MAX_CALLS_PER_PROCESS), spec.findOption("--max-calls-per-process").defaultValue());
    }
}
