package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TaSessionHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The world's half of the native runtime (issue 14 §3, NATIVE-TAS.md §C) against a stand-in host
 * process ({@link FakeTaHost}): frames, parameters through the shared memory, traces, every FAULT
 * kind and an abrupt exit as OP-TEE's dumps and TARGET_DEAD, TA-to-TA both ways, cancellation,
 * heap reports, the session and instance rules, the process's lifetime. The same world side runs
 * the real host in {@code NativeTaTest}.
 */
class NativeRuntimeTest {
    static final TeeUuid MULTI = TeeUuid.parse("f00df00d-0000-0000-0000-000000000001");
    static final TeeUuid SINGLE = TeeUuid.parse("f00df00d-0000-0000-0000-000000000002");
    static final TeeUuid KEPT = TeeUuid.parse("f00df00d-0000-0000-0000-000000000003");
    static final TeeUuid CRASHED = TeeUuid.parse("f00df00d-0000-0000-0000-000000000004");
    static final String JAVA = "f00df00d-0000-0000-0000-00000000000a";
    static final String CALLER = "f00df00d-0000-0000-0000-00000000000b";
    static final int JAVA_CALLS_NATIVE = 20;
    static final int JAVA_CALLS_NATIVE_WITH_TIMEOUT = 21;

    @TempDir
    static Path work;
    static Client c;
    static final List<PanicReport> panics = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path tas = Files.createDirectory(work.resolve("tas"));
        TaFiles files = new TaFiles(work);
        files.ta(tas, "multi.ta", TaFiles.header(MULTI, 0));
        files.ta(tas, "single.ta", TaFiles.header(SINGLE, TaFlags.SINGLE_INSTANCE));
        files.ta(tas, "kept.ta", TaFiles.header(KEPT, TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION | TaFlags.INSTANCE_KEEP_ALIVE));
        files.ta(tas, "crashed.ta", TaFiles.header(CRASHED, TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION
                | TaFlags.INSTANCE_KEEP_ALIVE | TaFlags.INSTANCE_KEEP_CRASHED));
        Path home = FakeTaHost.install(work.resolve("home"));
        TestTa.Control control = new TestTa.Control();
        ScriptTa.Script script = new ScriptTa.Script().on(JAVA_CALLS_NATIVE, (session, params) -> {
            TaSessionHandle h = TeeApi.openTASession(MULTI, TeeApi.TIMEOUT_INFINITE, TaParams.none());
            TaParams p = new TaParams().value(0, ParamType.VALUE_INOUT, params.value(0).a(), 0);
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, FakeTaHost.CMD_INC, p);
            TeeApi.closeTASession(h);
            params.value(0).a(p.a(0));
            return TeeResult.SUCCESS;
        });
        script.on(JAVA_CALLS_NATIVE_WITH_TIMEOUT, (session, params) -> {
            TaSessionHandle h = TeeApi.openTASession(MULTI, TeeApi.TIMEOUT_INFINITE, TaParams.none());
            try {
                TeeApi.invokeTACommand(h, 50, FakeTaHost.CMD_WAIT_CANCEL, TaParams.none());
                params.value(0).a(0);
            } catch (dev.jtee.api.TeeException e) {
                params.value(0).a(e.result().code());
                params.value(0).b(e.origin().value());
            }
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
        List<String> console = new CopyOnWriteArrayList<>();
        c = Client.of(Client.builder(console).nativeHome(home).taDir(tas)
                .ta(() -> new TestTa(TestTa.manifest(JAVA, "java", 0), control))
                .ta(() -> script.newTa(TestTa.manifest(CALLER, "caller", 0))), console);
        c.world.onPanic(panics::add);
    }

    @AfterAll
    static void stop() {
        c.close();
    }

    private static NativeRuntime runtime(int session) {
        return (NativeRuntime) c.world.manager.sessions.get(session).instance.runtime;
    }

    private static CallFrame memrefs(int session, int command, int types, byte[] buffer, int offset, int size) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = command;
        f.paramTypes = types;
        f.buffer[0] = buffer;
        f.offset[0] = offset;
        f.size[0] = size;
        c.world.invokeCommand(f);
        return f;
    }

    private static void bystandersLive() {
        int j = c.openOk(JAVA);
        CallFrame f = c.invoke(j, TestTa.CMD_INC, 1);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(2, f.valueA[0]);
        Client.assertResult(TeeResult.SUCCESS, Origin.TEE, c.close(j));
        int n = c.openOk(MULTI.toString());
        f = c.invoke(n, FakeTaHost.CMD_INC, 1);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(2, f.valueA[0]);
        c.close(n);
    }

    @Test
    void valuesAndMemrefsGoThroughTheSharedMemoryWithTheReportedSizes() {
        int s = c.openOk(MULTI.toString());
        CallFrame f = c.invoke(s, FakeTaHost.CMD_INC, 41);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(42, f.valueA[0]);

        // an INOUT window inside a larger buffer: only the window changes
        byte[] buf = "..abcdef..".getBytes(StandardCharsets.US_ASCII);
        int inout = ParamTypes.pack(ParamType.MEMREF_INOUT, ParamType.VALUE_OUTPUT, ParamType.NONE, ParamType.NONE);
        f = memrefs(s, FakeTaHost.CMD_REVERSE, inout, buf, 2, 6);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals("..fedcba..", new String(buf, StandardCharsets.US_ASCII));
        assertEquals(6, f.size[0]);

        // a memref larger than the shared memory so far: the file grows and the host is told its size
        byte[] big = new byte[300_000];
        big[0] = 1;
        f = memrefs(s, FakeTaHost.CMD_REVERSE, inout, big, 0, big.length);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(1, big[big.length - 1]);
        assertTrue(Integer.toUnsignedLong(f.valueA[1]) >= big.length, "shm size the host saw: " + f.valueA[1]);

        int out = ParamTypes.pack(ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        byte[] text = new byte[16];
        f = memrefs(s, FakeTaHost.CMD_HELLO, out, text, 0, 16);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(10, f.size[0]);
        assertEquals("hello fake", new String(text, 0, 10, StandardCharsets.US_ASCII));
        byte[] small = new byte[4];
        f = memrefs(s, FakeTaHost.CMD_HELLO, out, small, 0, 4);
        Client.assertResult(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, f);
        assertEquals(10, f.size[0], "the size the TA needs");
        assertArrayEquals(new byte[4], small, "nothing copied back into a buffer too small");

        // a malformed memref never reaches the host
        f = memrefs(s, FakeTaHost.CMD_HELLO, out, small, 2, 4);
        Client.assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, f);
        Client.assertResult(TeeResult.SUCCESS, Origin.TEE, c.close(s));
    }

    @Test
    void anInterruptedCallerStillGetsItsAnswerAndKeepsItsInterrupt() {
        int s = c.openOk(MULTI.toString());
        Thread.currentThread().interrupt();
        CallFrame f;
        try {
            f = c.invoke(s, FakeTaHost.CMD_INC, 1);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is the caller's again");
        }
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(3, c.invoke(s, FakeTaHost.CMD_INC, 2).valueA[0], "the channel survived the interrupt");
        c.close(s);
    }

    @Test
    void traceLinesAndHostOutputReachTheConsole() {
        int s = c.openOk(MULTI.toString());
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, FakeTaHost.CMD_TRACE, 7));
        assertTrue(c.console.contains("I/TA: multi: traced 7"), c.consoleText());
        assertTrue(c.console.contains("fake host up for " + MULTI), "the host's stdout/stderr: " + c.consoleText());
        c.close(s);
    }

    private static CallFrame fault(int session, int kind, int arg) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = FakeTaHost.CMD_FAULT;
        f.paramTypes = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        f.valueA[0] = kind;
        f.valueB[0] = arg;
        c.world.invokeCommand(f);
        return f;
    }

    private static List<String> dumpSince(int from) {
        return List.copyOf(c.console.subList(from, c.console.size()));
    }

    @Test
    void aPanicIsOpTeesDumpWithTheHostsRegionsAndFramesAndKillsOnlyThatInstance() {
        int s = c.openOk(MULTI.toString());
        int from = c.console.size();
        int before = panics.size();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, fault(s, NativeRuntime.FAULT_PANIC, 0xbeef));
        List<String> dump = dumpSince(from);
        String text = String.join("\n", dump);
        assertTrue(dump.contains("E/TC:? 0 TA panicked with code 0x0000beef"), text);
        assertTrue(dump.contains("E/LD:  Status of TA " + MULTI), text);
        assertTrue(dump.contains("E/LD:  region  0: va 0x7f0000000000 pa 0x00000000 size 0x002000 flags r-xs [0] code"), text);
        assertTrue(dump.contains("E/LD:  region  2: va 0x7f0000020000 pa 0x00000000 size 0x002000 flags rw-s (stack)"), text);
        assertTrue(dump.contains("E/LD:  Call stack:"), text);
        assertTrue(dump.contains("E/LD:   0x00007f0000001000 smash+0x1c"), text);
        assertEquals(0xbeef, panics.get(before).code());
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, FakeTaHost.CMD_INC, 1));
        Client.assertResult(TeeResult.SUCCESS, Origin.TEE, c.close(s));
        bystandersLive();
    }

    @Test
    void aSmashedCanaryIsStackSmashingDetectedAndOverflow() {
        int s = c.openOk(MULTI.toString());
        int from = c.console.size();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, fault(s, NativeRuntime.FAULT_STACK_SMASHING, 0));
        List<String> dump = dumpSince(from);
        assertTrue(dump.contains("E/TA:  stack smashing detected"), String.join("\n", dump));
        assertTrue(dump.contains("E/TC:? 0 TA panicked with code 0xffff300f"), String.join("\n", dump));
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, FakeTaHost.CMD_INC, 1));
        c.close(s);
        bystandersLive();
    }

    @Test
    void aDataAbortNamesTheAddress() {
        int s = c.openOk(MULTI.toString());
        int from = c.console.size();
        int before = panics.size();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, fault(s, NativeRuntime.FAULT_DATA_ABORT, 0x10));
        List<String> dump = dumpSince(from);
        assertTrue(dump.contains("E/TC:? 0 User mode data-abort at address 0x00000010"), String.join("\n", dump));
        assertEquals(0xdeadbeef, panics.get(before).code());
        assertEquals(0x10, panics.get(before).abortAddress());
        c.close(s);
        bystandersLive();
    }

    @Test
    void aHostThatEndsWithoutAWordIsTheInstancesDeathWithItsExitCode() {
        int s = c.openOk(MULTI.toString());
        long pid = runtime(s).pid();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, FakeTaHost.CMD_EXIT, 3));
        assertTrue(c.console.contains("E/TC:? 0 TA " + MULTI + " (multi): its TA host process " + pid + " exited with code 3"),
                c.consoleText());
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, FakeTaHost.CMD_INC, 1));
        c.close(s);
        bystandersLive();
    }

    @Test
    void aKilledHostIsTheInstancesDeathNamingTheSignal() throws Exception {
        int s = c.openOk(MULTI.toString());
        long pid = runtime(s).pid();
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.destroyForcibly();
        h.onExit().get(10, TimeUnit.SECONDS);
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, FakeTaHost.CMD_INC, 1));
        assertTrue(c.console.contains("E/TC:? 0 TA " + MULTI + " (multi): its TA host process " + pid
                + " was killed by signal 9 (SIGKILL)"), c.consoleText());
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, FakeTaHost.CMD_INC, 1));
        c.close(s);
        bystandersLive();
    }

    @Test
    void aHostThatAbortsIsTheInstancesDeathNamingSigabrt() {
        int s = c.openOk(MULTI.toString());
        long pid = runtime(s).pid();
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, FakeTaHost.CMD_SIGNAL, 6));
        assertTrue(c.console.contains("E/TC:? 0 TA " + MULTI + " (multi): its TA host process " + pid
                + " was killed by signal 6 (SIGABRT)"), c.consoleText());
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, FakeTaHost.CMD_INC, 1));
        c.close(s);
        bystandersLive();
    }

    @Test
    void aNativeTaCallsAJavaTaAndAJavaTaCallsANativeOne() {
        int s = c.openOk(MULTI.toString());
        CallFrame f = new CallFrame();
        f.session = s;
        f.command = FakeTaHost.CMD_TA2TA;
        f.paramTypes = ParamTypes.pack(ParamType.MEMREF_INPUT, ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE);
        f.buffer[0] = TeeUuid.parse(JAVA).toStruct();
        f.size[0] = 16;
        f.valueA[1] = 5;
        c.world.invokeCommand(f);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(6, f.valueA[1], "the Java TA's INC through the native TA");
        // a TA it cannot open: the open's own answer comes back to the TA
        f.buffer[0] = TeeUuid.parse("f00df00d-0000-0000-0000-0000000000ff").toStruct();
        c.world.invokeCommand(f);
        Client.assertResult(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, f);
        assertEquals(Origin.TEE.value(), f.valueA[1], "the origin the TA saw");
        c.close(s);

        int j = c.openOk(CALLER);
        f = c.invoke(j, JAVA_CALLS_NATIVE, 10);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(11, f.valueA[0], "the native TA's INC through the Java TA");
        c.close(j);
        assertEquals(0, c.world.manager.sessions.snapshot().stream().filter(x -> x.owner != null).count(),
                "every TA-to-TA session closed");
    }

    @Test
    void aCancellationReachesTheEntryInTheHost() throws Exception {
        int s = c.openOk(MULTI.toString());
        NativeRuntime rt = runtime(s);
        CallFrame f = new CallFrame();
        f.session = s;
        f.command = FakeTaHost.CMD_WAIT_CANCEL;
        f.cancelId = 77;
        CompletableFuture<Void> call = CompletableFuture.runAsync(() -> c.world.invokeCommand(f));
        Client.awaitBounded(rt::inEntry);
        assertTrue(rt.inEntry(), "the entry started");
        c.world.requestCancellation(s, 77);
        call.get(10, TimeUnit.SECONDS);
        Client.assertResult(TeeResult.CANCEL, Origin.TRUSTED_APP, f);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, FakeTaHost.CMD_INC, 1));
        c.close(s);
    }

    @Test
    void aTaToTaCancellationTimeoutCancelsTheNativeEntry() {
        int j = c.openOk(CALLER);
        CallFrame f = c.invoke(j, JAVA_CALLS_NATIVE_WITH_TIMEOUT, 0);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        assertEquals(TeeResult.CANCEL.code(), f.valueA[0], "TEE_InvokeTACommand's result after its 50 ms timeout");
        assertEquals(Origin.TRUSTED_APP.value(), f.valueB[0]);
        c.close(j);
    }

    @Test
    void theHostsHeapReportIsTheInstancesHeapForStatsAndFlowControl() {
        int s = c.openOk(MULTI.toString());
        CallFrame f = new CallFrame();
        f.session = s;
        f.command = FakeTaHost.CMD_HEAP;
        f.paramTypes = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        f.valueA[0] = 4096;
        f.valueB[0] = 3;
        c.world.invokeCommand(f);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        Instance inst = c.world.manager.sessions.get(s).instance;
        long serial = inst.serial;
        HeapStats heap = inst.heapStats();
        assertTrue(c.world.instances().stream().anyMatch(i -> i.uuid().equals(MULTI) && i.heap().used() == 4096),
                "listed by the world");
        assertEquals(32 * 1024, heap.size());
        assertEquals(4096, heap.used());
        assertEquals(4096, heap.peakUsed());
        assertEquals(3, heap.liveBlocks());
        long free = 32 * 1024 - 4096;
        assertEquals(free * free, heap.free2Sum());

        // the stats pseudo-TA's record of this instance, as xtest --stats --ta reads it
        int pta = c.openOk("d96a5b40-e2c7-b1af-8794-1002a5d5c61b");
        byte[] out = new byte[64 << 10];
        CallFrame st = memrefs(pta, StatsPta.CMD_TA_STATS,
                ParamTypes.pack(ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE), out, 0, out.length);
        Client.assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, st);
        ByteBuffer b = ByteBuffer.wrap(out, 0, (int) st.size[0]).order(ByteOrder.nativeOrder());
        boolean found = false;
        while (b.remaining() >= StatsPta.TA_SIZE) {
            int at = b.position();
            TeeUuid u = TeeUuid.readStruct(b);
            int panicked = b.getInt();
            int sessions = b.getInt();
            b.position(b.position() + 32 + 8);
            int allocated = b.getInt();
            if (u.equals(MULTI) && panicked == 0 && sessions == 1 && allocated == 4096) {
                found = true;
            }
            b.position(at + StatsPta.TA_SIZE);
        }
        assertTrue(found, "a record with 4096 bytes allocated for instance " + serial);
        c.close(pta);
        c.close(s);
    }

    @Test
    void aKeptCrashedNativeTaStaysDeadForEveryOpen() {
        int s = c.openOk(CRASHED.toString());
        int other = c.openOk(CRASHED.toString());
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, fault(s, NativeRuntime.FAULT_PANIC, 1));
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(other, FakeTaHost.CMD_INC, 1));
        c.close(s);
        c.close(other);
        // optee-gp-facts §4: SINGLE_INSTANCE|KEEP_ALIVE|INSTANCE_KEEP_CRASHED keeps the dead context
        Client.assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.open(CRASHED.toString()));
        bystandersLive();
    }

    @Test
    void aProfileOfANativeTaMeasuresItsStackAndHeapInOneRun() {
        Workload w = Workload.builder().open().invoke(FakeTaHost.CMD_HEAP, 2, Param.valueIn(4096, 2)).invoke(FakeTaHost.CMD_INC, Param.valueInOut(1, 0))
                .close().build();
        TaProfile p = TaProfiler.of(c.world, MULTI.toString()).workload(w).profile();
        assertEquals(1, p.runs());
        assertTrue(p.callsSucceeded(), p.report());
        assertEquals(1234, p.stack().needed(), "the host's painted high-water mark");
        assertEquals(2048, p.stack().declared());
        assertTrue(p.stack().declaredSuffices());
        assertEquals(4096, p.heap().peakUsed());
        assertEquals(2, p.heap().leaks().size(), "blocks left at destroy: " + p.report());
        assertEquals(4096, p.heap().leakedBytes());
        // the host's allocation and free counts: the two blocks, never freed (a leak, not churn)
        assertEquals(2, p.heap().allocations(), p.report());
        assertEquals(0, p.heap().frees(), p.report());
        assertEquals(2, p.command(FakeTaHost.CMD_HEAP).allocations(), p.report());
        assertTrue(p.report().contains("needed (measured)            1234"), p.report());
    }

    @Test
    void instanceRulesAreTheManagersForNativeTasToo() {
        // multi-instance: a process per session
        int a = c.openOk(MULTI.toString());
        int b = c.openOk(MULTI.toString());
        assertNotEquals(runtime(a).pid(), runtime(b).pid());
        c.close(a);
        c.close(b);
        // single-instance, single-session: the second open is BUSY
        int s = c.openOk(SINGLE.toString());
        Client.assertResult(TeeResult.BUSY, Origin.TEE, c.open(SINGLE.toString()));
        long pid = runtime(s).pid();
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        c.close(s);
        // destroyed with its last session: the host exits after DESTROY
        assertFalse(h.onExit().orTimeout(10, TimeUnit.SECONDS).join().isAlive());
        // keep-alive: the process outlives its sessions
        int k = c.openOk(KEPT.toString());
        long kept = runtime(k).pid();
        c.close(k);
        int k2 = c.openOk(KEPT.toString());
        assertEquals(kept, runtime(k2).pid());
        c.close(k2);
    }
}
