package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 1021 "Test panic context release": a panic through one session of a single-instance TA
 * kills the instance for every session on it, while a new open gets a fresh instance; for a
 * multi-instance TA the other sessions live on; a TA-to-TA session on the dead TA does not harm
 * the caller. jtee adds INSTANCE_KEEP_CRASHED (reference facts §4): the dead instance is kept.
 */
@JteeTest
class Xtest1021PanicContextReleaseTest {

    @Test
    void multipleInstancesSingleSession(Context ctx) {
        panicCaToTa(ctx, MissTa.UUID, true);
    }

    @Test
    void singleInstanceMultiSessions(Context ctx) {
        panicCaToTa(ctx, SimsTa.UUID, false);
    }

    @Test
    void singleInstanceMultiSessionsKeepAlive(Context ctx) {
        panicCaToTa(ctx, SimsKeepAliveTa.UUID, false);
    }

    @Test
    void multiSessionsTaToTa(Context ctx) {
        String ta1 = SimsTa.UUID;
        String ta2 = SimsKeepAliveTa.UUID;
        // 2.1–2.6: the client makes TA2 panic directly
        try (Session cs0 = ctx.openSession(Xtest.uuid(ta1)); Session cs1 = ctx.openSession(Xtest.uuid(ta2))) {
            openSecSession(cs0, ta2);
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> triggerPanic(cs1, null));
            counter(cs0);
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> counter(cs1));
        }
        // again, but TA1 makes TA2 panic through its own session on it
        try (Session cs0 = ctx.openSession(Xtest.uuid(ta1)); Session cs1 = ctx.openSession(Xtest.uuid(ta2))) {
            openSecSession(cs0, ta2);
            triggerPanic(cs0, ta2);
            counter(cs0);
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> counter(cs1));
        }
    }

    @Test
    void keepCrashedKeepsTheDeadInstance(Context ctx) {
        Session s = ctx.openSession(Xtest.uuid(SimsKeepCrashedTa.UUID));
        Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> triggerPanic(s, null));
        for (int i = 0; i < 3; i++) {
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> ctx.openSession(Xtest.uuid(SimsKeepCrashedTa.UUID)));
        }
        s.close();
        Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> ctx.openSession(Xtest.uuid(SimsKeepCrashedTa.UUID)));
    }

    /** test_panic_ca_to_ta. */
    private static void panicCaToTa(Context ctx, String uuid, boolean multiInstance) {
        Session cs0 = ctx.openSession(Xtest.uuid(uuid));
        Session cs1 = ctx.openSession(Xtest.uuid(uuid));
        try {
            assertEquals(0, counter(cs0));
            assertEquals(multiInstance ? 0 : 1, counter(cs1));

            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> triggerPanic(cs1, null));
            if (multiInstance) {
                counter(cs0);
            } else {
                Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> counter(cs0));
            }
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> counter(cs1));

            // a session opened on the panicked TA gets a fresh instance
            try (Session reopened = ctx.openSession(Xtest.uuid(uuid)); Session cs2 = ctx.openSession(Xtest.uuid(uuid))) {
                if (multiInstance) {
                    assertEquals(0, counter(cs0));
                }
                assertEquals(multiInstance ? 0 : 1, counter(cs2));
                assertEquals(0, counter(reopened));
            }
        } finally {
            cs1.close();
            cs0.close();
        }
    }

    /** open_sec_session: the TA opens a session on {@code uuid}, counter + 1. */
    private static void openSecSession(Session s, String uuid) {
        s.invoke(SimsTa.CMD_OPEN_TA_SESSION, Operation.create()
                .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, Xtest.uuidBytes(uuid)));
    }

    /** trigger_panic: a null memref panics the TA itself, a UUID makes it panic that TA. */
    private static void triggerPanic(Session s, String uuid) {
        s.invoke(SimsTa.CMD_PANIC, Operation.create()
                .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, uuid == null ? null : Xtest.uuidBytes(uuid)));
    }

    private static int counter(Session s) {
        return Xtest1012SingleInstanceMultiSessionTest.counter(s);
    }
}
