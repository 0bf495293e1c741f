package dev.jtee.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The commands the README shows print what it says they print. */
class CliTest {

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void invokeThroughADaemonSocketGivesTheSameAnswer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path socket = dir.resolve("jtee.sock");
        try (dev.jtee.daemon.Daemon d = dev.jtee.daemon.Daemon.builder().socket(socket).console(line -> { }).start()) {
            CliRun r = run("invoke", "hello_world", "0", "--value", "42", "--tee", "unix:" + socket);
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().contains("TEE_SUCCESS (0x00000000), origin TRUSTED_APP"), r.out());
            assertTrue(r.out().contains("p0 value: a=43"), r.out());
            CliRun missing = run("invoke", "no_such_ta", "0", "--tee", "unix:" + socket);
            assertEquals(1, missing.exit());
            assertTrue(missing.out().contains("TEE_ERROR_ITEM_NOT_FOUND"), missing.out());
        }
        CliRun gone = run("invoke", "hello_world", "0", "--value", "1", "--tee", "unix:" + socket);
        assertEquals(1, gone.exit());
        assertTrue(gone.err().contains("cannot reach unix:" + socket), gone.err());
    }

    @Test
    void secureStorageObjectsOutliveADaemonRestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path socket = dir.resolve("jtee.sock");
        java.nio.file.Path storage = dir.resolve("storage");
        String tee = "unix:" + socket;
        try (dev.jtee.core.SecureWorld w = dev.jtee.core.SecureWorld.builder().storageDir(storage).console(line -> { }).build();
             dev.jtee.daemon.Daemon d = dev.jtee.daemon.Daemon.builder().socket(socket).world(w).start()) {
            // the README's lines: WRITE_RAW "key" = "hello"
            CliRun write = run("invoke", "secure_storage", "1", "--in", "6b6579", "--in", "68656c6c6f", "--tee", tee);
            assertEquals(0, write.exit(), write.out() + write.err());
        }
        try (dev.jtee.core.SecureWorld w = dev.jtee.core.SecureWorld.builder().storageDir(storage).console(line -> { }).build();
             dev.jtee.daemon.Daemon d = dev.jtee.daemon.Daemon.builder().socket(socket).world(w).start()) {
            CliRun read = run("invoke", "secure_storage", "0", "--in", "6b6579", "--out", "64", "--tee", tee);
            assertEquals(0, read.exit(), read.out() + read.err());
            assertTrue(read.out().contains("68656c6c6f"), read.out());
            CliRun shortBuffer = run("invoke", "secure_storage", "0", "--in", "6b6579", "--out", "2", "--tee", tee);
            assertEquals(1, shortBuffer.exit());
            assertTrue(shortBuffer.out().contains("TEE_ERROR_SHORT_BUFFER"), shortBuffer.out());
            assertTrue(shortBuffer.out().contains("size 5"), shortBuffer.out());
            CliRun delete = run("invoke", "secure_storage", "2", "--in", "6b6579", "--tee", tee);
            assertEquals(0, delete.exit(), delete.out() + delete.err());
            CliRun gone = run("invoke", "secure_storage", "0", "--in", "6b6579", "--out", "64", "--tee", tee);
            assertTrue(gone.out().contains("TEE_ERROR_ITEM_NOT_FOUND"), gone.out());
        }
    }

    @Test
    void typedParamsReachEverySlotType() {
        // sha COMPUTE_DIGEST wants MEMREF_INPUT, MEMREF_OUTPUT, VALUE_INPUT (TEE_ALG_SHA256): the shortcuts cannot say that
        CliRun r = run("invoke", "sha", "5", "-p", "min:text:abc", "-p", "mout:32", "-p", "vin:0x50000004", "--quiet-tee");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("p1 memref out: size 32: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), r.out());
        CliRun small = run("invoke", "sha", "5", "-p", "min:text:abc", "-p", "mout:16", "-p", "vin:0x50000004", "--quiet-tee");
        assertEquals(1, small.exit());
        assertTrue(small.out().contains("TEE_ERROR_SHORT_BUFFER") && small.out().contains("size 32"), small.out());
        CliRun inout = run("invoke", "hello_world", "0", "-p", "vinout:42", "--quiet-tee");
        assertTrue(inout.out().contains("p0 value: a=43"), inout.out());
    }

    @Test
    void mixedOrTooManyParamsAreRefused() {
        CliRun mixed = run("invoke", "hello_world", "0", "-p", "vin:1", "--value", "2");
        assertEquals(2, mixed.exit());
        assertTrue(mixed.err().contains("use either --param or --value/--in/--out"), mixed.err());
        CliRun five = run("invoke", "hello_world", "0", "-p", "none", "-p", "none", "-p", "none", "-p", "none", "-p", "none");
        assertEquals(2, five.exit());
        assertTrue(five.err().contains("at most 4 parameters"), five.err());
        CliRun bad = run("invoke", "hello_world", "0", "-p", "vfoo:1");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("unknown parameter 'vfoo:1'"), bad.err());
    }

    @Test
    void invokeHelloWorldIncrements42To43() {
        CliRun r = run("invoke", "hello_world", "0", "--value", "42");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("TEE_SUCCESS (0x00000000), origin TRUSTED_APP"), r.out());
        assertTrue(r.out().contains("p0 value: a=43"), r.out());
    }

    @Test
    void invokeByUuidAndOutputMemref() {
        CliRun r = run("invoke", "b6c53aba-9669-4668-a7f2-205629d00f86", "0", "--out", "16");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*p0 memref out: size 16: [0-9a-f]{32}\\R.*"), r.out());
    }

    @Test
    void invokeUnknownCommandReportsTaOrigin() {
        // hello_world answers BAD_PARAMETERS to an unknown command, from the TA itself.
        CliRun r = run("invoke", "hello_world", "7", "--value", "1");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("TEE_ERROR_BAD_PARAMETERS (0xffff0006), origin TRUSTED_APP"), r.out());
    }

    @Test
    void invokeUnknownTaIsItemNotFound() {
        CliRun r = run("invoke", "no_such_ta", "0");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("TEE_ERROR_ITEM_NOT_FOUND (0xffff0008)"), r.out());
    }

    @Test
    void badArgumentsGetAClearMessage() {
        CliRun r = run("invoke", "hello_world", "zero");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not a u32 (decimal or 0x hex): zero"), r.err());
    }

    @Test
    void taListShowsTheExamples() {
        CliRun r = run("ta", "list");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("hello_world"), r.out());
        assertTrue(r.out().contains("8aaaf200-2450-11e4-abe2-0002a5d5c51b"), r.out());
        assertTrue(r.out().contains("SINGLE_INSTANCE|MULTI_SESSION"), r.out());
    }

    @Test
    void demoTourShowsPanicAbortAndStackOverflowAsOpTeeReportsThem() {
        CliRun r = run("demo", "--tour");
        assertEquals(0, r.exit(), r.out() + r.err());
        String o = r.out();
        assertTrue(o.contains("value a = 43"), o);
        assertTrue(o.contains("TA panicked with code 0x0000beef"), o);
        assertTrue(o.contains("TEE_ERROR_TARGET_DEAD (0xffff3024), origin TEE"), o);
        assertTrue(o.contains("User mode data-abort at address 0x00000000"), o);
        assertTrue(o.contains("TA panicked with code 0xffff300f"), o);
        assertTrue(o.contains("Status of TA 5b9e0e40-2636-11e1-ad9e-0002a5d5c51b"), o);
        assertTrue(o.contains("Call stack:"), o);
        // the call stack names the TA's own frames, not jtee's
        assertTrue(o.matches("(?s).*Call stack:\\R\\s*\\| E/LD:\\s+0x[0-9a-f]{8} OsTestTa\\.\\w+\\(OsTestTa\\.java:\\d+\\).*"), o);
        assertTrue(o.contains("a new session gets a fresh instance: TEE_SUCCESS"), o);
        assertTrue(o.contains("DEC_VALUE on 7 = 6"), o);
    }

    @Test
    void demoRunsTheSeedLoadWithFlowControlOffAndOnSideBySide() {
        // short runs: the numbers are not asserted, the shape of the comparison and conservation are
        CliRun r = run("demo", "--seconds", "0.5", "--callers", "16", "--no-progress");
        assertEquals(0, r.exit(), r.out() + r.err());
        String o = r.out();
        for (String row : new String[] {"flow control", "seed PROCESS calls completed / s", "TEE_SUCCESS", "TA panics",
                "bystander latency p50", "bystander latency p99", "peak calls waiting in the normal world",
                "secure threads busy, mean / peak", "seed TA heap peak", "seed TA heap fragmentation, peak"}) {
            assertTrue(o.contains(row), () -> row + " missing in\n" + o);
        }
        assertTrue(o.matches("(?s).*flow control\\s+off\\s+defaults\\s+off\\s+defaults.*"), o);
        assertTrue(o.matches("(?s).*seed memory mode\\s+dynamic\\s+dynamic\\s+static\\s+static.*"), o);
        assertTrue(o.matches("(?s).*  conserved\\s+yes\\s+yes\\s+yes\\s+yes.*"), o);
        // the stack case, as OP-TEE: the TA panics with TEE_ERROR_OVERFLOW, the client sees TARGET_DEAD from the TEE
        assertTrue(o.contains("TA panicked with code 0xffff300f"), o);
        assertTrue(o.contains("client: TEE_ERROR_TARGET_DEAD (0xffff3024), origin TEE"), o);
    }

    @Test
    void demoRepeatsItsRoundsAndCountsTheDeathsOfAllOfThem() {
        CliRun r = run("demo", "--seconds", "0.3", "--callers", "16", "--runs", "2", "--no-progress");
        assertEquals(0, r.exit(), r.out() + r.err());
        String o = r.out();
        assertTrue(o.matches("(?s).*TA panics, all rounds \\(2\\)\\s+[\\d,]+ \\(\\d of 2\\)\\s+0 \\(0 of 2\\)\\s+[\\d,]+ \\(\\d of 2\\)\\s+0 \\(0 of 2\\).*"), o);
        assertTrue(o.contains("with flow control on (runs 2 and 4): 0 TA deaths in 2 rounds"), o);
        CliRun none = run("demo", "--runs", "0");
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("--runs") && none.err().contains("must be at least 1"), none.err());
    }
}
