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
import dev.jtee.api.spi.CallFrame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SecureWorld#invokeAsync}: same answers as invokeCommand, never a wait, the same instance rules. */
class InvokeAsyncTest {
    static final String UUID = "77777777-0000-0000-0000-0000000000a1";
    static final Duration BOUND = Duration.ofSeconds(20);

    final TestTa.Control control = new TestTa.Control();
    final Client c = Client.start(b -> b.threads(1).ta(() -> new TestTa(TestTa.manifest(UUID, "async", 0), control)));
    final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        control.release.countDown();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        c.close();
    }

    /** Completions seen: the frame, the thread that told, how many times. */
    static final class Done implements InvokeCompletion {
        final CompletableFuture<CallFrame> frame = new CompletableFuture<>();
        final AtomicInteger calls = new AtomicInteger();
        volatile String thread;

        @Override
        public void invokeCompleted(CallFrame f) {
            thread = Thread.currentThread().getName();
            calls.incrementAndGet();
            frame.complete(f);
        }

        CallFrame await() throws Exception {
            return frame.get(20, TimeUnit.SECONDS);
        }
    }

    static CallFrame frame(int session, int command, int a, int cancelId) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = command;
        f.cancelId = cancelId;
        f.paramTypes = ParamTypes.pack(ParamType.VALUE_INOUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
        f.valueA[0] = a;
        return f;
    }

    @Test
    void postedInvokeAnswersAsInvokeCommandOnTheInstanceThread() {
        assertTimeoutPreemptively(BOUND, () -> {
            int s = c.openOk(UUID);
            for (int i = 0; i < 100; i++) {
                Done d = new Done();
                CallFrame f = frame(s, TestTa.CMD_INC, i, 0);
                assertTrue(c.world.invokeAsync(f, d));
                assertEquals(f, d.await());
                assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
                assertEquals(i + 1, f.valueA[0]);
                assertTrue(d.thread.startsWith("jtee-ta-async"), d.thread);
                assertEquals(1, d.calls.get());
            }
            // the one secure thread was given back each time: a waiting call gets in
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, TestTa.CMD_INC, 1));
            assertEquals(0, c.world.stats().threadsBusy());
        });
    }

    @Test
    void notStartedWhenAnythingWouldWait() {
        assertTimeoutPreemptively(BOUND, () -> {
            int s = c.openOk(UUID);
            int other = c.openOk(UUID);
            Done d = new Done();
            assertFalse(c.world.invokeAsync(frame(12345, TestTa.CMD_INC, 0, 0), d), "unknown session");
            Future<CallFrame> blocked = pool.submit(() -> c.invoke(s, TestTa.CMD_BLOCK));
            control.awaitEntered(1);
            // the instance is busy, and the world's only secure thread is taken
            CallFrame f = frame(s, TestTa.CMD_INC, 7, 0);
            assertFalse(c.world.invokeAsync(f, d));
            assertFalse(c.world.invokeAsync(frame(other, TestTa.CMD_INC, 7, 0), d));
            assertEquals(7, f.valueA[0], "a call not started is not touched");
            control.release.countDown();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, blocked.get(20, TimeUnit.SECONDS));
            assertTrue(c.world.invokeAsync(f, d));
            assertEquals(8, d.await().valueA[0]);
            assertEquals(1, d.calls.get());
        });
    }

    @Test
    void aCallerWaitingForThePostedInstanceGetsItAfterwards() {
        try (Client two = Client.start(b -> b.threads(2).ta(() -> new TestTa(TestTa.manifest(UUID, "async", 0), control)))) {
            assertTimeoutPreemptively(BOUND, () -> {
                int s = two.openOk(UUID);
                Done d = new Done();
                assertTrue(two.world.invokeAsync(frame(s, TestTa.CMD_BLOCK, 0, 0), d));
                control.awaitEntered(1);
                // one call at a time per instance: the next caller of the same session waits for the gate
                Future<CallFrame> next = pool.submit(() -> two.invoke(s, TestTa.CMD_INC, 41));
                Thread.sleep(50);
                assertFalse(next.isDone());
                control.release.countDown();
                assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, d.await());
                CallFrame n = next.get(20, TimeUnit.SECONDS);
                assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, n);
                assertEquals(42, n.valueA[0]);
            });
        }
    }

    @Test
    void cancellationReachesAPostedWait() {
        assertTimeoutPreemptively(BOUND, () -> {
            int s = c.openOk(UUID);
            Done d = new Done();
            CallFrame f = frame(s, TestTa.CMD_WAIT, 10_000, 5);
            f.paramTypes = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
            assertTrue(c.world.invokeAsync(f, d));
            Thread.sleep(20);
            c.world.requestCancellation(s, 5);
            assertResult(TeeResult.CANCEL, Origin.TRUSTED_APP, d.await());
            assertEquals(1, d.calls.get());
        });
    }

    @Test
    void aPanicInAPostedCallKillsTheInstanceAndAnswersTargetDead() {
        assertTimeoutPreemptively(BOUND, () -> {
            int s = c.openOk(UUID);
            Done d = new Done();
            CallFrame f = frame(s, TestTa.CMD_PANIC, 0x1234, 0);
            f.paramTypes = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
            assertTrue(c.world.invokeAsync(f, d));
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, d.await());
            assertEquals(1, d.calls.get());
            assertFalse(c.world.invokeAsync(frame(s, TestTa.CMD_INC, 0, 0), new Done()), "dead: the waiting path answers");
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, c.invoke(s, TestTa.CMD_INC, 0));
            assertTrue(c.consoleHas("TA panicked with code 0x00001234"), c::consoleText);
            // the secure thread came back after the clean-up: a new instance opens and answers
            int t = c.openOk(UUID);
            Done again = new Done();
            assertTrue(c.world.invokeAsync(frame(t, TestTa.CMD_INC, 1, 0), again));
            assertEquals(2, again.await().valueA[0]);
        });
    }

    @Test
    void aStackOverflowInAPostedCallStillPanics() {
        assertTimeoutPreemptively(BOUND, () -> {
            int s = c.openOk(UUID);
            Done d = new Done();
            CallFrame f = frame(s, TestTa.CMD_RECURSE, 0, 0);
            f.paramTypes = 0;
            assertTrue(c.world.invokeAsync(f, d));
            assertResult(TeeResult.TARGET_DEAD, Origin.TEE, d.await());
            assertEquals(0, c.world.stats().threadsBusy(), "the secure thread is free again");
        });
    }
}
