package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.core.profile.Param;
import dev.jtee.core.profile.TaProfile;
import dev.jtee.core.profile.Workload;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Native TAs end to end (issue 14 §3): the project's C TAs built by the TA dev kit, run by the real
 * TA host ({@code $jtee.native.home}: ta-native/target/native), through the world. hello_world and
 * random with optee_examples' commands, the crash TA's every fault kind with Java and native
 * bystanders unharmed and OP-TEE's dumps, properties across the CREATE frame, cancellation of a
 * TEE_Wait, heap telemetry, TA-to-TA both ways, a profile.
 */
class NativeTaTest {
    static final String HELLO = "8aaaf200-2450-11e4-abe2-0002a5d5c51b";
    static final String RANDOM = "b6c53aba-9669-4668-a7f2-205629d00f86";
    static final String CRASH = "c2a5ba5e-0e57-4a11-9c3d-0b5ab0e1d1e5";
    static final String SEED = "5eed7a00-0c1d-4f3e-9a0b-2e0f7ee0c0df";
    /** The TA host's own test TA (ta-native/host/test): its TA2TA command calls {@link #CALLEE}. */
    static final String HOST_TEST = "11223344-1234-5678-0102-030405060708";
    static final String CALLEE = "00ca11ee-0001-0002-0102-030405060708";
    static final String JAVA = "f00df00d-0000-0000-0000-0000000000aa";
    static final String CALLER = "f00df00d-0000-0000-0000-0000000000bb";

    // crash TA commands (ta-native/ta/crash/include/crash_ta.h)
    static final int CRASH_PANIC = 0;
    static final int CRASH_NULL_WRITE = 1;
    static final int CRASH_WILD_READ = 2;
    static final int CRASH_WRITE_INPUT = 3;
    static final int CRASH_RECURSE = 4;
    static final int CRASH_OVERRUN = 5;
    static final int CRASH_WAIT = 7;
    static final int CRASH_PROPERTIES = 8;
    static final int CRASH_HEAP_STRESS = 10;
    // the host's test TA
    static final int HOST_TEST_TA2TA = 15;
    static final int HOST_TEST_TRACE = 18;
    static final int HOST_TEST_ABORT = 20;
    static final int JAVA_CALLS_NATIVE = 30;

    @TempDir
    static Path work;
    static Client c;
    static final List<PanicReport> panics = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty(NativeRuntime.HOME_PROPERTY));
        Path extra = Files.createDirectory(work.resolve("extra"));
        Files.copy(home.resolve("host-test").resolve("test13.ta"), extra.resolve("host-test.ta"));
        TestTa.Control control = new TestTa.Control();
        // the callee of the host test TA's TA2TA: open gives p0.a 7; command 9 adds, upper-cases, says SHORT_BUFFER with 6
        ScriptTa.Script callee = new ScriptTa.Script().on(9, (session, p) -> {
            p.value(0).a(p.value(0).a() + p.value(0).b());
            byte[] text = new byte[p.memref(1).size()];
            p.memref(1).read(0, text, 0, text.length);
            byte[] up = new String(text, StandardCharsets.US_ASCII).toUpperCase().getBytes(StandardCharsets.US_ASCII);
            p.memref(1).write(0, up, 0, up.length);
            p.memref(2).size(6);
            return TeeResult.SHORT_BUFFER;
        });
        ScriptTa.Script caller = new ScriptTa.Script().on(JAVA_CALLS_NATIVE, (session, params) -> {
            TaSessionHandle h = TeeApi.openTASession(TeeUuid.parse(HELLO), TeeApi.TIMEOUT_INFINITE, TaParams.none());
            TaParams p = new TaParams().value(0, ParamType.VALUE_INOUT, params.value(0).a(), 0);
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, 0, p);
            TeeApi.closeTASession(h);
            params.value(0).a(p.a(0));
            return TeeResult.SUCCESS;
        });
        List<String> console = new CopyOnWriteArrayList<>();
        c = Client.of(Client.builder(console).taDir(home.resolve("ta")).taDir(extra)
                // a built-in hello_world the C one replaces
                .ta(() -> new TestTa(TestTa.manifest(HELLO, "hello_world", 0), control))
                .ta(() -> new TestTa(TestTa.manifest(JAVA, "java", 0), control))
                .ta(() -> new ScriptTa(TestTa.manifest(CALLEE, "callee", 0), callee.control, callee.bodies, callee.failure) {
                    @Override
                    public TeeResult openSession(dev.jtee.ta.Params params, dev.jtee.ta.TaSession session) {
                        params.value(0).a(7);
                        return TeeResult.SUCCESS;
                    }
                })
                .ta(() -> caller.newTa(TestTa.manifest(CALLER, "caller", 0))), console);
        c.world.onPanic(panics::add);
        assertEquals(List.of(), c.world.refusedTas(), c.consoleText());
    }

    @AfterAll
    static void stop() {
        c.close();
    }

    private static NativeRuntime runtime(int session) {
        return (NativeRuntime) c.world.manager.sessions.get(session).instance.runtime;
    }

    private static CallFrame call(int session, int command, int types) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = command;
        f.paramTypes = types;
        return f;
    }

    private static CallFrame run(CallFrame f) {
        c.world.invokeCommand(f);
        return f;
    }

    private static CallFrame valueIn(int session, int command, int a, int b) {
        CallFrame f = call(session, command, ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE));
        f.valueA[0] = a;
        f.valueB[0] = b;
        return run(f);
    }

    /** A Java TA and a native TA that did nothing wrong still answer, and new sessions open. */
    private static void bystandersLive() {
        int j = c.openOk(JAVA);
        CallFrame f = c.invoke(j, TestTa.CMD_INC, 1);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(2, f.valueA[0]);
        c.close(j);
        int h = c.openOk(HELLO);
        f = c.invoke(h, 0, 41);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(42, f.valueA[0]);
        c.close(h);
    }

    private static List<String> since(int from) {
        return List.copyOf(c.console.subList(from, c.console.size()));
    }

    private static boolean has(List<String> lines, String regex) {
        Pattern p = Pattern.compile(regex);
        return lines.stream().anyMatch(l -> p.matcher(l).find());
    }

    @Test
    void theCHelloWorldReplacesTheBuiltInAndCountsAsOpTeesDoes() {
        assertTrue(c.world.isNativeTa(TeeUuid.parse(HELLO)));
        assertTrue(c.consoleHas("^I/TC: Native TA .*/" + HELLO + "\\.ta replaces the built-in TA hello_world \\(" + HELLO + "\\)$"),
                c.consoleText());
        int s = c.openOk(HELLO);
        CallFrame f = c.invoke(s, 0, 42);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(43, f.valueA[0]);
        f = c.invoke(s, 1, 43);
        assertEquals(42, f.valueA[0]);
        f = c.invoke(s, 0, 0xFFFFFFFF);
        assertEquals(0, f.valueA[0], "a u32 wraps");
        Client.assertResult(TeeResult.BAD_PARAMETERS, Origin.TRUSTED_APP, c.invoke(s, 2, 1));
        Client.assertResult(TeeResult.BAD_PARAMETERS, Origin.TRUSTED_APP, valueIn(s, 0, 1, 0));
        Client.assertResult(TeeResult.SUCCESS, Origin.TEE, c.close(s));
    }

    @Test
    void randomFillsAnOutputMemref() {
        int s = c.openOk(RANDOM);
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        for (byte[] buf : List.of(a, b)) {
            CallFrame f = call(s, 0, ParamTypes.pack(ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE));
            f.buffer[0] = buf;
            f.size[0] = buf.length;
            Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, run(f));
            assertEquals(64, f.size[0]);
        }
        assertFalse(Arrays.equals(a, b), "two draws differ");
        assertFalse(Arrays.equals(a, new byte[64]), "not zeros");
        c.close(s);
    }

    @Test
    void propertiesReachTheTaThroughCreate() {
        int s = c.openOk(CRASH);
        byte[] out = new byte[128];
        CallFrame f = call(s, CRASH_PROPERTIES, ParamTypes.pack(ParamType.MEMREF_OUTPUT, ParamType.VALUE_OUTPUT, ParamType.NONE, ParamType.NONE));
        f.buffer[0] = out;
        f.size[0] = out.length;
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, run(f));
        assertEquals("jtee's crash TA: panics, bad accesses, overruns, waits, properties|crash-ta",
                new String(out, 0, (int) f.size[0], StandardCharsets.UTF_8));
        assertEquals(2048, f.valueA[1], "gpd.ta.stackSize");
        assertEquals(0x2a, f.valueB[1], "the extension property org.jtee.crash.u32");
        c.close(s);
    }

    @Test
    void aTeePanicIsOpTeesDumpAndTargetDeadThenAndLater() {
        int s = c.openOk(CRASH);
        int from = c.console.size();
        int before = panics.size();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, valueIn(s, CRASH_PANIC, 0xbeef, 0));
        List<String> dump = since(from);
        String text = String.join("\n", dump);
        assertTrue(dump.contains("E/TC:? 0 TA panicked with code 0x0000beef"), text);
        assertTrue(dump.contains("E/LD:  Status of TA " + CRASH), text);
        assertTrue(has(dump, "^E/LD:  region +\\d+: va 0x[0-9a-f]+ pa 0x00000000 size 0x[0-9a-f]+ flags r-x"), "a code region: " + text);
        assertTrue(has(dump, "\\(stack\\)$"), "the stack region: " + text);
        assertTrue(dump.contains("E/LD:  Call stack:"), text);
        assertTrue(has(dump, "^E/LD:   0x[0-9a-f]{16} TA_InvokeCommandEntryPoint\\+0x"), "the TA's frame, symbolised: " + text);
        assertEquals(0xbeef, panics.get(before).code());
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, CRASH_PANIC, 1));
        Client.assertResult(TeeResult.SUCCESS, Origin.TEE, c.close(s));
        bystandersLive();
    }

    @Test
    void aSmashedCanaryIsStackSmashingDetectedAndOverflow() {
        int s = c.openOk(CRASH);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, valueIn(s, CRASH_OVERRUN, 16, 0));
        int from = c.console.size();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, valueIn(s, CRASH_OVERRUN, 64, 0));
        List<String> dump = since(from);
        String text = String.join("\n", dump);
        assertTrue(dump.contains("E/TA:  stack smashing detected"), text);
        assertTrue(dump.contains("E/TC:? 0 TA panicked with code 0xffff300f"), text);
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, valueIn(s, CRASH_OVERRUN, 1, 0));
        c.close(s);
        bystandersLive();
    }

    @ParameterizedTest
    @ValueSource(ints = {CRASH_NULL_WRITE, CRASH_WILD_READ})
    void aBadPointerIsADataAbortAtItsAddress(int command) {
        int s = c.openOk(CRASH);
        int from = c.console.size();
        int before = panics.size();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, command));
        long address = command == CRASH_NULL_WRITE ? 0 : 0x10000;
        List<String> dump = since(from);
        assertTrue(dump.contains(String.format("E/TC:? 0 User mode data-abort at address 0x%08x", address)), String.join("\n", dump));
        assertEquals(0xdeadbeef, panics.get(before).code());
        assertEquals(address, panics.get(before).abortAddress());
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, command));
        c.close(s);
        bystandersLive();
    }

    @Test
    void aWriteToAnInputMemrefIsADataAbortAndTheClientsBytesStay() {
        int s = c.openOk(CRASH);
        byte[] in = "input".getBytes(StandardCharsets.US_ASCII);
        CallFrame f = call(s, CRASH_WRITE_INPUT, ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE));
        f.buffer[0] = in;
        f.size[0] = in.length;
        int from = c.console.size();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, run(f));
        assertTrue(has(since(from), "^E/TC:\\? 0 User mode data-abort at address 0x[0-9a-f]+"), String.join("\n", since(from)));
        assertArrayEquals("input".getBytes(StandardCharsets.US_ASCII), in);
        c.close(s);
        bystandersLive();
    }

    @Test
    void endlessRecursionIsADataAbortAtTheStackGuard() {
        int s = c.openOk(CRASH);
        int from = c.console.size();
        int before = panics.size();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, CRASH_RECURSE));
        List<String> dump = since(from);
        String text = String.join("\n", dump);
        assertTrue(has(dump, "^E/TC:\\? 0 User mode data-abort at address 0x[0-9a-f]+"), text);
        long at = panics.get(before).abortAddress();
        // the guard page lies just below the stack region of the dump
        java.util.regex.Matcher m = Pattern.compile("region +\\d+: va 0x([0-9a-f]+) pa 0x[0-9a-f]+ size 0x([0-9a-f]+) flags \\S+ \\(stack\\)")
                .matcher(text);
        assertTrue(m.find(), text);
        long stackVa = Long.parseUnsignedLong(m.group(1), 16);
        long stackSize = Long.parseUnsignedLong(m.group(2), 16);
        assertEquals(2048 + 2048, stackSize, "TA_STACK_SIZE + 2 KiB, exactly");
        assertTrue(has(dump, "^E/LD:   0x[0-9a-f]{16} recurse_forever\\+0x[0-9a-f]+$"), text);
        assertTrue(has(dump, "^E/LD:   \\.\\.\\. previous frame repeated \\d+ more times$"), "the recursion in one line: " + text);
        assertTrue(at < stackVa && at >= stackVa - 4096, String.format("abort at 0x%x, stack at 0x%x", at, stackVa));
        c.close(s);
        bystandersLive();
    }

    @Test
    void aKilledHostProcessIsTargetDeadNamingTheSignal() throws Exception {
        int s = c.openOk(CRASH);
        long pid = runtime(s).pid();
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.destroyForcibly();
        h.onExit().get(10, TimeUnit.SECONDS);
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, valueIn(s, CRASH_PANIC, 1, 0));
        assertTrue(c.consoleHas("its TA host process " + pid + " was killed by signal 9 \\(SIGKILL\\)$"), c.consoleText());
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, valueIn(s, CRASH_PANIC, 1, 0));
        c.close(s);
        bystandersLive();
    }

    @Test
    void aHostKilledWhileIdleKillsItsInstanceAtOnce() throws Exception {
        TeeUuid crash = TeeUuid.parse(CRASH);
        int bystander = c.openOk(HELLO); // a native instance of its own, open throughout
        int s = c.openOk(CRASH);
        Instance inst = c.world.manager.sessions.get(s).instance;
        long pid = runtime(s).pid();
        java.util.concurrent.CompletableFuture<PanicReport> death = new java.util.concurrent.CompletableFuture<>();
        c.world.onPanic(r -> {
            if (r.uuid().equals(crash)) {
                death.complete(r);
            }
        });
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        // no call runs: the world notices the host's end by itself, within a bounded time
        PanicReport r = death.get(10, TimeUnit.SECONDS);
        assertEquals(Instance.ABORT_PANIC_CODE, r.code());
        // The listeners hear of the death just before the dying thread marks the instance dead (so
        // that no caller sees TARGET_DEAD before the console has the dump): wait for that, bounded.
        Client.awaitBounded(() -> inst.dead);
        assertTrue(inst.dead, "the instance died before any call reached it");
        assertTrue(c.consoleHas("its TA host process " + pid + " was killed by signal 9 \\(SIGKILL\\)$"), c.consoleText());
        assertEquals(1, statsPanicked(crash, inst), "the stats pseudo-TA's panicked flag");
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, valueIn(s, CRASH_PANIC, 1, 0));
        c.close(s);
        // the bystander's instance and host live on
        CallFrame f = c.invoke(bystander, 0, 41);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(42, f.valueA[0]);
        c.close(bystander);
        bystandersLive();
    }

    /** The stats pseudo-TA's {@code panicked} of the instance's record (sessions still counted), or -1 when not listed. */
    private static int statsPanicked(TeeUuid uuid, Instance inst) {
        int pta = c.openOk("d96a5b40-e2c7-b1af-8794-1002a5d5c61b");
        byte[] out = new byte[64 << 10];
        CallFrame f = call(pta, StatsPta.CMD_TA_STATS, ParamTypes.pack(ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE));
        f.buffer[0] = out;
        f.size[0] = out.length;
        run(f);
        c.close(pta);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out, 0, (int) f.size[0]).order(java.nio.ByteOrder.nativeOrder());
        int panicked = -1;
        while (b.remaining() >= StatsPta.TA_SIZE) {
            int at = b.position();
            TeeUuid u = TeeUuid.readStruct(b);
            int p = b.getInt();
            if (u.equals(uuid)) {
                panicked = Math.max(panicked, p);
            }
            b.position(at + StatsPta.TA_SIZE);
        }
        return panicked;
    }

    @Test
    void abortIsTargetDead() {
        int s = c.openOk(HOST_TEST);
        long pid = runtime(s).pid();
        int from = c.console.size();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, HOST_TEST_ABORT));
        assertTrue(since(from).contains("E/TC:? 0 TA " + HOST_TEST + " (host-test): its TA host process " + pid
                + " was killed by signal 6 (SIGABRT)"), String.join("\n", since(from)));
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, HOST_TEST_ABORT));
        c.close(s);
        bystandersLive();
    }

    @Test
    void traceLinesReachTheConsoleWithTheTasName() {
        int s = c.openOk(HOST_TEST);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, HOST_TEST_TRACE));
        assertTrue(c.console.contains("I/TA: host-test: hello from the test TA"), c.consoleText());
        c.close(s);
    }

    @Test
    void aNativeTaCallsAJavaTaWithValuesAndMemrefs() {
        int s = c.openOk(HOST_TEST);
        byte[] text = new byte[6];
        CallFrame f = call(s, HOST_TEST_TA2TA, ParamTypes.pack(ParamType.VALUE_OUTPUT, ParamType.VALUE_OUTPUT, ParamType.MEMREF_OUTPUT, ParamType.NONE));
        f.buffer[2] = text;
        f.size[2] = text.length;
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, run(f));
        assertEquals(7, f.valueA[0], "the Java callee's open answered through VALUE_OUTPUT");
        assertEquals(42, f.valueB[0], "20 + 22, VALUE_INOUT back");
        assertEquals(TeeResult.SHORT_BUFFER.code(), f.valueA[1], "the callee's own result, origin TA");
        assertEquals(6, f.valueB[1], "the size the callee asked for");
        assertEquals("ABCDEF", new String(text, StandardCharsets.US_ASCII), "the MEMREF_INOUT the callee wrote");
        c.close(s);
    }

    @Test
    void aJavaTaCallsANativeTa() {
        int j = c.openOk(CALLER);
        CallFrame f = c.invoke(j, JAVA_CALLS_NATIVE, 99);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(100, f.valueA[0], "the C hello_world's INC through a Java TA");
        c.close(j);
    }

    @Test
    void aCancellationEndsATeeWaitInTheHost() throws Exception {
        int s = c.openOk(CRASH);
        NativeRuntime rt = runtime(s);
        CallFrame f = call(s, CRASH_WAIT, ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE));
        f.valueA[0] = 60_000;
        f.valueB[0] = 1; // unmask first
        f.cancelId = 5;
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> c.world.invokeCommand(f));
        Client.awaitBounded(rt::inEntry);
        c.world.requestCancellation(s, 5);
        call.get(20, TimeUnit.SECONDS);
        Client.assertResult(TeeResult.CANCEL, Origin.TRUSTED_APP, f);
        // a short wait masked: ends by time
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, valueIn(s, CRASH_WAIT, 1, 0));
        c.close(s);
    }

    @Test
    void theHeapOfANativeInstanceIsInTheWorldsStats() {
        int s = c.openOk(CRASH);
        CallFrame f = call(s, CRASH_HEAP_STRESS, ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.VALUE_OUTPUT, ParamType.NONE, ParamType.NONE));
        f.valueA[0] = 200;
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, run(f));
        long heldPeak = Integer.toUnsignedLong(f.valueA[1]);
        HeapStats h = c.world.manager.sessions.get(s).instance.heapStats();
        assertNotNull(h);
        assertEquals(32 * 1024, h.size());
        assertTrue(h.peakUsed() >= heldPeak, "the host's max_allocated " + h.peakUsed() + " covers the TA's own count " + heldPeak);
        assertEquals(0, h.used(), "everything freed again");
        assertEquals(f.valueB[1], h.failures(), "failed allocations as the TA counted them");
        c.close(s);
    }

    @Test
    void aProfileMeasuresTheStackAndHeapOfANativeTa() {
        Workload w = Workload.builder().open().invoke(CRASH_HEAP_STRESS, 3, Param.valueIn(100, 0), Param.valueOut()).close().build();
        TaProfile p = TaProfiler.of(c.world, CRASH).workload(w).profile();
        assertTrue(p.callsSucceeded(), p.report());
        assertTrue(p.stack().needed() > 0 && p.stack().needed() <= 4096, p.report());
        assertTrue(p.heap().peakUsed() > 0, p.report());
        assertTrue(p.report().contains("needed (measured)"), p.report());
    }
}
