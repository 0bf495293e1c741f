package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 1008 "TEE internal client API": TA-to-TA invoke, TA-to-TA invoke with a cancellation
 * timeout, and a TA whose create entry point fails. ("Load corrupt TA" needs signed TA binaries
 * and has no counterpart here.)
 */
@JteeTest
class Xtest1008TaToTaAndCreateFailTest {
    /** The UUID xtest 5006 uses for a TA that does not exist. */
    static final String MISSING_TA = "534d1192-6143-234c-4755-5352544f4f59";

    @Test
    void invokeCommand(Context ctx) {
        // xtest: TA_OS_TEST_CMD_CLIENT with no parameters → SUCCESS
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            Xtest.selfCheck(s, OsTestTa.CMD_CLIENT, "CLIENT");
            s.invoke(OsTestTa.CMD_CLIENT, Operation.create());
        }
    }

    @Test
    void invokeCommandWithTimeout(Context ctx) {
        // xtest: CLIENT_WITH_TIMEOUT with a = 2000: the nested TEE_Wait(2000) is cancelled after 1000 ms
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            s.invoke(OsTestTa.CMD_CLIENT_WITH_TIMEOUT, Operation.create().value(0, ParamType.VALUE_INPUT, 2000, 0));
        }
    }

    @Test
    void createSessionFail(Context ctx) {
        // xtest: open on create_fail_test → TEEC_ERROR_GENERIC; the TA's own code, so origin TRUSTED_APP;
        // reference facts §2: the create is retried on the next open, which fails the same way
        for (int n = 0; n < 3; n++) {
            Xtest.assertTeeError(CreateFailTa.CREATE_RESULT, Origin.TRUSTED_APP,
                    () -> ctx.openSession(Xtest.uuid(CreateFailTa.UUID)));
        }
        // and nothing is left behind that stops other TAs
        try (Session s = ctx.openSession(Xtest.uuid(HelloWorldTa.UUID))) {
            s.invoke(HelloWorldTa.CMD_INC_VALUE, Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0));
        }
    }

    @Test
    void calleePanicsAndTheCallerLives(Context ctx) {
        // reference facts §2/§4: TARGET_DEAD (origin TEE) from a callee does not make the caller panic
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            Operation op = Operation.create()
                    .value(0, ParamType.VALUE_OUTPUT, 0, 0)
                    .value(1, ParamType.VALUE_OUTPUT, 0, 0);
            s.invoke(OsTestTa.CMD_CALL_PANICKING_TA, op);
            assertEquals(TeeResult.TARGET_DEAD, TeeResult.of(op.valueA(0)), "the panicking invoke");
            assertEquals(Origin.TEE.value(), op.valueB(0), "origin of the panicking invoke");
            assertEquals(TeeResult.TARGET_DEAD, TeeResult.of(op.valueA(1)), "an invoke on the dead session");
            assertEquals(Origin.TEE.value(), op.valueB(1), "origin of the invoke on the dead session");
            s.invoke(OsTestTa.CMD_INIT, Operation.create());
        }
    }

    @Test
    void openTaSessionFailuresReachTheCallingTa(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            // OP-TEE's libutee returns TEE_OpenTASession's failures to the TA (only invoke panics on them)
            assertOpenFromTa(s, MISSING_TA, TeeResult.ITEM_NOT_FOUND, Origin.TEE);
            assertOpenFromTa(s, CreateFailTa.UUID, CreateFailTa.CREATE_RESULT, Origin.TRUSTED_APP);
            assertOpenFromTa(s, HelloWorldTa.UUID, TeeResult.SUCCESS, Origin.TRUSTED_APP);
        }
    }

    private static void assertOpenFromTa(Session s, String uuid, TeeResult result, Origin origin) {
        Operation op = Operation.create()
                .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, Xtest.uuidBytes(uuid))
                .value(1, ParamType.VALUE_OUTPUT, 0, 0);
        s.invoke(OsTestTa.CMD_OPEN_TA_SESSION, op);
        assertEquals(result, TeeResult.of(op.valueA(1)), "TEE_OpenTASession(" + uuid + ") result");
        assertEquals(origin.value(), op.valueB(1), "TEE_OpenTASession(" + uuid + ") origin");
    }
}
