package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * xtest 1007 "Test Panic": a TEE_Panic gives TARGET_DEAD, origin TEE, on that invoke and on every
 * later one; the session still closes. Console per reference facts §4.
 */
class Xtest1007PanicTest {
    static Xtest.ConsoleWorld tee;

    @BeforeAll
    static void start() {
        tee = Xtest.ConsoleWorld.start(4);
    }

    @AfterAll
    static void stop() {
        tee.close();
    }

    @Test
    void panicKillsTheSessionAndLaterInvokesSeeTargetDead() {
        try (Context ctx = tee.tee().newContext()) {
            int from = tee.lines().size();
            Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(OsTestTa.CMD_PANIC, Operation.create()));
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(OsTestTa.CMD_INIT, Operation.create()));
            s.close();
            assertTrue(tee.panickedSince(from, OsTestTa.PANIC_CODE),
                    () -> "panic line missing:\n" + tee.since(from));
            assertTrue(tee.anySince(from, "Status of TA " + OsTestTa.UUID), () -> "dump missing:\n" + tee.since(from));
        }
    }

    @Test
    void panicCodeIsTheTasOwn() {
        try (Context ctx = tee.tee().newContext(); Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            int from = tee.lines().size();
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(OsTestTa.CMD_PANIC,
                    Operation.create().value(0, ParamType.VALUE_INPUT, 0xffff300f, 0)));
            assertTrue(tee.panickedSince(from, 0xffff300f), () -> "panic line missing:\n" + tee.since(from));
        }
    }

    @Test
    void otherSessionsAndNewSessionsLive() {
        try (Context ctx = tee.tee().newContext();
             Session victim = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
             Session bystander = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> victim.invoke(OsTestTa.CMD_PANIC, Operation.create()));
            // os_test is multi-instance: the bystander has its own instance
            bystander.invoke(OsTestTa.CMD_INIT, Operation.create());
            try (Session fresh = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
                fresh.invoke(OsTestTa.CMD_INIT, Operation.create());
            }
        }
    }

    @Test
    void mallocWithNoFillAlonePanicsWithCodeZero() {
        // reference facts §2: TEE_Malloc with NO_FILL alone → TEE_Panic(0)
        try (Context ctx = tee.tee().newContext(); Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            int from = tee.lines().size();
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(OsTestTa.CMD_MALLOC_NO_FILL, Operation.create()));
            assertTrue(tee.panickedSince(from, 0), () -> "panic line missing:\n" + tee.since(from));
        }
    }
}
