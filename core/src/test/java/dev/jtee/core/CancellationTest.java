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
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TeeApi;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reference facts §2 and xtest 1009: TEE_Wait, cancellation masking, cancelling running and queued calls. */
class CancellationTest {
    static final String UUID = "77777777-0000-0000-0000-000000000001";
    /** Masked TEE_Wait(p0.a); p1 VALUE_OUTPUT: a = flag once unmasked, b = flag while masked. */
    static final int CMD_WAIT_MASKED = 20;
    /** p0 VALUE_OUTPUT: a = whether cancellation was masked on entry (1/0). */
    static final int CMD_MASK_ON_ENTRY = 21;

    final ExecutorService pool = Executors.newCachedThreadPool();
    ScriptTa.Script script = new ScriptTa.Script()
            .on(CMD_WAIT_MASKED, (s, p) -> {
                TeeResult r = TeeApi.waitFor(p.value(0).a());
                boolean whileMasked = TeeApi.getCancellationFlag();
                TeeApi.unmaskCancellation();
                p.value(1).a(TeeApi.getCancellationFlag() ? 1 : 0);
                p.value(1).b(whileMasked ? 1 : 0);
                return r;
            })
            .on(CMD_MASK_ON_ENTRY, (s, p) -> {
                boolean masked = TeeApi.unmaskCancellation();
                p.value(0).a(masked ? 1 : 0);
                return TeeResult.SUCCESS;
            });
    Client c = Client.start(b -> b.ta(() -> script.newTa(TestTa.manifest(UUID, "waiter",
            TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION))));

    @AfterEach
    void stop() throws InterruptedException {
        script.control.release.countDown();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        c.world.close();
    }

    private CallFrame waitFrame(int session, int command, int millis, int cancelId) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = command;
        f.cancelId = cancelId;
        f.paramTypes = ParamTypes.pack(ParamType.VALUE_INPUT, ParamType.VALUE_OUTPUT, ParamType.NONE, ParamType.NONE);
        f.valueA[0] = millis;
        return f;
    }

    @Test
    void waitEndsInSuccessWithoutCancellation() {
        int s = c.openOk(UUID);
        CallFrame f = waitFrame(s, TestTa.CMD_WAIT, 20, 1);
        c.world.invokeCommand(f);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
    }

    @Test
    void cancellationIsMaskedAtEveryEntry() {
        int s = c.openOk(UUID);
        for (int i = 0; i < 2; i++) {
            CallFrame f = waitFrame(s, CMD_MASK_ON_ENTRY, 0, 0);
            f.paramTypes = ParamType.VALUE_OUTPUT.nibble();
            c.world.invokeCommand(f);
            script.rethrow();
            assertEquals(1, f.valueA[0], "masked on entry, even after the previous entry unmasked it");
        }
    }

    @Test
    void unmaskedWaitReturnsCancelWhenTheRunningCallIsCancelled() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int s = c.openOk(UUID);
            CallFrame f = waitFrame(s, TestTa.CMD_WAIT, TeeApi.TIMEOUT_INFINITE, 77);
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> c.world.invokeCommand(f), pool);
            ConcurrencyTest.waitUntil(() -> c.world.stats().threadsBusy() == 1);
            c.world.requestCancellation(s, 76); // another operation: no effect
            Thread.sleep(50);
            assertFalse(call.isDone());
            while (!call.isDone()) {
                c.world.requestCancellation(s, 77);
                Thread.sleep(10);
            }
            call.get();
            assertResult(TeeResult.CANCEL, Origin.TRUSTED_APP, f);
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, c.invoke(s, TestTa.CMD_INC, 1));
        });
    }

    @Test
    void maskedWaitIgnoresTheRequestButTheFlagShowsItOnceUnmasked() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int s = c.openOk(UUID);
            CallFrame f = waitFrame(s, CMD_WAIT_MASKED, 300, 5);
            CompletableFuture<Void> call = CompletableFuture.runAsync(() -> c.world.invokeCommand(f), pool);
            while (!call.isDone()) {
                c.world.requestCancellation(s, 5);
                Thread.sleep(10);
            }
            script.rethrow();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
            assertEquals(0, f.valueB[1], "TEE_GetCancellationFlag is false while masked");
            assertEquals(1, f.valueA[1], "and true once unmasked");
        });
    }

    @Test
    void aQueuedCallCanBeCancelledAndNeverEntersTheTa() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            int s1 = c.openOk(UUID);
            int s2 = c.openOk(UUID);
            CompletableFuture<CallFrame> running = CompletableFuture.supplyAsync(() -> c.invoke(s1, TestTa.CMD_BLOCK), pool);
            script.control.awaitEntered(1);
            CallFrame queued = waitFrame(s2, TestTa.CMD_COUNT, 0, 9);
            queued.paramTypes = ParamType.VALUE_OUTPUT.nibble();
            CompletableFuture<Void> q = CompletableFuture.runAsync(() -> c.world.invokeCommand(queued), pool);
            ConcurrencyTest.waitUntil(() -> c.world.stats().threadsBusy() == 2);
            c.world.requestCancellation(s2, 9);
            q.get(10, TimeUnit.SECONDS);
            assertResult(TeeResult.CANCEL, Origin.TEE, queued);
            assertFalse(running.isDone(), "the running call is not affected");
            script.control.release.countDown();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, running.get());
            CallFrame after = c.invoke(s2, TestTa.CMD_COUNT, 0);
            assertEquals(2, after.valueA[0], "only the block and this count ever ran");
        });
    }

    @Test
    void cancellingNothingIsANoOp() {
        int s = c.openOk(UUID);
        c.world.requestCancellation(s, 3);
        c.world.requestCancellation(12345, 3);
        c.world.requestCancellation(s, 0);
        CallFrame f = waitFrame(s, TestTa.CMD_WAIT, 10, 3);
        c.world.invokeCommand(f);
        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
    }
}
