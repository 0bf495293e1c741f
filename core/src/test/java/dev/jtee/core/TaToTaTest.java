package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.Identity;
import dev.jtee.ta.Memref;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeApi;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reference facts §2: the Internal Client API, a TA calling another TA on the same secure thread. */
class TaToTaTest {
    static final String CALLER = "88888888-0000-0000-0000-000000000001";
    static final String CALLEE = "88888888-0000-0000-0000-000000000002";
    static final String SI_CALLER = "88888888-0000-0000-0000-000000000003";
    static final String SI_CALLEE = "88888888-0000-0000-0000-000000000004";
    static final String MISSING = "534d1192-6143-234c-4755-5352544f4f59";

    /** Callee: p0 VALUE_INOUT a+1, p1 MEMREF_INOUT every byte+1, p2 MEMREF_OUTPUT filled with 0x33, size reported p0.b. */
    static final int ECHO = 101;
    /** Callee: p0 VALUE_OUTPUT login, p1 MEMREF_OUTPUT the client's UUID. */
    static final int WHO = 102;

    final ScriptTa.Script callee = new ScriptTa.Script();
    final ScriptTa.Script caller = new ScriptTa.Script();
    final ScriptTa.Script siCallee = new ScriptTa.Script();
    final List<PanicReport> panics = new CopyOnWriteArrayList<>();
    Client c;

    @BeforeEach
    void start() {
        callee.on(ECHO, (s, p) -> {
            p.value(0).a(p.value(0).a() + 1);
            Memref inout = p.memref(1);
            for (int i = 0; i < inout.size(); i++) {
                inout.put(i, (byte) (inout.get(i) + 1));
            }
            Memref out = p.memref(2);
            int reported = p.value(0).b();
            if (out.size() < reported) {
                out.size(reported);
                return TeeResult.SHORT_BUFFER;
            }
            for (int i = 0; i < reported; i++) {
                out.put(i, (byte) 0x33);
            }
            out.size(reported);
            return TeeResult.SUCCESS;
        }).on(WHO, (s, p) -> {
            p.value(0).a(s.client().login().value());
            p.memref(1).write(0, s.client().uuid().toBytes(), 0, 16);
            return TeeResult.SUCCESS;
        });
        siCallee.on(1, (s, p) -> TeeResult.SUCCESS);
        // one secure thread: TA-to-TA calls must not need another
        c = Client.start(b -> b.threads(1)
                .ta(() -> caller.newTa(TestTa.manifest(CALLER, "caller", 0)))
                .ta(() -> callee.newTa(TestTa.manifest(CALLEE, "callee", 0)))
                .ta(() -> caller.newTa(TestTa.manifest(SI_CALLER, "si_caller", TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION)))
                .ta(() -> siCallee.newTa(TestTa.manifest(SI_CALLEE, "si_callee", TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION))));
        c.world.onPanic(panics::add);
    }

    @AfterEach
    void stop() {
        c.world.close();
    }

    private void run(String ta, ScriptTa.Body body) {
        caller.on(100, body);
        int s = c.openOk(ta);
        var f = c.invoke(s, 100);
        caller.rethrow();
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
    }

    private static TaSessionHandle open(String uuid) {
        return TeeApi.openTASession(TeeUuid.parse(uuid), TeeApi.TIMEOUT_INFINITE, TaParams.none());
    }

    @Test
    void valuesAndMemrefsIntoTheCallersHeapAreCopiedInAndOut() {
        run(CALLER, (session, params) -> {
            TaSessionHandle h = open(CALLEE);
            long inout = TeeApi.malloc(8, TeeApi.MALLOC_FILL_ZERO);
            long out = TeeApi.malloc(16, TeeApi.MALLOC_FILL_ZERO);
            TeeApi.memFill(inout, 5, 8);
            TaParams p = TaParams.none()
                    .value(0, ParamType.VALUE_INOUT, 41, 12)
                    .memref(1, ParamType.MEMREF_INOUT, inout, 8)
                    .memref(2, ParamType.MEMREF_OUTPUT, out, 16);
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, ECHO, p);
            assertEquals(42, p.a(0));
            assertEquals(12, p.size(2), "the reported size comes back");
            byte[] b = new byte[16];
            TeeApi.read(inout, b, 0, 8);
            assertArrayEquals(new byte[] {6, 6, 6, 6, 6, 6, 6, 6}, java.util.Arrays.copyOf(b, 8));
            TeeApi.read(out, b, 0, 16);
            assertEquals(0x33, b[11]);
            assertEquals(0, b[12], "only the reported bytes are copied back");

            // SHORT_BUFFER: the TA's own answer, size reported, no panic
            TaParams small = TaParams.none()
                    .value(0, ParamType.VALUE_INOUT, 0, 64)
                    .memref(1, ParamType.MEMREF_INOUT, inout, 8)
                    .memref(2, ParamType.MEMREF_OUTPUT, out, 16);
            TeeException e = assertThrows(TeeException.class, () -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, ECHO, small));
            assertEquals(TeeResult.SHORT_BUFFER, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin());
            assertEquals(64, small.size(2));
            TeeApi.closeTASession(h);
            TeeApi.free(inout);
            TeeApi.free(out);
            return TeeResult.SUCCESS;
        });
        assertEquals(List.of("create", "open", "close", "destroy"), callee.control.events);
    }

    @Test
    void theCalleeSeesTheCallingTaAsItsClient() {
        run(CALLER, (session, params) -> {
            TaSessionHandle h = open(CALLEE);
            long uuid = TeeApi.malloc(16, TeeApi.MALLOC_FILL_ZERO);
            TaParams p = TaParams.none().value(0, ParamType.VALUE_OUTPUT, 0, 0).memref(1, ParamType.MEMREF_OUTPUT, uuid, 16);
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, WHO, p);
            assertEquals(Login.TRUSTED_APP.value(), p.a(0));
            byte[] b = new byte[16];
            TeeApi.read(uuid, b, 0, 16);
            assertEquals(TeeUuid.parse(CALLER), TeeUuid.fromBytes(b));
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
    }

    @Test
    void calleePanicIsTargetDeadAndTheCallerLives() {
        run(CALLER, (session, params) -> {
            TaSessionHandle h = open(CALLEE);
            TeeException e = assertThrows(TeeException.class, () -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE,
                    TestTa.CMD_PANIC, TaParams.none().value(0, ParamType.VALUE_INPUT, 0x42, 0)));
            assertEquals(TeeResult.TARGET_DEAD, e.result());
            assertEquals(Origin.TEE, e.origin());
            e = assertThrows(TeeException.class, () -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE,
                    TestTa.CMD_INC, TaParams.none().value(0, ParamType.VALUE_INOUT, 1, 0)));
            assertEquals(TeeResult.TARGET_DEAD, e.result());
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
        assertEquals(0x42, panics.get(0).code());
        assertEquals(TeeUuid.parse(CALLEE), panics.get(0).uuid());
    }

    @Test
    void openFailuresAndTheCalleesOwnErrorsComeBackToTheCaller() {
        run(CALLER, (session, params) -> {
            TeeException e = assertThrows(TeeException.class, () -> open(MISSING));
            assertEquals(TeeResult.ITEM_NOT_FOUND, e.result());
            assertEquals(Origin.TEE, e.origin());
            callee.control.createResult = TeeResult.ACCESS_CONFLICT;
            e = assertThrows(TeeException.class, () -> open(CALLEE));
            assertEquals(TeeResult.ACCESS_CONFLICT, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin());
            callee.control.createResult = TeeResult.SUCCESS;
            TaSessionHandle h = open(CALLEE);
            e = assertThrows(TeeException.class, () -> TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, TestTa.CMD_RETURN,
                    TaParams.none().value(0, ParamType.VALUE_INPUT, TeeResult.BAD_STATE.code(), 0)));
            assertEquals(TeeResult.BAD_STATE, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin());
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
        assertTrue(panics.isEmpty());
    }

    @Test
    void aFailureFromTheTeeOnInvokeMakesTheCallerPanic() {
        caller.on(100, (session, params) -> {
            TaSessionHandle h = open(CALLEE);
            // a buffer the caller does not own: the TEE refuses it (ACCESS_DENIED, origin TEE), libutee panics
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, ECHO, TaParams.none()
                    .value(0, ParamType.VALUE_INOUT, 0, 0)
                    .memref(1, ParamType.MEMREF_INOUT, 0x7000_0000L, 8)
                    .memref(2, ParamType.MEMREF_OUTPUT, 0x7000_0000L, 8));
            return TeeResult.SUCCESS;
        });
        int s = c.openOk(CALLER);
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, 100));
        assertEquals(TeeResult.ACCESS_DENIED.code(), panics.get(0).code());
        assertEquals(TeeUuid.parse(CALLER), panics.get(0).uuid());
        assertTrue(c.consoleHas("^E/TA:  TEE_InvokeTACommand failed with TEE_ERROR_ACCESS_DENIED"), c.consoleText());
        // the callee session the dead caller left open was closed for it
        assertEquals(List.of("create", "open", "close", "destroy"), callee.control.events);
    }

    @Test
    void sessionsACallerLeftOpenAreClosedWhenTheCallerGoes() {
        caller.on(100, (session, params) -> {
            open(CALLEE);
            return TeeResult.SUCCESS;
        });
        int s = c.openOk(CALLER);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, 100));
        assertEquals(List.of("create", "open"), callee.control.events);
        assertEquals(2, c.world.stats().instances(), "caller and callee instances");
        c.close(s);
        assertEquals(List.of("create", "open", "close", "destroy"), callee.control.events);
        assertEquals(0, c.world.stats().instances());
        assertEquals(0, c.world.stats().sessions());
    }

    @Test
    void invokeWithACancellationTimeoutCancelsTheCalleesWait() {
        run(CALLER, (session, params) -> {
            TaSessionHandle h = open(CALLEE);
            TeeException e = assertThrows(TeeException.class, () -> TeeApi.invokeTACommand(h, 50, TestTa.CMD_WAIT,
                    TaParams.none().value(0, ParamType.VALUE_INPUT, 20_000, 0)));
            assertEquals(TeeResult.CANCEL, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin(), "TEE_Wait's CANCEL is the callee's answer");
            TeeApi.closeTASession(h);
            return TeeResult.SUCCESS;
        });
    }

    @Test
    void singleInstanceChainsAreReentrantAndSelfCallsAreBusy() {
        run(SI_CALLER, (session, params) -> {
            // the chain already holds the single-instance lock: entering another single-instance TA is fine
            TaSessionHandle h = open(SI_CALLEE);
            TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, 1, TaParams.none());
            TeeApi.closeTASession(h);
            // the caller's own instance is busy with this very call: BUSY, not a deadlock
            TeeException e = assertThrows(TeeException.class, () -> open(SI_CALLER));
            assertEquals(TeeResult.BUSY, e.result());
            assertEquals(Origin.TEE, e.origin());
            return TeeResult.SUCCESS;
        });
    }

    @Test
    void invalidHandlesPanicTheCaller() {
        caller.on(100, (session, params) -> {
            TeeApi.invokeTACommand(() -> 99, TeeApi.TIMEOUT_INFINITE, 1, TaParams.none());
            return TeeResult.SUCCESS;
        });
        int s = c.openOk(CALLER);
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, 100));
        assertEquals(TeeResult.BAD_PARAMETERS.code(), panics.get(0).code());
    }

    @Test
    void aClientCannotUseATaSessionId() {
        caller.on(100, (session, params) -> {
            TaSessionHandle h = open(CALLEE);
            params.value(0).a(h.id());
            return TeeResult.SUCCESS;
        });
        int s = c.openOk(CALLER);
        var f = c.invoke(s, 100, 0);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
        int taSession = f.valueA[0];
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, c.invoke(taSession, ECHO));
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, c.close(taSession));
    }

    @Test
    void identityOfAClientSession() {
        callee.on(3, (s, p) -> {
            assertEquals(new Identity(Login.PUBLIC, TeeUuid.NIL), s.client());
            return TeeResult.SUCCESS;
        });
        int s = c.openOk(CALLEE);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, 3));
        callee.rethrow();
    }
}
