package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * xtest 1009 "TEE Wait": TEE_Wait of 0.1 s, 0.5 s and 2 s end in SUCCESS; a 2 s wait with
 * cancellation unmasked ends in CANCEL, origin TRUSTED_APP, when the client cancels (reference
 * facts §2). jtee adds the masked variant: the wait ignores the request, the flag shows it later.
 */
@JteeTest
class Xtest1009WaitAndCancelTest {

    @ParameterizedTest(name = "TEE Wait {0} ms")
    @ValueSource(ints = {100, 500, 2000})
    void waitEndsInSuccess(int millis, Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            assertEquals(Origin.TRUSTED_APP, s.openOrigin(), "origin of a successful open (xtest 1009)");
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    s.invoke(OsTestTa.CMD_WAIT, Operation.create().value(0, ParamType.VALUE_INPUT, millis, 0)));
        }
    }

    @Test
    void waitTwoSecondsCancel(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INPUT, 2000, 0);
            TeeException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> invokeAndCancel(s, OsTestTa.CMD_WAIT, op));
            assertEquals(TeeResult.CANCEL, e == null ? TeeResult.SUCCESS : e.result(), "TEE_Wait's answer to a cancellation");
            assertEquals(Origin.TRUSTED_APP, e.origin());
            // the session is fine afterwards
            s.invoke(OsTestTa.CMD_INIT, Operation.create());
        }
    }

    @Test
    void maskedWaitIgnoresTheCancellation(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            Operation op = Operation.create()
                    .value(0, ParamType.VALUE_INPUT, 1000, 0)
                    .value(1, ParamType.VALUE_OUTPUT, 0, 0);
            TeeException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> invokeAndCancel(s, OsTestTa.CMD_WAIT_MASKED, op));
            assertEquals(null, e, () -> "masked TEE_Wait answered " + e.getMessage());
            assertEquals(0, op.valueB(1), "TEE_GetCancellationFlag is false while masked");
            assertEquals(1, op.valueA(1), "TEE_GetCancellationFlag is true once unmasked after a request");
        }
    }

    @Test
    void cancellingAnOperationNeverUsedIsANoOp(Context ctx) {
        Operation op = Operation.create().value(0, ParamType.VALUE_INPUT, 10, 0);
        op.requestCancellation();
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            s.invoke(OsTestTa.CMD_WAIT, op);
        }
    }

    /**
     * Invokes on another thread and keeps requesting cancellation (as xtest's cancellation thread
     * does, but repeated so a request that comes before the call reached the TA is not lost) until
     * the call ends; answers the call's failure or null on success.
     */
    private static TeeException invokeAndCancel(Session s, int command, Operation op) throws Exception {
        CompletableFuture<TeeException> call = CompletableFuture.supplyAsync(() -> {
            try {
                s.invoke(command, op);
                return null;
            } catch (TeeException e) {
                return e;
            }
        });
        while (!call.isDone()) {
            Thread.sleep(100);
            op.requestCancellation();
        }
        try {
            return call.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }
}
