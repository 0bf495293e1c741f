package dev.jtee.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** TEEC_RequestCancellation: ids and targets (the queued case is in DriverQueueTest). */
class CancellationTest extends OnFakeWorld {
    @Test
    void everyOperationHasANonZeroCancelIdOfItsOwn() {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int id = Operation.create().cancelId;
            assertNotEquals(0, id);
            assertTrue(ids.add(id), "ids are distinct");
        }
    }

    @Test
    void theCancelIdTravelsWithEveryCallOfTheOperation() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            Operation op = Operation.create().value(0, ParamType.VALUE_INPUT, 1, 0);
            s.invoke(1, op);
            s.invoke(2, op);
            assertEquals(op.cancelId, world.calls(FakeWorld.Kind.INVOKE).get(0).cancelId());
            assertEquals(op.cancelId, world.calls(FakeWorld.Kind.INVOKE).get(1).cancelId());
        }
    }

    @Test
    void requestCancellationOnAnOperationNeverUsedIsANoOp() {
        Operation.create().requestCancellation();
        assertTrue(world.cancellations.isEmpty());
    }

    @Test
    void requestCancellationTargetsTheSessionLastUsedWithTheOperation() {
        try (Session a = ctx.openSession(Fakes.TA); Session b = ctx.openSession(Fakes.TA)) {
            Operation op = Operation.create();
            a.invoke(1, op);
            op.requestCancellation();
            assertArrayEquals(new int[] {a.id(), op.cancelId}, world.cancellations.get(0));
            b.invoke(1, op);
            op.requestCancellation();
            assertArrayEquals(new int[] {b.id(), op.cancelId}, world.cancellations.get(1));
        }
    }

    @Test
    void requestCancellationOfAnOpenTargetsTheOpenBeingMade() {
        Operation op = Operation.create();
        ctx.openSession(Fakes.TA, Login.PUBLIC, null, op).close();
        op.requestCancellation();
        // no session yet while opening: session 0 and the operation's id
        assertArrayEquals(new int[] {0, op.cancelId}, world.cancellations.get(0));
    }

    @Test
    void requestCancellationDuringACallReachesTheWorld() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        world.handler = (k, f) -> {
            if (k == FakeWorld.Kind.INVOKE) {
                inside.countDown();
                assertTrue(cancelled.await(10, TimeUnit.SECONDS));
                f.result = TeeResult.CANCEL.code();
            }
        };
        try (Session s = ctx.openSession(Fakes.TA)) {
            Operation op = Operation.create();
            CompletableFuture<Operation> call = s.invokeAsync(7, op);
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            op.requestCancellation();
            assertArrayEquals(new int[] {s.id(), op.cancelId}, world.cancellations.get(0));
            cancelled.countDown();
            ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
            assertEquals(TeeResult.CANCEL, assertInstanceOf(TeeException.class, e.getCause()).result());
        }
    }
}
