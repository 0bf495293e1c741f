package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reference facts §4: panics, aborts and stack overflows kill only their instance, with OP-TEE's dump. */
class PanicTest {
    static final String MULTI = "33333333-0000-0000-0000-000000000001";
    static final String SINGLE = "33333333-0000-0000-0000-000000000002";
    static final String KEEP_ALIVE = "33333333-0000-0000-0000-000000000003";
    static final String KEEP_CRASHED = "33333333-0000-0000-0000-000000000004";
    static final String SWALLOW = "33333333-0000-0000-0000-000000000005";

    static final Pattern PANIC_LINE = Pattern.compile("^E/TC:\\? 0 TA panicked with code 0x[0-9a-f]{8}$");
    static final Pattern ABORT_LINE = Pattern.compile(
            "^E/TC:\\? 0 User mode data-abort at address 0x[0-9a-f]{8} \\([a-z -]+\\)$");
    static final Pattern REGION_LINE = Pattern.compile(
            "^E/LD:  region +\\d+: va 0x[0-9a-f]{8} pa 0x[0-9a-f]{8} size 0x[0-9a-f]{6,} flags [r-][w-][x-][s-]( \\[0\\]| \\(stack\\)| \\(param\\))?$");
    static final Pattern FRAME_LINE = Pattern.compile("^E/LD:   0x[0-9a-f]{8} [\\w$]+\\.[\\w$<>]+\\([\\w.]+(:\\d+)?\\)$");

    final TestTa.Control multi = new TestTa.Control();
    final TestTa.Control single = new TestTa.Control();
    final TestTa.Control keepAlive = new TestTa.Control();
    final TestTa.Control keepCrashed = new TestTa.Control();
    final TestTa.Control swallow = new TestTa.Control();
    final List<PanicReport> reports = new CopyOnWriteArrayList<>();
    final ExecutorService pool = Executors.newCachedThreadPool();
    Client c;

    void start() {
        c = Client.start(b -> b.threads(4)
                .ta(() -> new TestTa(TestTa.manifest(MULTI, "multi", 0), multi))
                .ta(() -> new TestTa(TestTa.manifest(SINGLE, "single", TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION), single))
                .ta(() -> new TestTa(TestTa.manifest(KEEP_ALIVE, "keep_alive",
                        TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION | TaFlags.INSTANCE_KEEP_ALIVE), keepAlive))
                .ta(() -> new TestTa(TestTa.manifest(KEEP_CRASHED, "keep_crashed", TaFlags.SINGLE_INSTANCE
                        | TaFlags.MULTI_SESSION | TaFlags.INSTANCE_KEEP_ALIVE | TaFlags.INSTANCE_KEEP_CRASHED), keepCrashed))
                .ta(() -> new TestTa(TestTa.manifest(SWALLOW, "swallow", 0), swallow) {
                    @Override
                    public dev.jtee.api.TeeResult invokeCommand(TaSession session, int command, Params params) {
                        try {
                            if (command == 1) {
                                TeeApi.panic(0x1234);
                            } else if (command == 2) {
                                TeeApi.getByte(0);
                            } else if (command == 3) {
                                params.memref(0); // no memref there: misuse of the parameter union
                            }
                        } catch (Throwable swallowed) {
                            return dev.jtee.api.TeeResult.SUCCESS;
                        }
                        return super.invokeCommand(session, command, params);
                    }
                }));
        c.world.onPanic(reports::add);
    }

    @AfterEach
    void stop() throws InterruptedException {
        single.release.countDown();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        if (c != null) {
            c.world.close();
        }
    }

    @Test
    void panicIsTargetDeadNowAndLaterAndTheSessionStillCloses() {
        start();
        int s = c.openOk(MULTI);
        int from = c.console.size();
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_PANIC, 0xbeef));
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_INC, 1));
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_INC, 1));
        assertResult(TeeResult.SUCCESS, Origin.TEE, c.close(s));
        assertEquals(0, multi.count("close"), "the close entry of a dead instance is skipped");
        assertEquals(0, multi.count("destroy"), "no destroy entry after a panic");

        List<String> dump = c.console.subList(from, c.console.size());
        assertTrue(dump.contains("E/TC:? 0 TA panicked with code 0x0000beef"), () -> String.join("\n", dump));
        assertDumpShape(dump, MULTI);
        assertEquals(1, reports.size());
        PanicReport r = reports.get(0);
        assertEquals(TeeUuid.parse(MULTI), r.uuid());
        assertEquals(0xbeef, r.code());
        assertEquals(-1, r.abortAddress());
        assertEquals(dump.subList(0, r.lines().size()), r.lines());
        assertEquals(1, c.world.stats().panics());
        assertEquals(0, c.world.stats().instances());
        assertEquals(0, c.world.stats().secureRamUsed(), "a dead instance's memory is freed");
    }

    /** Status of TA, arch, regions, the ELF line, Call stack and TA frames only (reference facts §4). */
    static void assertDumpShape(List<String> dump, String uuid) {
        String text = String.join("\n", dump);
        int status = dump.indexOf("E/LD:  Status of TA " + uuid);
        assertTrue(status >= 0, () -> "no Status line:\n" + text);
        assertEquals("E/LD:   arch: aarch64", dump.get(status + 1));
        int i = status + 2;
        int regions = 0;
        while (REGION_LINE.matcher(dump.get(i)).matches()) {
            assertTrue(dump.get(i).startsWith(String.format("E/LD:  region %2d:", regions)), dump.get(i));
            regions++;
            i++;
        }
        assertTrue(regions >= 3, () -> "code, data and stack regions expected:\n" + text);
        assertTrue(text.contains(" flags r-xs [0]") && text.contains(" flags rw-s (stack)"), text);
        assertTrue(Pattern.matches("E/LD:   \\[0\\] " + uuid + " @ 0x[0-9a-f]{8}", dump.get(i)), dump.get(i));
        assertEquals("E/LD:  Call stack:", dump.get(i + 1));
        int frames = 0;
        for (int k = i + 2; k < dump.size() && dump.get(k).startsWith("E/LD:   0x"); k++) {
            assertTrue(FRAME_LINE.matcher(dump.get(k)).matches(), dump.get(k));
            assertFalse(dump.get(k).contains("Instance.") || dump.get(k).contains("InstanceApi.")
                    || dump.get(k).contains("TeeApi."), () -> "jtee frame in the TA's call stack: " + text);
            frames++;
        }
        assertTrue(frames > 0, () -> "no TA frame:\n" + text);
        assertTrue(text.contains("TestTa.invokeCommand(TestTa.java:"), text);
    }

    @Test
    void abortPrintsTheDataAbortAndKillsTheInstance() {
        start();
        int s = c.openOk(MULTI);
        int from = c.console.size();
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_NULL_WRITE, 0));
        List<String> dump = c.console.subList(from, c.console.size());
        assertTrue(dump.stream().anyMatch(l -> ABORT_LINE.matcher(l).matches()), () -> String.join("\n", dump));
        assertTrue(dump.contains("E/TC:? 0 User mode data-abort at address 0x00000000 (translation fault)"),
                () -> String.join("\n", dump));
        assertFalse(dump.stream().anyMatch(l -> PANIC_LINE.matcher(l).matches()), "an abort is not a TEE_Panic");
        assertDumpShape(dump, MULTI);
        assertEquals(0, reports.get(0).abortAddress());
        assertEquals(0xdeadbeef, reports.get(0).code());
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_INC, 1));
    }

    @Test
    void stackOverflowPanicsWithOverflowAndTheWorldGoesOn() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            start();
            int s = c.openOk(MULTI);
            int bystander = c.openOk(SINGLE);
            int from = c.console.size();
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_RECURSE, 0));
            List<String> dump = List.copyOf(c.console.subList(from, c.console.size()));
            String text = String.join("\n", dump);
            assertTrue(dump.contains("E/TA:  stack overflow detected"), text);
            assertTrue(dump.contains("E/TC:? 0 TA panicked with code 0xffff300f"), text);
            assertTrue(text.contains("TestTa.recurse(TestTa.java:"), text);
            assertTrue(text.matches("(?s).*E/LD:   \\.\\.\\. previous frame repeated \\d+ more times.*"), "a deep recursion is summarised: " + text);
            assertEquals(TeeResult.OVERFLOW.code(), reports.get(0).code());
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_INC, 1));
            c.close(s);
            // everything else is still served, and the TA itself gets a fresh instance
            assertEquals(8, c.invoke(bystander, TestTa.CMD_INC, 7).valueA[0]);
            int fresh = c.openOk(MULTI);
            assertEquals(2, c.invoke(fresh, TestTa.CMD_INC, 1).valueA[0]);
            for (int i = 0; i < 3; i++) {
                int again = c.openOk(MULTI);
                assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(again, TestTa.CMD_RECURSE, 0));
                c.close(again);
            }
            assertEquals(4, c.world.stats().panics());
            waitForDeadThreads();
        });
    }

    /** The threads of dead instances end. */
    private static void waitForDeadThreads() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("jtee-ta-multi-")).count() > 1) {
            if (System.nanoTime() > end) {
                throw new AssertionError("threads of dead instances are still alive");
            }
            Thread.sleep(5);
        }
    }

    @Test
    void javaExceptionFromTaCodeIsAGenericPanic() {
        start();
        int s = c.openOk(MULTI);
        int from = c.console.size();
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_THROW, 0));
        List<String> dump = c.console.subList(from, c.console.size());
        assertTrue(dump.contains("E/TA:  TA code threw java.lang.IllegalStateException: test TA throws on purpose"),
                () -> String.join("\n", dump));
        assertTrue(dump.contains("E/TC:? 0 TA panicked with code 0xffff0000"));
        assertDumpShape(dump, MULTI);
    }

    @Test
    void singleInstancePanicKillsEverySessionAndANewOpenGetsAFreshInstance() {
        start();
        int s1 = c.openOk(SINGLE);
        int s2 = c.openOk(SINGLE);
        c.invoke(s1, TestTa.CMD_COUNT, 0);
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s2, TestTa.CMD_PANIC, 1));
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s1, TestTa.CMD_COUNT, 0));
        int s3 = c.openOk(SINGLE);
        assertEquals(1, c.invoke(s3, TestTa.CMD_COUNT, 0).valueA[0], "a fresh object");
        assertEquals(2, single.count("create"));
        assertEquals(2, c.world.instances().size(), "the dead instance stays listed while its sessions are open");
        assertTrue(c.world.instances().stream().anyMatch(InstanceInfo::dead));
        c.close(s1);
        c.close(s2);
        assertEquals(1, c.world.instances().size());
        assertFalse(c.world.instances().get(0).dead());
    }

    @Test
    void keepAliveWithoutKeepCrashedRespawns() {
        start();
        int s = c.openOk(KEEP_ALIVE);
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_PANIC, 1));
        int fresh = c.openOk(KEEP_ALIVE);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(fresh, TestTa.CMD_INC, 1));
        c.close(s);
        c.close(fresh);
        assertEquals(1, c.world.instances().size(), "the fresh instance is kept alive");
    }

    @Test
    void keepCrashedKeepsTheDeadInstanceAndOpensKeepFailing() {
        start();
        int s = c.openOk(KEEP_CRASHED);
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_PANIC, 1));
        for (int i = 0; i < 3; i++) {
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.open(KEEP_CRASHED));
        }
        c.close(s);
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.open(KEEP_CRASHED));
        assertEquals(1, keepCrashed.count("create"), "never respawned");
        assertEquals(1, c.world.instances().size());
        assertTrue(c.world.instances().get(0).dead());
    }

    @Test
    void callersQueuedOnADyingInstanceGetTargetDead() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            start();
            int s1 = c.openOk(SINGLE);
            int s2 = c.openOk(SINGLE);
            Future<CallFrame> dying = pool.submit(() -> c.invoke(s1, TestTa.CMD_BLOCK_THEN_PANIC, 7));
            single.awaitEntered(1);
            Future<CallFrame> queued = pool.submit(() -> c.invoke(s2, TestTa.CMD_INC, 1));
            ConcurrencyTest.waitUntil(() -> c.world.stats().threadsBusy() == 2);
            single.release.countDown();
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, dying.get());
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, queued.get());
        });
    }

    @Test
    void panicDuringCreateOrOpenFailsTheOpen() {
        start();
        TestTa.Control control = new TestTa.Control();
        String uuid = "33333333-0000-0000-0000-0000000000ff";
        Client w = Client.start(b -> b.ta(() -> new TestTa(TestTa.manifest(uuid, "crashy", 0), control) {
            @Override
            public TeeResult create() {
                super.create();
                if (control.count("create") == 1) {
                    throw TeeApi.panic(0x77);
                }
                return TeeResult.SUCCESS;
            }

            @Override
            public TeeResult openSession(Params params, TaSession session) {
                super.openSession(params, session);
                if (control.count("open") == 1) {
                    TeeApi.putByte(0x10, (byte) 0);
                }
                return TeeResult.SUCCESS;
            }
        }));
        try {
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, w.open(uuid));
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, w.open(uuid));
            assertTrue(w.consoleHas("User mode data-abort at address 0x00000010 \\(zero-size pointer dereference\\)"),
                    w.consoleText());
            w.openOk(uuid);
            assertEquals(0, control.count("close"));
        } finally {
            w.world.close();
        }
    }

    @Test
    void swallowedPanicsAndAbortsStillKill() {
        start();
        for (int cmd = 1; cmd <= 3; cmd++) {
            int s = c.openOk(SWALLOW);
            CallFrame f = new CallFrame();
            f.session = s;
            f.command = cmd;
            f.paramTypes = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
            c.world.invokeCommand(f);
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, f);
        }
        assertEquals(0x1234, reports.get(0).code());
        assertEquals(0xdeadbeef, reports.get(1).code());
        assertEquals(TeeResult.BAD_PARAMETERS.code(), reports.get(2).code(), "misusing a parameter view is a panic");
        assertTrue(c.consoleHas("^E/TA:  Params.memref\\(0\\) on a VALUE_INPUT parameter$"), c.consoleText());
    }
}
