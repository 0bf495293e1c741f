package dev.jtee.client;

import static dev.jtee.client.Fakes.assertTeeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The driver's call queue with real threads: callers that find no free secure thread wait in FIFO
 * order and are never failed (OP-TEE Linux driver behaviour); cancelling a queued call ends it
 * with CANCEL, origin COMMS. Most tests use a driver without the head's timed retry, so a lost
 * wake-up would hang them into their time limit.
 */
class DriverQueueTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void threadLimitQueuesTheCallerAndRetriesUntilItRuns() {
        FakeWorld world = new FakeWorld(2);
        // nothing of this driver is in flight: only the head's own retry can end the wait
        try (Tee tee = Fakes.tee(world, TimeUnit.MILLISECONDS.toNanos(1)); Context ctx = tee.newContext(FlowControl.off())) {
            Session s = ctx.openSession(Fakes.TA);
            world.threadLimitAnswers.set(3);
            world.handler = (k, f) -> f.valueA[0] = f.valueA[0] + 1;
            Operation op = Operation.create().value(0, ParamType.VALUE_INOUT, 1, 0);
            assertTimeoutPreemptively(LIMIT, () -> s.invoke(5, op));
            assertEquals(2, op.valueA(0));
            assertEquals(3, world.threadLimitsGiven.get());
            assertEquals(1, world.calls(FakeWorld.Kind.INVOKE).size(), "the call ran once");
            assertEquals(1, tee.driver.queuedCalls());
            assertEquals(0, tee.driver.queued());
        }
    }

    @Test
    void openAndCloseSessionAreQueuedOnThreadLimitToo() {
        FakeWorld world = new FakeWorld(1);
        try (Tee tee = Fakes.tee(world, TimeUnit.MILLISECONDS.toNanos(1)); Context ctx = tee.newContext(FlowControl.off())) {
            world.threadLimitAnswers.set(2);
            Session s = assertTimeoutPreemptively(LIMIT, () -> ctx.openSession(Fakes.TA));
            world.threadLimitAnswers.set(2);
            assertTimeoutPreemptively(LIMIT, s::close);
            assertEquals(1, world.calls(FakeWorld.Kind.CLOSE).size());
            assertTrue(world.openSessions.isEmpty());
            assertEquals(2, tee.driver.queuedCalls());
        }
    }

    @Test
    void sixteenCallersOnTwoSecureThreadsAllCompleteInFifoOrder() {
        FakeWorld world = new FakeWorld(2);
        Semaphore leave = new Semaphore(0);
        List<Integer> entered = new CopyOnWriteArrayList<>();
        try (Tee tee = Fakes.tee(world); Context ctx = tee.newContext(FlowControl.off())) {
            Session s = ctx.openSession(Fakes.TA);
            world.handler = (k, f) -> {
                if (k == FakeWorld.Kind.INVOKE) {
                    entered.add(f.command);
                    leave.acquire();
                    f.valueA[0] = f.command * 10;
                }
            };
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            List<Thread> callers = new ArrayList<>();
            assertTimeoutPreemptively(LIMIT, () -> {
                for (int i = 0; i < 16; i++) {
                    int caller = i;
                    callers.add(Thread.ofPlatform().name("caller-" + i).start(() -> {
                        try {
                            Operation op = s.invoke(caller, Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0));
                            assertEquals(caller * 10, op.valueA(0));
                        } catch (Throwable t) {
                            errors.add(t);
                        }
                    }));
                    // one at a time, so the queue's order is the order of the callers
                    if (i < 2) {
                        Fakes.await(() -> entered.size() == caller + 1);
                    } else {
                        Fakes.await(() -> tee.driver.queued() == caller - 1);
                    }
                }
                assertEquals(14, tee.driver.queued());
                for (int done = 1; done <= 16; done++) {
                    leave.release(); // one secure thread comes free: the head of the queue gets it
                    int expected = Math.min(16, done + 2);
                    Fakes.await(() -> entered.size() == expected);
                }
                for (Thread t : callers) {
                    t.join();
                }
            });
            assertTrue(errors.isEmpty(), () -> "callers failed: " + errors);
            assertEquals(IntStream.range(0, 16).boxed().toList(), entered, "secure threads went to the callers in FIFO order");
            assertEquals(2, world.maxInside.get());
            assertEquals(14, tee.driver.queuedCalls());
            assertEquals(0, tee.driver.queued());
        }
    }

    @Test
    void manyCallersOnFewSecureThreadsNeverLoseAWakeUp() {
        FakeWorld world = new FakeWorld(2);
        try (Tee tee = Fakes.tee(world); Context ctx = tee.newContext(FlowControl.off())) {
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sessions.add(ctx.openSession(Fakes.TA));
            }
            world.handler = (k, f) -> {
                for (int spin = 0; spin < 200; spin++) {
                    Thread.onSpinWait();
                }
                f.valueA[0] = f.valueA[0] + 1;
            };
            int callers = 32;
            int calls = 500;
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            assertTimeoutPreemptively(LIMIT, () -> {
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    Session s = sessions.get(i % sessions.size());
                    Thread.Builder builder = i % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
                    threads.add(builder.start(() -> {
                        Operation op = Operation.create();
                        try {
                            for (int n = 0; n < calls; n++) {
                                op.value(0, ParamType.VALUE_INOUT, n, 0);
                                s.invoke(1, op);
                                assertEquals(n + 1, op.valueA(0));
                            }
                        } catch (Throwable t) {
                            errors.add(t);
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
            });
            assertTrue(errors.isEmpty(), () -> "callers failed: " + errors.peek());
            assertEquals(callers * calls, world.calls(FakeWorld.Kind.INVOKE).size(), "every call ran, none failed");
            assertTrue(world.maxInside.get() <= 2);
            assertTrue(tee.driver.queuedCalls() > 0, "the queue was used");
            assertEquals(0, tee.driver.queued());
        }
    }

    @Test
    void cancellingAQueuedCallEndsItWithCancelFromComms() throws Exception {
        FakeWorld world = new FakeWorld(1);
        Semaphore leave = new Semaphore(0);
        try (Tee tee = Fakes.tee(world); Context ctx = tee.newContext(FlowControl.off())) {
            Session s = ctx.openSession(Fakes.TA);
            CompletableFuture<Operation> holder = holdTheSecureThread(world, s, leave);
            Operation queued = Operation.create().value(0, ParamType.VALUE_INPUT, 5, 0);
            CompletableFuture<Operation> waiting = s.invokeAsync(2, queued);
            Operation behind = Operation.create();
            CompletableFuture<Operation> last = s.invokeAsync(3, behind);
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> tee.driver.queued() == 2));

            queued.requestCancellation();
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
            TeeException cancel = assertInstanceOf(TeeException.class, e.getCause());
            assertEquals(TeeResult.CANCEL, cancel.result());
            assertEquals(Origin.COMMS, cancel.origin());
            assertEquals(1, tee.driver.queued(), "the other caller still waits");

            leave.release();
            holder.get(30, TimeUnit.SECONDS);
            last.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(1, 3), world.calls(FakeWorld.Kind.INVOKE).stream().map(FakeWorld.Call::command).toList(),
                    "the cancelled call never reached the world");
        }
    }

    @Test
    void interruptingAQueuedCallerCancelsItsCallAndKeepsTheInterrupt() throws Exception {
        FakeWorld world = new FakeWorld(1);
        Semaphore leave = new Semaphore(0);
        try (Tee tee = Fakes.tee(world); Context ctx = tee.newContext(FlowControl.off())) {
            Session s = ctx.openSession(Fakes.TA);
            CompletableFuture<Operation> holder = holdTheSecureThread(world, s, leave);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    s.invoke(2);
                } catch (Throwable t) {
                    failure.set(t);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> tee.driver.queued() == 1));
            caller.interrupt();
            assertTrue(caller.join(Duration.ofSeconds(30)));
            TeeException e = assertInstanceOf(TeeException.class, failure.get());
            assertEquals(TeeResult.CANCEL, e.result());
            assertEquals(Origin.COMMS, e.origin());
            assertTrue(stillInterrupted.get());
            leave.release();
            holder.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void closingTheDriverEndsQueuedCalls() throws Exception {
        FakeWorld world = new FakeWorld(1);
        Semaphore leave = new Semaphore(0);
        Tee tee = Fakes.tee(world);
        Context ctx = tee.newContext(FlowControl.off());
        Session s = ctx.openSession(Fakes.TA);
        CompletableFuture<Operation> holder = holdTheSecureThread(world, s, leave);
        CompletableFuture<Operation> waiting = s.invokeAsync(2, Operation.create());
        assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> tee.driver.queued() == 1));
        tee.driver.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
        assertEquals(TeeResult.COMMUNICATION, ((TeeException) e.getCause()).result());
        assertEquals(Origin.COMMS, ((TeeException) e.getCause()).origin());
        leave.release();
        holder.get(30, TimeUnit.SECONDS);
        assertTrue(tee.driver.isClosed());
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.COMMS, () -> {
            s.close(); // not sent: the driver is closed
            s.invoke(3);
        });
        tee.close();
        assertFalse(world.closed);
    }

    @Test
    void asyncInvokesRunConcurrentlyOnVirtualThreadsAndAllComplete() {
        FakeWorld world = new FakeWorld(4);
        try (Tee tee = Fakes.tee(world); Context ctx = tee.newContext(FlowControl.off())) {
            Session s = ctx.openSession(Fakes.TA);
            world.handler = (k, f) -> {
                Thread.sleep(1);
                f.valueA[0] = f.valueA[0] * 2;
            };
            List<CompletableFuture<Operation>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(s.invokeAsync(1, Operation.create().value(0, ParamType.VALUE_INOUT, i, 0)));
            }
            assertTimeoutPreemptively(LIMIT, () -> CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join());
            for (int i = 0; i < 200; i++) {
                assertEquals(2 * i, futures.get(i).join().valueA(0));
            }
            assertTrue(world.maxInside.get() <= 4);
        }
    }

    /**
     * Occupies the world's only secure thread with command 1 until {@code leave} is released, and
     * returns once that call is inside the world.
     */
    private static CompletableFuture<Operation> holdTheSecureThread(FakeWorld world, Session s, Semaphore leave) {
        world.handler = (k, f) -> {
            if (k == FakeWorld.Kind.INVOKE && f.command == 1) {
                leave.acquire();
            }
        };
        CompletableFuture<Operation> holder = s.invokeAsync(1, Operation.create());
        assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> world.calls(FakeWorld.Kind.INVOKE).size() == 1));
        return holder;
    }
}
