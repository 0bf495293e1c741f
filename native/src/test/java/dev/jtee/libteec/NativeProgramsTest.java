package dev.jtee.libteec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.spi.ClientUuids;
import dev.jtee.core.SecureWorld;
import dev.jtee.daemon.Daemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C programs the build compiled against jtee's tee_client_api.h and libteec.so, run as real
 * child processes against a daemon this test starts (JTEE_SOCKET names its socket).
 */
class NativeProgramsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;
    static SecureWorld world;
    static Daemon daemon;

    @BeforeAll
    static void start() {
        world = SecureWorld.builder().threads(4).build();
        daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).shutdownTimeout(Duration.ofSeconds(5)).start();
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (world != null) {
            world.close();
        }
    }

    record Run(int exit, String out, String err) {
    }

    /** Runs a program with {@code env} added to this JVM's environment; bounded in time. */
    static Run run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("JTEE_SOCKET");
        pb.environment().remove("JTEE_TEE");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not end within " + TIMEOUT + "; output so far:\n"
                    + Files.readString(out) + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    static Map<String, String> socketEnv() {
        return Map.of("JTEE_SOCKET", daemon.socketPath().toString());
    }

    @Test
    void helloWorldIncrements42To43() throws Exception {
        Run r = run(socketEnv(), NativeBuild.program("hello_world").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("Invoking TA to increment 42\nTA incremented value to 43\n", r.out());

        Run other = run(socketEnv(), NativeBuild.program("hello_world").toString(), "1000");
        assertEquals(0, other.exit(), other.out() + other.err());
        assertTrue(other.out().endsWith("TA incremented value to 1001\n"), other.out());
    }

    @Test
    void theTeeMayBeNamedWithJteeTeeToo() throws Exception {
        Run r = run(Map.of("JTEE_TEE", "unix:" + daemon.socketPath()), NativeBuild.program("hello_world").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().endsWith("TA incremented value to 43\n"), r.out());
    }

    @Test
    void withoutADaemonInitializeContextFailsWithItemNotFound() throws Exception {
        Run r = run(Map.of("JTEE_SOCKET", dir.resolve("nobody-listens.sock").toString()), NativeBuild.program("hello_world").toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("TEEC_InitializeContext failed with code 0xffff0008"), r.err());
    }

    @Test
    void randomPrints16RandomBytes() throws Exception {
        Pattern line = Pattern.compile("TA generated UUID value = 0x([0-9a-f]{32})\n");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Run r = run(socketEnv(), NativeBuild.program("random").toString());
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.out().startsWith("Invoking TA to generate random UUID...\n"), r.out());
            Matcher m = line.matcher(r.out());
            assertTrue(m.find(), r.out());
            values.add(m.group(1));
        }
        assertNotEquals(values.get(0), values.get(1), "two runs gave the same random bytes");
        assertNotEquals("00000000000000000000000000000000", values.get(0));
    }

    @Test
    void clientApiCasesOfXtest5006AndMorePass() throws Exception {
        Run r = run(socketEnv(), NativeBuild.program("client_api_test").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertFalse(r.out().contains("FAIL"), r.out());
        for (String c : List.of("allocate_in", "allocate_inout", "allocate_out_of_memory", "register_in_out_inout", "zero_length",
                "same_memory_twice", "shared_memory_32k", "open_session_not_existing_ta", "initialize_context_not_existing_tee",
                "bad_flags", "release_twice", "whole_memrefs", "partial_memrefs", "overlapping_windows_alias",
                "temp_memrefs_and_values", "large_temp_memref", "too_large_for_a_frame", "short_buffer_temp", "short_buffer_partial",
                "null_memrefs", "bad_parameters", "ta_errors_and_origins", "closed_session", "login_user", "cancellation",
                "concurrent_calls")) {
            assertTrue(r.out().contains("ok " + c + "\n"), c + " did not pass:\n" + r.out());
        }
        assertTrue(r.out().contains("26 passed, 0 failed"), r.out());
        assertEquals(0, world.stats().sessions(), "the program closed every session it opened");
    }

    /**
     * Every example TA's command ids and parameter types, as the README's table states them, checked
     * by a C host program: the documented layout passes the TA's type check, a wrong one gets
     * BAD_PARAMETERS, origin TA.
     */
    @Test
    void exampleTaLayoutsMatchTheReadme() throws Exception {
        Run r = run(socketEnv(), NativeBuild.program("example_layouts").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertFalse(r.out().contains("FAIL"), r.out());
        for (String c : List.of("hello_world 0", "hello_world 1", "random 0", "aes 0", "aes 1", "aes 2", "aes 3", "aes 4",
                "secure_storage 0", "secure_storage 1", "secure_storage 2", "acipher 0", "acipher 1", "hotp 0", "hotp 1",
                "sha 0", "sha 1", "sha 2", "sha 3", "sha 4", "sha 5", "ecdsa 0", "ecdsa 1", "ecdsa 2", "ecdh 0", "sign_verify 0")) {
            assertTrue(r.out().contains("ok " + c + " "), c + " did not pass:\n" + r.out());
        }
        assertTrue(r.out().contains("28 passed, 0 failed"), r.out());
    }

    /**
     * What OP-TEE's own programs found: TEEC_UUID structs in memrefs, the client identity as a
     * struct (compared here byte for byte with the UUID the daemon derives), the current acipher and
     * ecdh layouts, NOT_SUPPORTED for os_test's hardware features, a memfd as shared memory.
     */
    @Test
    void byteLevelConformanceCasesPass() throws Exception {
        Run r = run(socketEnv(), NativeBuild.program("conformance_test").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String c : List.of("uuid_struct_in_memref", "client_identity_struct", "acipher_upstream", "ecdh_upstream",
                "os_test_unsupported_features", "register_memfd")) {
            assertTrue(r.out().contains("ok " + c + "\n"), c + " did not pass:\n" + r.out());
        }
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        assertTrue(r.out().contains("identity " + ClientUuids.of("uid=" + Long.toHexString(uid)) + "\n"),
                "the struct's fields, printed by C, are the UUID the daemon derived for this user:\n" + r.out());
        assertTrue(r.err().contains("jtee libteec: TEEC_RegisterSharedMemoryFileDescriptor: fd "), r.err());
        assertEquals(0, world.stats().sessions(), "the program closed every session it opened");
    }

    /**
     * sizeof/offsetof of every Client API type and the value of every constant, as the compiled
     * program sees them, against OP-TEE libteec 4.x's tee_client_api.h on LP64 (the numbers below
     * are worked out from that published header, not from jtee's).
     */
    /**
     * OP-TEE's stats pseudo-TA read from C: the program asks for the size with a NULL buffer
     * (SHORT_BUFFER), reads {@code struct pta_stats_ta} records as its compiler lays them out (88
     * bytes, asserted at compile time) and finds hello_world's record with its one session.
     */
    /**
     * Issue 15 §6: libteec checks the daemon's peer uid as the Java client does. The program runs a
     * fake listener as uid 65534 (it needs root to become it, as the tests run here) and expects
     * TEEC_ERROR_COMMUNICATION, one stderr line and no byte sent; JTEE_DAEMON_USER=65534 trusts it.
     */
    @Test
    void libteecRefusesADaemonOfAnotherUser() throws Exception {
        Run r = run(Map.of(), NativeBuild.program("peer_uid_test").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String c : new String[] {"impostor_refused_with_communication", "impostor_named_in_one_stderr_line",
                "nothing_sent_to_impostor", "configured_uid_trusted", "configured_daemon_gets_hello"}) {
            assertTrue(r.out().contains("ok " + c + "\n"), r.out());
        }
    }

    @Test
    void statsPseudoTaRecordsReadFromC() throws Exception {
        Run r = run(socketEnv(), NativeBuild.program("stats_ta").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("ta 8aaaf200-2450-11e4-abe2-0002a5d5c51b panicked 0 sessions 1 allocated "), r.out());
        assertTrue(r.out().endsWith("ok\n"), r.out());
    }

    @Test
    void abiMatchesOpteeLibteec4OnLp64() throws Exception {
        Run r = run(Map.of(), NativeBuild.program("abi").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        Map<String, Long> seen = new LinkedHashMap<>();
        for (String l : r.out().split("\n")) {
            int sp = l.lastIndexOf(' ');
            String key = l.substring(0, sp);
            String v = l.substring(sp + 1);
            seen.put(key, v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v));
        }
        Map<String, Long> want = new LinkedHashMap<>();
        // typedef uint32_t TEEC_Result
        want.put("sizeof TEEC_Result", 4L);
        // struct { struct { int fd; bool reg_mem; bool memref_null; } imp; }
        want.put("sizeof TEEC_Context", 8L);
        want.put("offsetof TEEC_Context.imp.fd", 0L);
        want.put("offsetof TEEC_Context.imp.reg_mem", 4L);
        want.put("offsetof TEEC_Context.imp.memref_null", 5L);
        // { uint32_t timeLow; uint16_t timeMid; uint16_t timeHiAndVersion; uint8_t clockSeqAndNode[8]; }
        want.put("sizeof TEEC_UUID", 16L);
        want.put("offsetof TEEC_UUID.timeLow", 0L);
        want.put("offsetof TEEC_UUID.timeMid", 4L);
        want.put("offsetof TEEC_UUID.timeHiAndVersion", 6L);
        want.put("offsetof TEEC_UUID.clockSeqAndNode", 8L);
        // { void *buffer; size_t size; uint32_t flags;
        //   struct { int id; size_t alloced_size; void *shadow_buffer; int registered_fd; uint32_t flags; } imp; }
        want.put("sizeof TEEC_SharedMemory", 56L);
        want.put("offsetof TEEC_SharedMemory.buffer", 0L);
        want.put("offsetof TEEC_SharedMemory.size", 8L);
        want.put("offsetof TEEC_SharedMemory.flags", 16L);
        want.put("offsetof TEEC_SharedMemory.imp.id", 24L);
        want.put("offsetof TEEC_SharedMemory.imp.alloced_size", 32L);
        want.put("offsetof TEEC_SharedMemory.imp.shadow_buffer", 40L);
        want.put("offsetof TEEC_SharedMemory.imp.registered_fd", 48L);
        want.put("offsetof TEEC_SharedMemory.imp.flags", 52L);
        // { void *buffer; size_t size; }
        want.put("sizeof TEEC_TempMemoryReference", 16L);
        want.put("offsetof TEEC_TempMemoryReference.buffer", 0L);
        want.put("offsetof TEEC_TempMemoryReference.size", 8L);
        // { TEEC_SharedMemory *parent; size_t size; size_t offset; }
        want.put("sizeof TEEC_RegisteredMemoryReference", 24L);
        want.put("offsetof TEEC_RegisteredMemoryReference.parent", 0L);
        want.put("offsetof TEEC_RegisteredMemoryReference.size", 8L);
        want.put("offsetof TEEC_RegisteredMemoryReference.offset", 16L);
        // { uint32_t a; uint32_t b; }
        want.put("sizeof TEEC_Value", 8L);
        want.put("offsetof TEEC_Value.a", 0L);
        want.put("offsetof TEEC_Value.b", 4L);
        // union { tmpref; memref; value; }: the largest member, 24
        want.put("sizeof TEEC_Parameter", 24L);
        want.put("offsetof TEEC_Parameter.tmpref", 0L);
        want.put("offsetof TEEC_Parameter.memref", 0L);
        want.put("offsetof TEEC_Parameter.value", 0L);
        // { struct { TEEC_Context *ctx; uint32_t session_id; } imp; }
        want.put("sizeof TEEC_Session", 16L);
        want.put("offsetof TEEC_Session.imp.ctx", 0L);
        want.put("offsetof TEEC_Session.imp.session_id", 8L);
        // { uint32_t started; uint32_t paramTypes; TEEC_Parameter params[4]; struct { TEEC_Session *session; } imp; }
        want.put("sizeof TEEC_Operation", 112L);
        want.put("offsetof TEEC_Operation.started", 0L);
        want.put("offsetof TEEC_Operation.paramTypes", 4L);
        want.put("offsetof TEEC_Operation.params", 8L);
        want.put("offsetof TEEC_Operation.imp.session", 104L);

        want.put("const TEEC_CONFIG_PAYLOAD_REF_COUNT", 4L);
        long[] types = {0x0, 0x1, 0x2, 0x3, 0x5, 0x6, 0x7, 0xC, 0xD, 0xE, 0xF};
        String[] typeNames = {"NONE", "VALUE_INPUT", "VALUE_OUTPUT", "VALUE_INOUT", "MEMREF_TEMP_INPUT", "MEMREF_TEMP_OUTPUT",
            "MEMREF_TEMP_INOUT", "MEMREF_WHOLE", "MEMREF_PARTIAL_INPUT", "MEMREF_PARTIAL_OUTPUT", "MEMREF_PARTIAL_INOUT"};
        for (int i = 0; i < types.length; i++) {
            want.put("const TEEC_" + typeNames[i], types[i]);
        }
        want.put("const TEEC_MEM_INPUT", 0x1L);
        want.put("const TEEC_MEM_OUTPUT", 0x2L);
        Object[][] results = {
            {"TEEC_SUCCESS", 0x00000000L}, {"TEEC_ERROR_STORAGE_NOT_AVAILABLE", 0xF0100003L}, {"TEEC_ERROR_GENERIC", 0xFFFF0000L},
            {"TEEC_ERROR_ACCESS_DENIED", 0xFFFF0001L}, {"TEEC_ERROR_CANCEL", 0xFFFF0002L}, {"TEEC_ERROR_ACCESS_CONFLICT", 0xFFFF0003L},
            {"TEEC_ERROR_EXCESS_DATA", 0xFFFF0004L}, {"TEEC_ERROR_BAD_FORMAT", 0xFFFF0005L}, {"TEEC_ERROR_BAD_PARAMETERS", 0xFFFF0006L},
            {"TEEC_ERROR_BAD_STATE", 0xFFFF0007L}, {"TEEC_ERROR_ITEM_NOT_FOUND", 0xFFFF0008L},
            {"TEEC_ERROR_NOT_IMPLEMENTED", 0xFFFF0009L}, {"TEEC_ERROR_NOT_SUPPORTED", 0xFFFF000AL},
            {"TEEC_ERROR_NO_DATA", 0xFFFF000BL}, {"TEEC_ERROR_OUT_OF_MEMORY", 0xFFFF000CL}, {"TEEC_ERROR_BUSY", 0xFFFF000DL},
            {"TEEC_ERROR_COMMUNICATION", 0xFFFF000EL}, {"TEEC_ERROR_SECURITY", 0xFFFF000FL},
            {"TEEC_ERROR_SHORT_BUFFER", 0xFFFF0010L}, {"TEE_ERROR_EXTERNAL_CANCEL", 0xFFFF0011L},
            {"TEEC_ERROR_EXTERNAL_CANCEL", 0xFFFF0011L}, {"TEE_ERROR_OVERFLOW", 0xFFFF300FL}, {"TEE_ERROR_TARGET_DEAD", 0xFFFF3024L},
            {"TEEC_ERROR_TARGET_DEAD", 0xFFFF3024L}, {"TEE_ERROR_STORAGE_NO_SPACE", 0xFFFF3041L},
            {"TEEC_ERROR_STORAGE_NO_SPACE", 0xFFFF3041L}, {"TEE_ERROR_MAC_INVALID", 0xFFFF3071L},
            {"TEE_ERROR_SIGNATURE_INVALID", 0xFFFF3072L}, {"TEE_ERROR_TIME_NOT_SET", 0xFFFF5000L},
            {"TEE_ERROR_TIME_NEEDS_RESET", 0xFFFF5001L},
            {"TEEC_ORIGIN_API", 1L}, {"TEEC_ORIGIN_COMMS", 2L}, {"TEEC_ORIGIN_TEE", 3L}, {"TEEC_ORIGIN_TRUSTED_APP", 4L},
            {"TEEC_LOGIN_PUBLIC", 0L}, {"TEEC_LOGIN_USER", 1L}, {"TEEC_LOGIN_GROUP", 2L}, {"TEEC_LOGIN_APPLICATION", 4L},
            {"TEEC_LOGIN_USER_APPLICATION", 5L}, {"TEEC_LOGIN_GROUP_APPLICATION", 6L},
        };
        for (Object[] c : results) {
            want.put("const " + c[0], (Long) c[1]);
        }
        // p0 | p1 << 4 | p2 << 8 | p3 << 12, and (p >> 4i) & 0xF
        want.put("const TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_MEMREF_WHOLE, TEEC_MEMREF_PARTIAL_INOUT)", 0xFC61L);
        want.put("const TEEC_PARAM_TYPE_GET(0xFC61, 2)", 0xCL);
        assertEquals(want, seen);
    }

    /** The README's recipe: an OP-TEE host program compiled by hand against the header and the library. */
    @Test
    void aHostProgramBuildsWithGccAgainstTheHeaderAndRuns(@TempDir Path out) throws Exception {
        Path source = Path.of("libteec", "examples", "hello_world.c").toAbsolutePath();
        Path exe = out.resolve("hello_world");
        Run cc = run(Map.of(), "gcc", "-Wall", "-Wextra", "-Werror", "-I", Path.of("libteec", "include").toAbsolutePath().toString(),
                "-I", Path.of("libteec", "examples", "ta").toAbsolutePath().toString(), source.toString(), "-o", exe.toString(),
                "-L", NativeBuild.library().getParent().toString(), "-lteec");
        assertEquals(0, cc.exit(), cc.out() + cc.err());
        Map<String, String> env = new LinkedHashMap<>(socketEnv());
        env.put("LD_LIBRARY_PATH", NativeBuild.library().getParent().toString());
        Run r = run(env, exe.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("Invoking TA to increment 42\nTA incremented value to 43\n", r.out());
    }
}
