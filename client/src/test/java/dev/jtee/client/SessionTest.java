package dev.jtee.client;

import static dev.jtee.client.Fakes.assertTeeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** OpenSession, InvokeCommand and CloseSession results and origins (reference facts §1). */
class SessionTest extends OnFakeWorld {
    @Test
    void openSessionSuccessReportsTheOriginTheWorldReported() {
        // the client passes on what the open reported, as libteec's returnOrigin does
        world.handler = (k, f) -> f.origin = Origin.TEE.value();
        try (Session s = ctx.openSession(Fakes.TA)) {
            assertEquals(Origin.TEE, s.openOrigin());
            assertNotEquals(0, s.id());
            assertEquals(Fakes.TA, s.uuid());
            assertSame(ctx, s.context());
            FakeWorld.Call open = world.calls(FakeWorld.Kind.OPEN).get(0);
            assertEquals(Fakes.TA, open.uuid());
            assertEquals(Login.PUBLIC.value(), open.login());
            assertEquals(TeeUuid.NIL, open.clientUuid(), "PUBLIC: nil client UUID");
            assertEquals(0, open.paramTypes());
            assertEquals(0, open.cancelId(), "no operation, no cancel id");
        }
    }

    @Test
    void openSessionFailureCarriesTheWorldsResultAndOriginAndWritesBack() {
        world.handler = (k, f) -> {
            f.valueA[0] = 7;
            f.result = TeeResult.ITEM_NOT_FOUND.code();
            f.origin = Origin.TEE.value();
        };
        Operation op = Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0);
        assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.TEE, () -> ctx.openSession(Fakes.TA, Login.PUBLIC, null, op));
        assertEquals(7, op.valueA(0), "outputs are written back on failure too");
        assertEquals(0, ctx.openSessions());
    }

    @Test
    void openSessionWithAnOperationMarshalsIt() {
        world.handler = (k, f) -> f.valueA[1] = f.valueA[0] * 2;
        Operation op = Operation.create().value(0, ParamType.VALUE_INPUT, 21, 0).value(1, ParamType.VALUE_OUTPUT, 0, 0);
        try (Session s = ctx.openSession(Fakes.TA, Login.PUBLIC, null, op)) {
            assertTrue(s.id() != 0);
            assertEquals(42, op.valueA(1));
            assertEquals(op.cancelId, world.calls(FakeWorld.Kind.OPEN).get(0).cancelId());
        }
    }

    @Test
    void openSessionWithoutUuidIsBadParameters() {
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.openSession(null));
    }

    @Test
    void invokeReturnsTheOperationOrThrowsResultAndOrigin() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            Operation op = Operation.create();
            assertSame(op, s.invoke(3, op));
            assertEquals(3, world.lastInvoke().command());
            assertEquals(s.id(), world.lastInvoke().session());

            world.handler = (k, f) -> {
                f.result = TeeResult.TARGET_DEAD.code();
                f.origin = Origin.TEE.value();
            };
            assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(4, op));

            world.handler = (k, f) -> f.result = 0x12345678; // an unknown code keeps its value
            TeeException e = assertThrows(TeeException.class, () -> s.invoke(5));
            assertEquals(0x12345678, e.result().code());
            assertEquals(Origin.TRUSTED_APP, e.origin());
        }
    }

    @Test
    void invokeWithoutParametersSendsNone() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            s.invoke(9);
            assertEquals(0, world.lastInvoke().paramTypes());
            assertEquals(0, world.lastInvoke().cancelId());
            assertNull(s.invoke(10, null));
        }
    }

    @Test
    void invokeOnAClosedSessionIsBadParametersFromComms() {
        Session s = ctx.openSession(Fakes.TA);
        s.close();
        assertTrue(s.isClosed());
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.COMMS, () -> s.invoke(1));
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.COMMS,
                () -> s.invoke(1, Operation.create().value(0, ParamType.VALUE_INPUT, 1, 2)));
        assertTrue(world.calls(FakeWorld.Kind.INVOKE).isEmpty());
    }

    @Test
    void unknownSessionAnsweredByTheWorldIsBadParametersFromComms() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            world.openSessions.clear(); // the world no longer knows the id
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.COMMS, () -> s.invoke(1));
        }
    }

    @Test
    void closeIsIdempotentAndSendsOneCloseSession() {
        Session s = ctx.openSession(Fakes.TA);
        s.close();
        s.close();
        assertEquals(1, world.calls(FakeWorld.Kind.CLOSE).size());
        assertEquals(s.id(), world.calls(FakeWorld.Kind.CLOSE).get(0).session());
        assertTrue(world.openSessions.isEmpty());
        assertEquals(0, ctx.openSessions());
    }

    @Test
    void closeNeverThrowsEvenWhenTheWorldRefusesOrFails() {
        Session a = ctx.openSession(Fakes.TA);
        Session b = ctx.openSession(Fakes.TA);
        world.handler = (k, f) -> f.result = TeeResult.GENERIC.code();
        a.close();
        world.transportFailure = new IllegalStateException("link down");
        b.close();
        assertTrue(a.isClosed() && b.isClosed());
    }

    // ---- transport failures: origin COMMS

    @Test
    void transportRuntimeExceptionIsGenericFromComms() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            world.transportFailure = new IllegalStateException("socket closed");
            TeeException e = assertTeeError(TeeResult.GENERIC, Origin.COMMS, () -> s.invoke(1));
            assertSame(world.transportFailure, e.getCause());
            world.transportFailure = null;
        }
    }

    @Test
    void transportIllegalArgumentIsBadParametersFromComms() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            world.transportFailure = new IllegalArgumentException("EINVAL");
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.COMMS, () -> s.invoke(1));
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.COMMS, () -> ctx.openSession(Fakes.TA));
            world.transportFailure = null;
        }
    }

    @Test
    void transportOutOfMemoryIsOutOfMemoryFromComms() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            world.transportFailure = new OutOfMemoryError("ENOMEM");
            assertTeeError(TeeResult.OUT_OF_MEMORY, Origin.COMMS, () -> s.invoke(1));
            world.transportFailure = null;
        }
    }

    @Test
    void transportTeeExceptionPassesAsIs() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            world.transportFailure = new TeeException(TeeResult.COMMUNICATION, Origin.COMMS, "peer gone");
            assertSame(world.transportFailure, assertThrows(TeeException.class, () -> s.invoke(1)));
            world.transportFailure = null;
        }
    }

    @Test
    void unknownOriginFromTheWorldIsComms() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            world.handler = (k, f) -> {
                f.result = TeeResult.GENERIC.code();
                f.origin = 99;
            };
            assertTeeError(TeeResult.GENERIC, Origin.COMMS, () -> s.invoke(1));
        }
    }

    // ---- async

    @Test
    void invokeAsyncCompletesWithTheOperationOnAVirtualThread() throws Exception {
        world.handler = (k, f) -> f.valueA[0] = f.valueA[0] + 1;
        try (Session s = ctx.openSession(Fakes.TA)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 41, 0);
            CompletableFuture<Operation> f = s.invokeAsync(1, op);
            assertSame(op, f.get(10, TimeUnit.SECONDS));
            assertEquals(42, op.valueA(0));
            assertTrue(world.lastInvoke().thread().isVirtual());
        }
    }

    @Test
    void invokeAsyncCompletesExceptionallyWithTheTeeException() throws Exception {
        try (Session s = ctx.openSession(Fakes.TA)) {
            world.handler = (k, f) -> {
                if (k == FakeWorld.Kind.INVOKE) {
                    f.result = TeeResult.BUSY.code();
                    f.origin = Origin.TEE.value();
                }
            };
            CompletableFuture<Operation> f = s.invokeAsync(1, Operation.create());
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            TeeException cause = assertInstanceOf(TeeException.class, e.getCause());
            assertEquals(TeeResult.BUSY, cause.result());
            assertEquals(Origin.TEE, cause.origin());
            assertSame(cause, f.exceptionNow());
        }
    }
}
