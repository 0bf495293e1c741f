package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.TaFlags;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reference facts §2–3: instances, sessions, ids and origins, through the driver boundary. */
class SessionRulesTest {
    static final String MULTI = "11111111-0000-0000-0000-000000000001";
    static final String SINGLE = "11111111-0000-0000-0000-000000000002";
    static final String SINGLE_SESSION = "11111111-0000-0000-0000-000000000003";
    static final String KEEP_ALIVE = "11111111-0000-0000-0000-000000000004";
    static final String OTHER = "11111111-0000-0000-0000-000000000005";

    final TestTa.Control multi = new TestTa.Control();
    final TestTa.Control single = new TestTa.Control();
    final TestTa.Control singleSession = new TestTa.Control();
    final TestTa.Control keepAlive = new TestTa.Control();
    final TestTa.Control other = new TestTa.Control();
    Client c;

    Client start() {
        return start(b -> { });
    }

    Client start(java.util.function.Consumer<SecureWorld.Builder> more) {
        c = Client.start(b -> {
            b.ta(() -> new TestTa(TestTa.manifest(MULTI, "multi", 0), multi))
                    .ta(() -> new TestTa(TestTa.manifest(SINGLE, "single", TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION), single))
                    .ta(() -> new TestTa(TestTa.manifest(SINGLE_SESSION, "single_session", TaFlags.SINGLE_INSTANCE), singleSession))
                    .ta(() -> new TestTa(TestTa.manifest(KEEP_ALIVE, "keep_alive",
                            TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION | TaFlags.INSTANCE_KEEP_ALIVE), keepAlive))
                    .ta(() -> new TestTa(TestTa.manifest(OTHER, "other", 0), other));
            more.accept(b);
        });
        return c;
    }

    @AfterEach
    void close() {
        if (c != null) {
            c.world.close();
        }
    }

    @Test
    void createIsLazyAndOncePerInstance() {
        start();
        // the object made at load to read the manifest is the first instance's: nothing ran yet
        assertEquals(List.of(), single.events);
        int s1 = c.openOk(SINGLE);
        int s2 = c.openOk(SINGLE);
        assertEquals(List.of("create", "open", "open"), single.events);
        assertEquals(1, single.objects.get(), "a single-instance TA has one object");
        c.close(s1);
        c.close(s2);
        assertEquals(List.of("create", "open", "open", "close", "close", "destroy"), single.events);
    }

    @Test
    void multiInstanceTaGetsAFreshObjectPerSession() {
        start();
        int s1 = c.openOk(MULTI);
        int s2 = c.openOk(MULTI);
        assertEquals(2, multi.objects.get());
        c.invoke(s1, TestTa.CMD_COUNT, 0);
        CallFrame f = c.invoke(s1, TestTa.CMD_COUNT, 0);
        assertEquals(2, f.valueA[0], "the first instance served two invokes");
        assertEquals(1, c.invoke(s2, TestTa.CMD_COUNT, 0).valueA[0], "the second instance is its own");
        c.close(s1);
        assertEquals(1, multi.count("destroy"), "each multi-instance session's instance goes with it");
        c.close(s2);
        assertEquals(2, multi.count("destroy"));
        assertEquals(2, multi.count("create"));
    }

    @Test
    void singleInstanceSharesItsObjectAcrossSessions() {
        start();
        int s1 = c.openOk(SINGLE);
        int s2 = c.openOk(SINGLE);
        c.invoke(s1, TestTa.CMD_COUNT, 0);
        assertEquals(2, c.invoke(s2, TestTa.CMD_COUNT, 0).valueA[0]);
        assertEquals(1, c.world.instances().size());
        assertEquals(2, c.world.instances().get(0).sessions());
    }

    @Test
    void openReportsTheServingInstanceSoADriverCanTellSharedInstancesApart() {
        start();
        CallFrame s1 = c.open(SINGLE);
        CallFrame s2 = c.open(SINGLE);
        CallFrame m1 = c.open(MULTI);
        CallFrame m2 = c.open(MULTI);
        assertNotEquals(0, s1.instance);
        assertEquals(s1.instance, s2.instance, "sessions on a single-instance TA share its instance");
        assertNotEquals(m1.instance, m2.instance, "a multi-instance TA gets an instance per session");
        assertNotEquals(s1.instance, m1.instance);
    }

    @Test
    void singleInstanceWithoutMultiSessionIsBusyWhileASessionExists() {
        start();
        int s1 = c.openOk(SINGLE_SESSION);
        CallFrame busy = c.open(SINGLE_SESSION);
        assertResult(TeeResult.BUSY, Origin.TEE, busy);
        assertEquals(0, busy.session, "no session id for a failed open");
        c.close(s1);
        c.openOk(SINGLE_SESSION);
    }

    @Test
    void failedCreateFailsTheOpenWithTheTasResultAndIsRetried() {
        start();
        multi.createResult = TeeResult.ACCESS_DENIED;
        single.createResult = TeeResult.GENERIC;
        assertResult(TeeResult.ACCESS_DENIED, Origin.TRUSTED_APP, c.open(MULTI));
        assertResult(TeeResult.GENERIC, Origin.TRUSTED_APP, c.open(SINGLE));
        assertResult(TeeResult.GENERIC, Origin.TRUSTED_APP, c.open(SINGLE));
        assertEquals(2, single.count("create"), "the create is retried by the next open");
        assertEquals(0, single.count("open"), "no open entry after a failed create");
        assertEquals(0, single.count("destroy"), "no destroy entry after a failed create");
        single.createResult = TeeResult.SUCCESS;
        c.openOk(SINGLE);
        assertEquals(3, single.count("create"));
        assertEquals(1, c.world.stats().instances(), "the instances whose create failed are gone");
    }

    @Test
    void failedOpenSessionDropsTheSessionWithoutCloseAndDestroysTheLastInstance() {
        start();
        single.openResult = TeeResult.ACCESS_DENIED;
        CallFrame f = c.open(SINGLE);
        assertResult(TeeResult.ACCESS_DENIED, Origin.TRUSTED_APP, f);
        assertEquals(List.of("create", "open", "destroy"), single.events, "no close entry, destroy as no session remains");
        assertEquals(0, c.world.stats().instances());
        assertEquals(0, c.world.stats().sessions());

        // with another session on the instance, a failed open leaves the instance alone
        single.events.clear();
        single.openResult = TeeResult.SUCCESS;
        int s1 = c.openOk(SINGLE);
        single.openResult = TeeResult.ITEM_NOT_FOUND;
        assertResult(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, c.open(SINGLE));
        assertEquals(List.of("create", "open", "open"), single.events);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s1, TestTa.CMD_INC, 1));
    }

    @Test
    void keepAliveInstanceOutlivesItsLastSession() {
        start();
        int s1 = c.openOk(KEEP_ALIVE);
        c.invoke(s1, TestTa.CMD_COUNT, 0);
        c.close(s1);
        assertEquals(0, keepAlive.count("destroy"));
        assertEquals(1, c.world.instances().size());
        int s2 = c.openOk(KEEP_ALIVE);
        assertEquals(2, c.invoke(s2, TestTa.CMD_COUNT, 0).valueA[0], "the same object serves the new session");
        assertEquals(1, keepAlive.count("create"));
        // a failed open on a kept-alive instance does not destroy it either
        c.close(s2);
        keepAlive.openResult = TeeResult.GENERIC;
        assertResult(TeeResult.GENERIC, Origin.TRUSTED_APP, c.open(KEEP_ALIVE));
        assertEquals(0, keepAlive.count("destroy"));
        c.world.close();
        assertEquals(1, keepAlive.count("destroy"), "closing the world destroys kept-alive instances");
    }

    @Test
    void sessionIdsAreIncrementalWorldWideAndNeverZero() {
        start();
        assertEquals(1, c.openOk(MULTI));
        assertEquals(2, c.openOk(SINGLE));
        assertEquals(3, c.openOk(SINGLE_SESSION));
        assertResult(TeeResult.BUSY, Origin.TEE, c.open(SINGLE_SESSION));
        assertEquals(4, c.openOk(OTHER), "ids count across TAs");
        c.close(1);
        assertEquals(5, c.openOk(MULTI), "a closed id is not handed out again at once");
    }

    @Test
    void sessionIdExhaustionIsOverflow() {
        start(b -> b.maxSessionId(3));
        int a = c.openOk(MULTI);
        c.openOk(MULTI);
        c.openOk(MULTI);
        assertResult(TeeResult.OVERFLOW, Origin.TEE, c.open(MULTI));
        c.close(a);
        assertEquals(a, c.openOk(MULTI), "ids wrap to the first free one");
    }

    @Test
    void unknownOrClosedSessionsAndUnknownTas() {
        start();
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, c.invoke(42, TestTa.CMD_INC, 1));
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, c.close(42));
        int s = c.openOk(MULTI);
        c.close(s);
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, c.invoke(s, TestTa.CMD_INC, 1));
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, c.close(s));
        assertResult(TeeResult.ITEM_NOT_FOUND, Origin.TEE, c.open("534d1192-6143-234c-4755-5352544f4f59"));
    }

    @Test
    void originsOfResults() {
        start();
        int s = c.openOk(MULTI);
        CallFrame ok = c.invoke(s, TestTa.CMD_INC, 41);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, ok);
        assertEquals(42, ok.valueA[0]);
        assertResult(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, c.invoke(s, TestTa.CMD_RETURN, TeeResult.SHORT_BUFFER.code()));
        assertResult(TeeResult.NOT_SUPPORTED, Origin.TRUSTED_APP, c.invoke(s, 999));
        // a framework error: malformed parameters never reach the TA
        CallFrame bad = new CallFrame();
        bad.session = s;
        bad.paramTypes = 0xC; // MEMREF_WHOLE is a client kind, not a TA one
        c.world.invokeCommand(bad);
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, bad);
    }

    @Test
    void clientsCannotClaimTheTrustedAppLogin() {
        start();
        CallFrame f = new CallFrame();
        f.uuid = dev.jtee.api.TeeUuid.parse(MULTI);
        f.login = dev.jtee.api.Login.TRUSTED_APP.value();
        c.world.openSession(f);
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, f);
        f.clear();
        f.uuid = dev.jtee.api.TeeUuid.parse(MULTI);
        f.login = 0x77;
        c.world.openSession(f);
        assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, f);
    }
}
