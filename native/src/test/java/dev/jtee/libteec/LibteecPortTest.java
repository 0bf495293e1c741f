package dev.jtee.libteec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import dev.jtee.daemon.Daemon;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.xtest.NativeUuid;
import dev.jtee.examples.xtest.OsTestTa;
import dev.jtee.examples.xtest.SimsTa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client over {@code libteec:}: Java → FFM → jtee's libteec.so → socket → daemon → TA. */
class LibteecPortTest {
    static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);
    static final TeeUuid OS_TEST = TeeUuid.parse(OsTestTa.UUID);
    static final TeeUuid SIMS = TeeUuid.parse(SimsTa.UUID);

    @TempDir
    Path dir;
    SecureWorld world;
    Daemon daemon;

    @BeforeEach
    void start() {
        world = SecureWorld.builder().threads(4).build();
        daemon = Daemon.builder().socket(dir.resolve("jtee.sock")).world(world).shutdownTimeout(Duration.ofSeconds(5)).start();
    }

    @AfterEach
    void stop() {
        daemon.close();
        world.close();
    }

    Tee connect() {
        return Tee.connect(NativeBuild.address(daemon.socketPath()));
    }

    @Test
    void helloWorldThroughLibteec() {
        try (Tee tee = connect(); Context ctx = tee.newContext(); Session s = ctx.openSession(HELLO)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 42, 0);
            s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
            assertEquals(43, op.valueA(0));
            assertEquals(Origin.TRUSTED_APP, s.openOrigin());
            assertTrue(tee.world().describe().startsWith("libteec " + NativeBuild.library()), tee.world().describe());
            assertEquals(4, tee.world().secureThreads(), "jtee's libteec tells the daemon's secure threads");
            TeeException e = assertThrows(TeeException.class, () -> s.invoke(77, Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0)));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin());
        }
        assertEquals(0, world.stats().sessions());
    }

    @Test
    void everyKindOfParameterRoundTrips() {
        try (Tee tee = connect(); Context ctx = tee.newContext(); Session s = ctx.openSession(OS_TEST)) {
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
            assertEquals(7, op.valueB(3));

            // VALUE_INOUT and VALUE_INPUT
            Operation values = Operation.create().value(0, ParamType.VALUE_INOUT, 41, -2).value(1, ParamType.VALUE_INPUT, 5, 6);
            s.invoke(OsTestTa.CMD_ECHO, values);
            assertEquals(42, values.valueA(0));
            assertEquals(-1, values.valueB(0));
            assertEquals(5, values.valueA(1));

            // whole blocks: directions from the block's flags; the output size as the TA reports it
            try (SharedMemory win = ctx.registerSharedMemory(new byte[] {7, 8, 9}, SharedMemory.MEM_INPUT);
                 SharedMemory wout = ctx.allocateSharedMemory(16, SharedMemory.MEM_OUTPUT)) {
                Operation whole = Operation.create().wholeMemref(0, win).wholeMemref(1, wout);
                s.invoke(OsTestTa.CMD_ECHO, whole);
                assertEquals(3, whole.size(1));
                assertEquals(9, wout.buffer()[wout.offset() + 2]);
            }

            // SHORT_BUFFER reports the size needed
            Operation small = Operation.create().value(0, ParamType.VALUE_INPUT, 100, 0).tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, new byte[10]);
            TeeException e = assertThrows(TeeException.class, () -> s.invoke(OsTestTa.CMD_SHORT_BUFFER, small));
            assertEquals(TeeResult.SHORT_BUFFER, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin());
            assertEquals(100, small.size(1));

            // two windows on one shared block arrive as one region: the TA's writes land in place
            SharedMemory shm = ctx.allocateSharedMemory(16, SharedMemory.MEM_INPUT | SharedMemory.MEM_OUTPUT);
            for (int i = 0; i < 16; i++) {
                shm.buffer()[shm.offset() + i] = (byte) i;
            }
            Operation two = Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 0, 4)
                    .partialMemref(1, ParamType.MEMREF_PARTIAL_OUTPUT, shm, 8, 4);
            s.invoke(OsTestTa.CMD_ECHO, two);
            byte[] now = java.util.Arrays.copyOfRange(shm.buffer(), shm.offset(), shm.offset() + 16);
            assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15}, now);
            assertEquals(4, two.size(1));

            // null and empty memrefs (xtest 1025)
            Operation nulls = Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[0])
                    .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, null)
                    .tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, new byte[0])
                    .tempMemref(3, ParamType.MEMREF_TEMP_OUTPUT, null);
            s.invoke(OsTestTa.CMD_NULL_MEMREF_PARAMS, nulls);

            // a large buffer goes and comes back whole
            byte[] big = new byte[1 << 20];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) i;
            }
            s.invoke(OsTestTa.CMD_ECHO, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INOUT, big));
            for (int i = 0; i < big.length; i++) {
                if (big[i] != (byte) (i + 1)) {
                    throw new AssertionError("byte " + i + " is " + big[i]);
                }
            }
        }
    }

    @Test
    void failuresKeepTheirResultAndOrigin() {
        try (Tee tee = connect(); Context ctx = tee.newContext()) {
            TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(TeeUuid.parse("534d1192-6143-234c-4755-5352544f4f59")));
            assertEquals(TeeResult.ITEM_NOT_FOUND, e.result());
            assertEquals(Origin.TEE, e.origin());

            // more memref bytes than a frame of the daemon carries: the kernel's ENOMEM
            try (Session s = ctx.openSession(OS_TEST)) {
                TeeException big = assertThrows(TeeException.class,
                        () -> s.invoke(OsTestTa.CMD_ECHO, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[16 << 20])));
                assertEquals(TeeResult.OUT_OF_MEMORY, big.result());
                assertEquals(Origin.COMMS, big.origin());
            }
        }
    }

    @Test
    void theClosedOrUnknownSessionIsBadParametersFromComms() {
        try (Tee tee = connect()) {
            SecureWorldPort port = tee.world();
            CallFrame f = new CallFrame();
            f.uuid = HELLO;
            assertEquals(SecureWorldPort.OK, port.openSession(f));
            assertEquals(0, f.result);
            int id = f.session;
            assertNotEquals(0, id);
            f.clear();
            f.session = id;
            assertEquals(SecureWorldPort.OK, port.closeSession(f));
            assertEquals(0, f.result);
            for (int bad : new int[] {id, 0, 12345}) {
                f.clear();
                f.session = bad;
                f.command = HelloWorldTa.CMD_INC_VALUE;
                f.paramTypes = 0x3;
                assertEquals(SecureWorldPort.OK, port.invokeCommand(f));
                assertEquals(TeeResult.BAD_PARAMETERS.code(), f.result);
                assertEquals(Origin.COMMS.value(), f.origin);
            }
            f.clear();
            f.session = id;
            assertEquals(SecureWorldPort.OK, port.closeSession(f));
            assertEquals(TeeResult.BAD_PARAMETERS.code(), f.result);
        }
    }

    @Test
    void sessionsOfASingleInstanceTaShareTheirInstance() {
        try (Tee tee = connect()) {
            SecureWorldPort port = tee.world();
            int[] instance = new int[3];
            int[] session = new int[3];
            TeeUuid[] uuid = {SIMS, SIMS, OS_TEST};
            for (int i = 0; i < 3; i++) {
                CallFrame f = new CallFrame();
                f.uuid = uuid[i];
                assertEquals(SecureWorldPort.OK, port.openSession(f));
                assertEquals(0, f.result, "open " + i);
                instance[i] = f.instance;
                session[i] = f.session;
            }
            assertNotEquals(0, instance[0]);
            assertEquals(instance[0], instance[1], "two sessions on one single-instance TA");
            assertNotEquals(instance[0], instance[2]);
            for (int s : session) {
                CallFrame f = new CallFrame();
                f.session = s;
                port.closeSession(f);
            }
        }
    }

    @Test
    void loginsReachTheTaWithTheIdentityTheDaemonDerives() throws Exception {
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        long gid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
        try (Tee tee = connect(); Context ctx = tee.newContext()) {
            assertEquals(TeeUuid.NIL, identity(ctx, Login.PUBLIC, null));
            assertEquals(ClientUuids.of("uid=" + Long.toHexString(uid)), identity(ctx, Login.USER, null));
            assertEquals(ClientUuids.of("gid=" + Long.toHexString(gid)), identity(ctx, Login.GROUP, (int) gid));
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
    void cancellationReachesTheTaThroughTeecRequestCancellation() throws Exception {
        try (Tee tee = connect(); Context ctx = tee.newContext(); Session s = ctx.openSession(OS_TEST)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INPUT, 30_000, 0);
            CompletableFuture<TeeException> call = CompletableFuture.supplyAsync(() -> {
                try {
                    s.invoke(OsTestTa.CMD_WAIT, op);
                    return null;
                } catch (TeeException e) {
                    return e;
                }
            });
            TeeException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                while (!call.isDone()) {
                    Thread.sleep(50);
                    op.requestCancellation();
                }
                return call.get(1, TimeUnit.SECONDS);
            });
            assertTrue(e != null, "TEE_Wait of 30 s ended without a cancellation");
            assertEquals(TeeResult.CANCEL, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin());
        }
    }

    @Test
    void manyThreadsShareOneContext() throws Exception {
        int threads = 8;
        int calls = 300;
        try (Tee tee = connect(); Context ctx = tee.newContext()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int seed = t;
                    done.add(pool.submit(() -> {
                        int wrong = 0;
                        try (Session s = ctx.openSession(seed % 2 == 0 ? HELLO : OS_TEST)) {
                            for (int i = 0; i < calls; i++) {
                                if (seed % 2 == 0) {
                                    Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, seed * 100_000 + i, 0);
                                    s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
                                    wrong += op.valueA(0) == seed * 100_000 + i + 1 ? 0 : 1;
                                } else {
                                    byte[] b = {(byte) i, (byte) seed};
                                    s.invoke(OsTestTa.CMD_ECHO, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INOUT, b));
                                    wrong += b[0] == (byte) (i + 1) && b[1] == (byte) (seed + 1) ? 0 : 1;
                                }
                            }
                        }
                        return wrong;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertEquals(0, f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(0, world.stats().sessions());
    }

    @Test
    void badLibrariesAndTeeNamesAreItemNotFound() {
        TeeException noLib = assertThrows(TeeException.class, () -> Tee.connect("libteec:" + dir.resolve("no-such-libteec.so")));
        assertEquals(TeeResult.ITEM_NOT_FOUND, noLib.result());
        assertEquals(Origin.API, noLib.origin());

        TeeException name = assertThrows(TeeException.class, () -> Tee.connect("libteec:" + NativeBuild.library() + "?tee=Invalid TEE name"));
        assertEquals(TeeResult.ITEM_NOT_FOUND, name.result());
        assertEquals(Origin.API, name.origin());

        TeeException noDaemon = assertThrows(TeeException.class,
                () -> Tee.connect("libteec:" + NativeBuild.library() + "?tee=unix:" + dir.resolve("nobody.sock")));
        assertEquals(TeeResult.ITEM_NOT_FOUND, noDaemon.result());

        TeeException option = assertThrows(TeeException.class, () -> Tee.connect("libteec:?frobnicate=1"));
        assertEquals(TeeResult.BAD_PARAMETERS, option.result());
    }

    @Test
    void theDefaultLibraryIsJteesOwnBuildWhenNoneIsNamed() {
        if (System.getenv(LibteecConnector.LIBRARY_ENV) == null) {
            assertEquals(NativeBuild.library().toString(), LibteecConnector.defaultLibrary());
        } else {
            assertEquals(System.getenv(LibteecConnector.LIBRARY_ENV).strip(), LibteecConnector.defaultLibrary());
        }
        // the TEE name from the system property when the address has none
        String before = System.getProperty(LibteecConnector.TEE_PROPERTY);
        System.setProperty(LibteecConnector.TEE_PROPERTY, "unix:" + daemon.socketPath());
        try (Tee tee = Tee.connect("libteec:"); Context ctx = tee.newContext(); Session s = ctx.openSession(HELLO)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0);
            s.invoke(HelloWorldTa.CMD_INC_VALUE, op);
            assertEquals(2, op.valueA(0));
        } finally {
            if (before == null) {
                System.clearProperty(LibteecConnector.TEE_PROPERTY);
            } else {
                System.setProperty(LibteecConnector.TEE_PROPERTY, before);
            }
        }
    }

    @Test
    void aClosedTeeRefusesCalls() {
        Tee tee = connect();
        SecureWorldPort port = tee.world();
        tee.close();
        CallFrame f = new CallFrame();
        f.uuid = HELLO;
        TeeException e = assertThrows(TeeException.class, () -> port.openSession(f));
        assertEquals(TeeResult.COMMUNICATION, e.result());
    }
}
