package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.ta.PropSet;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaParams;
import dev.jtee.ta.TaSessionHandle;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.spi.InternalApi;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Entries run on their caller's thread where the stack model allows (no strict stacks, a TA stack
 * no larger than any thread's): the same TA API, class loader, interrupt and death handling as on
 * the instance thread. Strict stacks keep the instance thread: StackMeterTest's overflow at the
 * declared size depends on it.
 */
class CallerThreadTest {
    static final String SMALL = "c0ffee00-0000-0000-0000-000000000001";
    static final String LARGE = "c0ffee00-0000-0000-0000-000000000002";
    static final String CALLEE = "c0ffee00-0000-0000-0000-000000000003";
    /** Records where it runs, then mallocs and frees through TeeApi. */
    static final int CMD_WHERE = 30;
    static final int CMD_PANIC = 31;
    /** Calls CALLEE's CMD_APP_ID, checking its own appID before and after. */
    static final int CMD_NESTED = 32;
    static final int CMD_APP_ID = 33;

    final AtomicReference<Thread> ranOn = new AtomicReference<>();
    final AtomicReference<ClassLoader> loaderInside = new AtomicReference<>();
    final AtomicBoolean interruptedInside = new AtomicBoolean();
    final AtomicReference<TeeUuid> calleeSaw = new AtomicReference<>();
    final ScriptTa.Script script = new ScriptTa.Script()
            .on(CMD_WHERE, (s, p) -> {
                ranOn.set(Thread.currentThread());
                loaderInside.set(Thread.currentThread().getContextClassLoader());
                interruptedInside.set(Thread.currentThread().isInterrupted());
                long block = TeeApi.malloc(64, TeeApi.MALLOC_FILL_ZERO);
                assertNotEquals(0, block);
                TeeApi.free(block);
                return TeeResult.SUCCESS;
            })
            .on(CMD_PANIC, (s, p) -> {
                throw TeeApi.panic(0x1234);
            })
            .on(CMD_NESTED, (s, p) -> {
                TeeUuid self = TeeApi.getPropertyAsUuid(PropSet.CURRENT_TA, "gpd.ta.appID");
                TaSessionHandle h = TeeApi.openTASession(TeeUuid.parse(CALLEE), TeeApi.TIMEOUT_INFINITE, TaParams.none());
                TeeApi.invokeTACommand(h, TeeApi.TIMEOUT_INFINITE, CMD_APP_ID, TaParams.none());
                TeeApi.closeTASession(h);
                assertEquals(self, TeeApi.getPropertyAsUuid(PropSet.CURRENT_TA, "gpd.ta.appID"), "the caller's API again");
                return TeeResult.SUCCESS;
            })
            .on(CMD_APP_ID, (s, p) -> {
                ranOn.set(Thread.currentThread());
                calleeSaw.set(TeeApi.getPropertyAsUuid(PropSet.CURRENT_TA, "gpd.ta.appID"));
                return TeeResult.SUCCESS;
            });
    final Client c = Client.start(b -> b
            .ta(() -> script.newTa(TestTa.manifest(SMALL, "callersmall", TaFlags.MULTI_SESSION)))
            .ta(() -> script.newTa(TaManifest.builder(LARGE, "callerlarge").stackSize(1 << 20).build()))
            .ta(() -> script.newTa(TestTa.manifest(CALLEE, "callee", 0))));

    @AfterEach
    void stop() {
        Thread.interrupted();
        c.world.close();
    }

    @Test
    void anInvokeRunsOnItsCallersThreadWithTheTasApiAndClassLoader() {
        int s = c.openOk(SMALL);
        Thread me = Thread.currentThread();
        ClassLoader mine = new URLClassLoader(new URL[0], null);
        ClassLoader before = me.getContextClassLoader();
        me.setContextClassLoader(mine);
        try {
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, CMD_WHERE));
            script.rethrow();
            assertSame(me, ranOn.get());
            assertSame(ScriptTa.class.getClassLoader(), loaderInside.get(), "TA code sees its own loader");
            assertSame(mine, me.getContextClassLoader(), "the caller's loader is put back");
        } finally {
            me.setContextClassLoader(before);
        }
        // outside an entry point the API is still out of reach
        assertThrows(IllegalStateException.class, () -> TeeApi.malloc(8, TeeApi.MALLOC_FILL_ZERO));
        assertEquals(null, InternalApi.CallerThread.current());
    }

    @Test
    void aTaStackLargerThanAnyThreadsRunsOnTheInstanceThread() {
        int s = c.openOk(LARGE);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, CMD_WHERE));
        script.rethrow();
        Thread t = ranOn.get();
        assertNotEquals(Thread.currentThread(), t);
        assertTrue(t instanceof InternalApi.Carrier, "the instance thread: " + t);
        assertTrue(t.getName().startsWith("jtee-ta-callerlarge-"), t.getName());
    }

    @Test
    void theCallersInterruptIsSetAsideDuringTheEntryAndKept() {
        int s = c.openOk(SMALL);
        Thread.currentThread().interrupt();
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, CMD_WHERE));
        assertTrue(Thread.interrupted(), "the caller is still interrupted afterwards");
        script.rethrow();
        assertFalse(interruptedInside.get(), "TA code does not see the caller's interrupt");
    }

    @Test
    void aPanicOnTheCallersThreadKillsTheInstanceAndEndsItsThread() throws InterruptedException {
        int s = c.openOk(SMALL);
        Thread instanceThread = instanceThread("jtee-ta-callersmall-");
        assertNotNull(instanceThread, "the instance has its thread (opens, closes, posted calls)");
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, CMD_PANIC));
        assertTrue(c.consoleHas("TA panicked with code 0x00001234"), c.consoleText());
        assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, CMD_WHERE));
        instanceThread.join(10_000);
        assertFalse(instanceThread.isAlive(), "the dead instance's thread ended");
        // the caller goes on: a fresh instance serves it
        int fresh = c.openOk(SMALL);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(fresh, CMD_WHERE));
        assertSame(Thread.currentThread(), ranOn.get());
    }

    @Test
    void aTaToTaCallRunsNestedOnTheSameThreadWithEachTasOwnApi() {
        int s = c.openOk(SMALL);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, CMD_NESTED));
        script.rethrow();
        assertEquals(TeeUuid.parse(CALLEE), calleeSaw.get());
        assertSame(Thread.currentThread(), ranOn.get());
    }

    private static Thread instanceThread(String prefix) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith(prefix)) {
                return t;
            }
        }
        return null;
    }
}
