package dev.jtee.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.ClientUuids;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.SharedMemory;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.xtest.NativeUuid;
import dev.jtee.examples.xtest.OsTestTa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {
    static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);
    static final TeeUuid OS_TEST = TeeUuid.parse(OsTestTa.UUID);

    @TempDir
    Path dir;
    final List<String> console = new CopyOnWriteArrayList<>();
    SecureWorld world;
    Daemon daemon;

    @BeforeEach
    void start() {
        world = SecureWorld.builder().threads(4).console(console::add).build();
        // some tests here hold every secure thread from this one process: no per-process share
        daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).shutdownTimeout(Duration.ofSeconds(5))
                .secureThreadsPerProcess(4).secureThreadsForNewClients(0).start();
    }

    @AfterEach
    void stop() {
        daemon.close();
        world.close();
    }

    @Test
    void helloWorldOverTheSocket() {
        try (Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext(); Session s = ctx.openSession(HELLO)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 42, 0);
            s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
            assertEquals(43, op.valueA(0));
            assertTrue(tee.world().describe().startsWith("daemon at unix:"), tee.world().describe());
            assertEquals(4, tee.world().secureThreads());
            TeeException e = assertThrows(TeeException.class, () -> s.invoke(77, Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0)));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin());
        }
    }

    @Test
    void memrefsTravelBothWaysWithSizesAndAliasing() {
        try (Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext(); Session s = ctx.openSession(OS_TEST)) {
            byte[] in = {1, 2, 3, 4};
            byte[] inout = {10, 20, 30};
            byte[] out = new byte[8];
            Operation op = Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, in)
                    .tempMemref(1, ParamType.MEMREF_TEMP_INOUT, inout)
                    .tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, out)
                    .value(3, ParamType.VALUE_OUTPUT, 0, 0);
            s.invoke(OsTestTa.CMD_ECHO, op);
            assertArrayEquals(new byte[] {11, 21, 31}, inout);
            assertEquals(4, op.size(2));
            assertArrayEquals(new byte[] {1, 2, 3, 4, 0, 0, 0, 0}, out);
            assertEquals(1 + 2 + 3 + 4 + 10 + 20 + 30, op.valueA(3));

            // SHORT_BUFFER reports the size needed
            Operation small = Operation.create().value(0, ParamType.VALUE_INPUT, 100, 0).tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, new byte[10]);
            TeeException e = assertThrows(TeeException.class, () -> s.invoke(OsTestTa.CMD_SHORT_BUFFER, small));
            assertEquals(TeeResult.SHORT_BUFFER, e.result());
            assertEquals(100, small.size(1));

            // two windows on one shared block arrive as one region: the TA's writes land in place
            SharedMemory shm = ctx.allocateSharedMemory(16, SharedMemory.MEM_INPUT | SharedMemory.MEM_OUTPUT);
            for (int i = 0; i < 16; i++) {
                shm.buffer()[i] = (byte) i;
            }
            Operation two = Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 0, 4)
                    .partialMemref(1, ParamType.MEMREF_PARTIAL_OUTPUT, shm, 8, 4);
            s.invoke(OsTestTa.CMD_ECHO, two);
            assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15}, shm.buffer());
        }
    }

    @Test
    void identityComesFromThePeersCredentialsAsTheLinuxDriverDerivesIt() throws Exception {
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
        String exe = Path.of("/proc/self/exe").toRealPath().toString();
        try (Tee remote = Tee.connect(daemon.address()); Context viaSocket = remote.newContext();
             Tee local = Tee.on(world); Context embedded = local.newContext()) {
            assertEquals(TeeUuid.NIL, identity(viaSocket, Login.PUBLIC, null));
            assertEquals(ClientUuids.of("uid=" + Long.toHexString(uid)), identity(viaSocket, Login.USER, null));
            assertEquals(ClientUuids.of("gid=" + Long.toHexString(gid)), identity(viaSocket, Login.GROUP, (int) gid));
            assertEquals(ClientUuids.of("app=" + exe), identity(viaSocket, Login.APPLICATION, null));
            assertEquals(ClientUuids.of("uid=" + Long.toHexString(uid) + ":app=" + exe), identity(viaSocket, Login.USER_APPLICATION, null));
            // the same identities as the in-process driver computes for this process
            for (Login l : List.of(Login.USER, Login.GROUP, Login.APPLICATION, Login.USER_APPLICATION, Login.GROUP_APPLICATION)) {
                Integer data = l == Login.GROUP || l == Login.GROUP_APPLICATION ? (int) gid : null;
                assertEquals(identity(embedded, l, data), identity(viaSocket, l, data), l.name());
            }
            // a group this process is not in: the kernel's EPERM
            TeeException e = assertThrows(TeeException.class, () -> identity(viaSocket, Login.GROUP, 0x7FFF_FFF0));
            assertEquals(TeeResult.GENERIC, e.result());
            assertEquals(Origin.COMMS, e.origin());
        }
    }

    private static TeeUuid identity(Context ctx, Login login, Integer data) {
        try (Session s = ctx.openSession(OS_TEST, login, data, null)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0).tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, new byte[16]);
            s.invoke(OsTestTa.CMD_CLIENT_IDENTITY, op);
            assertEquals(login.value(), op.valueA(0));
            return NativeUuid.fromBytes(op.buffer(1));
        }
    }

    @Test
    void aClientCannotUseAnotherClientsSession() {
        try (Tee a = Tee.connect(daemon.address()); Context ctx = a.newContext(); Session s = ctx.openSession(HELLO);
             SecureWorldPort b = Tee.connect(daemon.address()).world()) {
            CallFrame f = new CallFrame();
            f.session = s.id();
            f.command = HelloWorldTa.CMD_INC_VALUE;
            f.paramTypes = 0x3;
            assertEquals(SecureWorldPort.OK, b.invokeCommand(f));
            assertEquals(TeeResult.BAD_PARAMETERS.code(), f.result);
            assertEquals(Origin.COMMS.value(), f.origin);
            f.clear();
            f.session = s.id();
            assertEquals(SecureWorldPort.OK, b.closeSession(f));
            assertEquals(TeeResult.BAD_PARAMETERS.code(), f.result);
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0);
            s.invoke(HelloWorldTa.CMD_INC_VALUE, op); // still the owner's
            assertEquals(2, op.valueA(0));
        }
    }

    @Test
    void aClientThatGoesAwayHasItsSessionsClosed() throws Exception {
        Tee tee = Tee.connect(daemon.address());
        Context ctx = tee.newContext();
        for (int i = 0; i < 3; i++) {
            ctx.openSession(HELLO);
        }
        ctx.openSession(OS_TEST);
        assertEquals(4, world.stats().sessions());
        tee.world().close(); // the connection drops with four sessions open
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((world.stats().sessions() != 0 || daemon.connections() != 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, world.stats().sessions());
        assertEquals(0, world.stats().instances(), "instances destroyed after their close entries ran");
        assertEquals(0, daemon.connections());
        TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(HELLO));
        assertEquals(TeeResult.COMMUNICATION, e.result());
        tee.close();
    }

    @Test
    void theSocketIsOwnerAndGroupOnly() throws Exception {
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(daemon.socketPath()));
    }

    @Test
    void closeStopsGracefullyAndRemovesTheSocket() throws Exception {
        Tee tee = Tee.connect(daemon.address());
        Session s = tee.newContext().openSession(HELLO);
        s.invoke(HelloWorldTa.CMD_INC_VALUE, Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0));
        daemon.close();
        assertTrue(daemon.awaitStop(Duration.ofSeconds(5)));
        assertEquals(0, world.stats().sessions());
        assertTrue(Files.notExists(daemon.socketPath()));
        TeeException e = assertThrows(TeeException.class, () -> s.invoke(HelloWorldTa.CMD_INC_VALUE,
                Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0)));
        assertEquals(TeeResult.COMMUNICATION, e.result());
        tee.close();
    }

    @Test
    void unknownSocketIsItemNotFound() {
        TeeException e = assertThrows(TeeException.class, () -> Tee.connect("unix:" + dir.resolve("nothing.sock")));
        assertEquals(TeeResult.ITEM_NOT_FOUND, e.result());
        assertEquals(Origin.API, e.origin());
    }

    /**
     * An invoke that finds a free permit runs on the connection's reader thread; one that runs
     * long (here a TEE_Wait) must not hold up the connection: later calls on the same connection
     * are answered while it waits, and its cancellation is read and reaches the TA.
     */
    @Test
    void aLongCallOnTheReaderDoesNotHoldUpItsConnection() throws Exception {
        try (Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext();
             Session waiting = ctx.openSession(OS_TEST); Session quick = ctx.openSession(HELLO)) {
            Operation wait = Operation.create().value(0, ParamType.VALUE_INPUT, 20_000, 0);
            CompletableFuture<TeeException> call = CompletableFuture.supplyAsync(() -> {
                try {
                    waiting.invoke(OsTestTa.CMD_WAIT, wait);
                    return null;
                } catch (TeeException e) {
                    return e;
                }
            });
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                while (world.stats().threadsBusy() == 0) { // the wait has reached the world
                    Thread.sleep(1);
                }
                for (int i = 0; i < 100; i++) {
                    Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, i, 0);
                    quick.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                    assertEquals(i + 1, op.valueA(0));
                }
                assertFalse(call.isDone(), "the 20 s wait is still running while the other calls were answered");
                while (!call.isDone()) {
                    wait.requestCancellation();
                    Thread.sleep(20);
                }
                TeeException e = call.get();
                assertEquals(TeeResult.CANCEL, e == null ? TeeResult.SUCCESS : e.result());
                assertEquals(Origin.TRUSTED_APP, e.origin());
            });
        }
    }

    /**
     * Invokes the reader posts to their TAs' instance threads do not wait for each other, and a
     * client that dies while they run gets them cancelled, its sessions closed and every secure
     * thread back.
     */
    @Test
    void aClientThatDiesWithCallsRunningInItsTasHasThemCancelledAndCleanedUp() throws Exception {
        Tee tee = Tee.connect(daemon.address());
        Context ctx = tee.newContext();
        int n = 3;
        List<CompletableFuture<TeeException>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            Session s = ctx.openSession(OS_TEST);
            Operation wait = Operation.create().value(0, ParamType.VALUE_INPUT, 20_000, 0);
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    s.invoke(OsTestTa.CMD_WAIT, wait);
                    return null;
                } catch (TeeException e) {
                    return e;
                }
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            while (world.stats().threadsBusy() < n) { // all three waits run at once
                Thread.sleep(1);
            }
            tee.world().close(); // the connection drops mid-call
            for (CompletableFuture<TeeException> c : calls) {
                TeeException e = c.get();
                assertEquals(TeeResult.COMMUNICATION, e == null ? TeeResult.SUCCESS : e.result());
            }
            while (world.stats().sessions() != 0 || world.stats().threadsBusy() != 0 || daemon.connections() != 0) {
                Thread.sleep(5);
            }
        });
        assertEquals(0, world.stats().instances(), "instances destroyed after their close entries ran");
        tee.close();
    }

    /**
     * With every permit taken, a call queues in the daemon's limiter (on the connection's reader,
     * which the watch then relieves): its cancellation is still read and ends it with CANCEL, and
     * the connection serves on afterwards.
     */
    @Test
    void aCallQueuedForAPermitCanBeCancelled() throws Exception {
        try (Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext(); Context other = tee.newContext()) {
            int n = world.secureThreads();
            Session quick = other.openSession(HELLO); // a context of its own: not held back by the client's own in-flight limit
            List<Operation> waits = new java.util.ArrayList<>();
            List<CompletableFuture<TeeException>> calls = new java.util.ArrayList<>();
            var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < n; i++) {
                Session s = ctx.openSession(OS_TEST);
                Operation wait = Operation.create().value(0, ParamType.VALUE_INPUT, 20_000, 0);
                waits.add(wait);
                calls.add(CompletableFuture.supplyAsync(() -> invokeCatching(s, OsTestTa.CMD_WAIT, wait), pool));
            }
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                while (world.stats().threadsBusy() < n) {
                    Thread.sleep(1);
                }
                Operation queued = Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0);
                CompletableFuture<TeeException> q = CompletableFuture.supplyAsync(
                        () -> invokeCatching(quick, HelloWorldTa.CMD_INC_VALUE, queued), pool);
                long t0 = System.nanoTime();
                while (daemon.limiter.queueDepth() == 0) {
                    if (q.isDone() || System.nanoTime() - t0 > 3_000_000_000L) {
                        throw new AssertionError("not queued: " + daemon.limiter + " busy " + world.stats().threadsBusy() + " q " + (q.isDone() ? q.get() : "running"));
                    }
                    Thread.sleep(1);
                }
                while (!q.isDone()) {
                    queued.requestCancellation();
                    Thread.sleep(20);
                }
                TeeException e = q.get();
                assertEquals(TeeResult.CANCEL, e == null ? TeeResult.SUCCESS : e.result());
                assertEquals(Origin.COMMS, e.origin(), "refused by the daemon's flow control, not run");
                for (int i = 0; i < n; i++) {
                    while (!calls.get(i).isDone()) {
                        waits.get(i).requestCancellation();
                        Thread.sleep(20);
                    }
                    assertEquals(TeeResult.CANCEL, calls.get(i).get().result());
                }
                Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 42, 0);
                quick.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                assertEquals(43, op.valueA(0));
            });
        }
    }

    private static TeeException invokeCatching(Session s, int command, Operation op) {
        try {
            s.invoke(command, op);
            return null;
        } catch (TeeException e) {
            return e;
        }
    }

    @Test
    void manyCallersOnOneConnectionGetTheirOwnAnswers() throws Exception {
        try (Tee tee = Tee.connect(daemon.address())) {
            int callers = 8;
            List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
            for (int t = 0; t < callers; t++) {
                int base = t * 1_000_000;
                all.add(CompletableFuture.runAsync(() -> {
                    try (Context ctx = tee.newContext(); Session s = ctx.openSession(HELLO)) {
                        Operation op = Operation.create();
                        for (int i = 0; i < 2_000; i++) {
                            op.value(0, ParamType.VALUE_INOUT, base + i, 0);
                            s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                            assertEquals(base + i + 1, op.valueA(0));
                        }
                    }
                }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
            }
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get());
        }
    }

    /** Frames bigger than the write queues of both ends go out whole, between the small ones of other callers. */
    @Test
    void bigAndSmallFramesShareAConnectionIntact() throws Exception {
        try (Tee tee = Tee.connect(daemon.address())) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int seed = t;
                    all.add(pool.submit(() -> {
                        try (Context ctx = tee.newContext(); Session s = ctx.openSession(OS_TEST)) {
                            for (int i = 0; i < 10; i++) {
                                byte[] in = new byte[300 << 10];
                                byte[] inout = new byte[100 << 10];
                                for (int k = 0; k < in.length; k++) {
                                    in[k] = (byte) (k * 31 + i + seed);
                                }
                                for (int k = 0; k < inout.length; k++) {
                                    inout[k] = (byte) (k + i);
                                }
                                byte[] out = new byte[in.length];
                                Operation op = Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, in)
                                        .tempMemref(1, ParamType.MEMREF_TEMP_INOUT, inout)
                                        .tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, out)
                                        .value(3, ParamType.VALUE_OUTPUT, 0, 0);
                                s.invoke(OsTestTa.CMD_ECHO, op);
                                assertArrayEquals(in, out);
                                for (int k = 0; k < inout.length; k++) {
                                    assertEquals((byte) (k + i + 1), inout[k]);
                                }
                            }
                        }
                        return null;
                    }));
                    all.add(pool.submit(() -> {
                        try (Context ctx = tee.newContext(); Session s = ctx.openSession(HELLO)) {
                            Operation op = Operation.create();
                            for (int i = 0; i < 2_000; i++) {
                                op.value(0, ParamType.VALUE_INOUT, i, 0);
                                s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                                assertEquals(i + 1, op.valueA(0));
                            }
                        }
                        return null;
                    }));
                }
                assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    for (var f : all) {
                        f.get();
                    }
                });
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void metricsCountInvocations() {
        try (Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext(); Session s = ctx.openSession(HELLO)) {
            for (int i = 0; i < 5; i++) {
                s.invoke(HelloWorldTa.CMD_INC_VALUE, Operation.create().value(0, ParamType.VALUE_INOUT, i, 0));
            }
        }
        String text = daemon.scrape();
        assertTrue(text.contains("jtee_invocations_total{command=\"0\",result=\"TEE_SUCCESS\",ta=\"hello_world\"} 5.0"), text);
        assertTrue(text.contains("jtee_flow_limit{limiter=\"daemon\"} 4.0"), text);
        assertTrue(text.contains("jtee_secure_threads 4.0"), text);
    }

    @Test
    void latencyComesAsPrometheusHistogramBucketsBesideTheQuantilesAndTheJvmIsMeteredToo() {
        try (Tee tee = Tee.connect(daemon.address()); Context ctx = tee.newContext(); Session s = ctx.openSession(HELLO)) {
            for (int i = 0; i < 3; i++) {
                s.invoke(HelloWorldTa.CMD_INC_VALUE, Operation.create().value(0, ParamType.VALUE_INOUT, i, 0));
            }
        }
        String text = daemon.scrape();
        assertTrue(text.contains("# TYPE jtee_invoke_duration_seconds histogram"), text);
        assertTrue(text.contains("jtee_invoke_duration_seconds_bucket{ta=\"hello_world\",le=\"+Inf\"} 3"), text);
        assertTrue(text.contains("jtee_invoke_duration_seconds_count{ta=\"hello_world\"} 3"), text);
        assertTrue(text.contains("jtee_invoke_latency_seconds{ta=\"hello_world\",quantile=\"0.99\"}"), "the dashboard's quantiles stay: " + text);
        for (String jvm : new String[] {"jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "process_cpu_usage",
                "process_uptime_seconds", "process_files_open_files"}) {
            assertTrue(text.contains(jvm), jvm + " in " + text);
        }
    }
}
