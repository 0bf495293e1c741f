package dev.jtee.client;

import static dev.jtee.client.Fakes.assertTeeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.flow.ManualClock;
import dev.jtee.flow.Policy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The driver's flow control on a fake world: instance gates keep calls for a busy instance in the
 * normal world, the in-flight limit, session slots per TA, the queue bound, deadlines (on an
 * injected clock), rate limits, cancellation, and conservation of calls.
 */
class FlowControlTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int HOLD = 9;

    /**
     * A fake world whose sessions are served by the instance named in the open operation's value a,
     * whose command {@link #HOLD} blocks until released, and which counts calls inside per instance.
     */
    static final class Instances {
        final FakeWorld world;
        final Semaphore leave = new Semaphore(0);
        final Map<Integer, Integer> instanceOf = new ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> inside = new ConcurrentHashMap<>();
        final AtomicInteger maxInsideOneInstance = new AtomicInteger();

        Instances(int threads) {
            world = new FakeWorld(threads);
            world.handler = (k, f) -> {
                if (k == FakeWorld.Kind.OPEN) {
                    f.instance = f.valueA[0];
                    instanceOf.put(f.session, f.instance);
                    return;
                }
                Integer inst = instanceOf.get(f.session);
                if (k != FakeWorld.Kind.INVOKE || inst == null) {
                    return;
                }
                AtomicInteger n = inside.computeIfAbsent(inst, i -> new AtomicInteger());
                maxInsideOneInstance.accumulateAndGet(n.incrementAndGet(), Math::max);
                try {
                    if (f.command == HOLD) {
                        leave.acquire();
                    }
                } finally {
                    n.decrementAndGet();
                }
            };
        }

        Session open(Context ctx, int instance) {
            return ctx.openSession(Fakes.TA, Login.PUBLIC, null, Operation.create().value(0, ParamType.VALUE_INPUT, instance, 0));
        }
    }

    private static void assertConserved(Context ctx) {
        FlowStats s = ctx.flowStats();
        assertEquals(0, s.underWay(), () -> "every call ended: " + s);
        assertEquals(s.submitted(), s.completed() + s.refused() + s.cancelled(), () -> s.toString());
        assertEquals(0, s.queued());
        assertEquals(0, s.inFlight());
    }

    @Test
    void aCallForABusyInstanceWaitsInTheNormalWorldAndLeavesSecureThreadsToOthers() throws Exception {
        Instances w = new Instances(2);
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext()) {
            Session hot = w.open(ctx, 7);
            Session hot2 = w.open(ctx, 7);
            Session other = w.open(ctx, 8);
            CompletableFuture<Operation> first = hot.invokeAsync(HOLD, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> w.world.inside.get() == 1));
            // two more calls for instance 7: without the gate each would hold a secure thread waiting
            CompletableFuture<Operation> second = hot2.invokeAsync(1, Operation.create());
            CompletableFuture<Operation> third = hot.invokeAsync(1, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> ctx.flowStats().queued() == 2));
            assertEquals(1, w.world.inside.get(), "the waiting calls hold no secure thread");
            // the other instance still gets the second secure thread at once
            assertTimeoutPreemptively(LIMIT, () -> other.invoke(1));
            w.leave.release();
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
            third.get(30, TimeUnit.SECONDS);
            assertEquals(1, w.maxInsideOneInstance.get(), "one call per instance inside at a time");
            assertConserved(ctx);
        }
    }

    @Test
    void withFlowControlOffCallsForABusyInstanceEnterAndHoldSecureThreads() throws Exception {
        Instances w = new Instances(3);
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(FlowControl.off())) {
            Session a = w.open(ctx, 7);
            Session b = w.open(ctx, 7);
            CompletableFuture<Operation> first = a.invokeAsync(HOLD, Operation.create());
            CompletableFuture<Operation> second = b.invokeAsync(HOLD, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> w.world.inside.get() == 2));
            assertEquals(0, ctx.flowStats().queued());
            w.leave.release(2);
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
            assertConserved(ctx);
        }
    }

    @Test
    void theInFlightLimitDefaultsToTheSecureThreadsAndIsSettable() throws Exception {
        Instances w = new Instances(4);
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(); Context two = tee.newContext(FlowControl.builder().maxInFlight(2).build())) {
            assertEquals(4, ctx.flowStats().limit());
            assertEquals(2, two.flowStats().limit());
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sessions.add(w.open(two, 100 + i));
            }
            List<CompletableFuture<Operation>> calls = new ArrayList<>();
            for (Session s : sessions) {
                calls.add(s.invokeAsync(HOLD, Operation.create()));
            }
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> two.flowStats().queued() == 2 && w.world.inside.get() == 2));
            assertEquals(2, two.flowStats().inFlight());
            w.leave.release(4);
            for (CompletableFuture<Operation> c : calls) {
                c.get(30, TimeUnit.SECONDS);
            }
            assertTrue(w.world.maxInside.get() <= 2);
            assertConserved(two);
        }
    }

    @Test
    void aFullQueueRefusesWithBusyFromCommsSayingWhy() throws Exception {
        Instances w = new Instances(2);
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(FlowControl.builder().queueCapacity(1).build())) {
            Session s = w.open(ctx, 7);
            CompletableFuture<Operation> running = s.invokeAsync(HOLD, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> w.world.inside.get() == 1));
            CompletableFuture<Operation> waiting = s.invokeAsync(1, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> ctx.flowStats().queued() == 1));
            TeeException e = assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> s.invoke(1));
            assertTrue(e.getMessage().contains("queue full (1 calls waiting)"), e.getMessage());
            w.leave.release();
            running.get(30, TimeUnit.SECONDS);
            waiting.get(30, TimeUnit.SECONDS);
            FlowStats st = ctx.flowStats();
            assertEquals(1, st.refusedQueueFull());
            assertEquals(1, st.peakQueued());
            assertConserved(ctx);
        }
    }

    @Test
    void failFastRefusesAtOnceWhenNothingIsFree() throws Exception {
        Instances w = new Instances(2);
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(FlowControl.builder().policy(Policy.FAIL_FAST).build())) {
            Session s = w.open(ctx, 7);
            CompletableFuture<Operation> running = s.invokeAsync(HOLD, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> w.world.inside.get() == 1));
            TeeException e = assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> s.invoke(1));
            assertTrue(e.getMessage().contains("FAIL_FAST"), e.getMessage());
            w.leave.release();
            running.get(30, TimeUnit.SECONDS);
            assertConserved(ctx);
        }
    }

    @Test
    void aCallStillWaitingAtItsDeadlineEndsWithBusyAfterThatManyMs() throws Exception {
        Instances w = new Instances(2);
        ManualClock clock = new ManualClock();
        FlowControl flow = FlowControl.builder().deadline(Duration.ofMillis(250)).clock(clock).build();
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(flow)) {
            Session s = w.open(ctx, 7);
            CompletableFuture<Operation> running = s.invokeAsync(HOLD, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> w.world.inside.get() == 1));
            CompletableFuture<Operation> waiting = s.invokeAsync(1, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> ctx.flowStats().queued() == 1));
            clock.advance(TimeUnit.MILLISECONDS.toNanos(249));
            Thread.sleep(20); // waiters re-read the clock every few ms: still within the deadline
            assertEquals(1, ctx.flowStats().queued());
            clock.advance(TimeUnit.MILLISECONDS.toNanos(1));
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
            TeeException busy = assertInstanceOf(TeeException.class, e.getCause());
            assertEquals(TeeResult.BUSY, busy.result());
            assertEquals(Origin.COMMS, busy.origin());
            assertTrue(busy.getMessage().contains("deadline passed after 250 ms"), busy.getMessage());
            w.leave.release();
            running.get(30, TimeUnit.SECONDS);
            assertEquals(1, ctx.flowStats().refusedDeadline());
            assertEquals(1, w.world.calls(FakeWorld.Kind.INVOKE).size(), "the refused call never reached the world");
            assertConserved(ctx);
        }
    }

    @Test
    void cancellingAWaitingCallEndsItWithCancelAndTheOthersGoOn() throws Exception {
        Instances w = new Instances(2);
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext()) {
            Session s = w.open(ctx, 7);
            CompletableFuture<Operation> running = s.invokeAsync(HOLD, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> w.world.inside.get() == 1));
            Operation cancelled = Operation.create();
            CompletableFuture<Operation> waiting = s.invokeAsync(2, cancelled);
            CompletableFuture<Operation> behind = s.invokeAsync(3, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> ctx.flowStats().queued() == 2));
            cancelled.requestCancellation();
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
            TeeException cancel = assertInstanceOf(TeeException.class, e.getCause());
            assertEquals(TeeResult.CANCEL, cancel.result());
            assertEquals(Origin.COMMS, cancel.origin());
            assertEquals(1, ctx.flowStats().queued());
            w.leave.release();
            running.get(30, TimeUnit.SECONDS);
            behind.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(HOLD, 3), w.world.calls(FakeWorld.Kind.INVOKE).stream().map(FakeWorld.Call::command).toList());
            assertEquals(1, ctx.flowStats().cancelled());
            assertConserved(ctx);
            // the operation can be used again after a cancellation
            s.invoke(4, cancelled);
        }
    }

    @Test
    void theRateLimitRefusesBeyondItsBurstUntilTokensComeBack() {
        Instances w = new Instances(2);
        ManualClock clock = new ManualClock();
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(FlowControl.builder().rateLimit(10, 2).clock(clock).build())) {
            Session s = w.open(ctx, 7); // an open counts too
            s.invoke(1);
            TeeException e = assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> s.invoke(1));
            assertTrue(e.getMessage().contains("rate limited (10.0 calls/s, burst 2)"), e.getMessage());
            clock.advance(TimeUnit.MILLISECONDS.toNanos(100));
            s.invoke(1);
            assertEquals(1, ctx.flowStats().refusedRateLimited());
            s.close(); // closes are never refused
            assertConserved(ctx);
        }
    }

    /** TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION: every session on one instance and heap. */
    static final int SHARED = (1 << 2) | (1 << 3);

    @Test
    void opensBeyondTheSessionsPerSingleInstanceTaWaitForASlotThenGetOne() throws Exception {
        Instances w = new Instances(4);
        w.world.taFlags.put(Fakes.TA, SHARED);
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(FlowControl.builder().maxSessionsPerTa(2).build())) {
            Session a = w.open(ctx, 7);
            Session b = w.open(ctx, 7); // one instance twice: a single-instance TA, one shared heap
            CompletableFuture<Session> third = CompletableFuture.supplyAsync(() -> w.open(ctx, 7));
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> ctx.flowStats().queued() == 1));
            assertEquals(2, w.world.calls(FakeWorld.Kind.OPEN).size());
            a.close();
            Session c = third.get(30, TimeUnit.SECONDS);
            assertEquals(3, w.world.calls(FakeWorld.Kind.OPEN).size());
            b.close();
            c.close();
            assertConserved(ctx);
        }
        try (Tee tee = Fakes.tee(w.world);
             Context ctx = tee.newContext(FlowControl.builder().maxSessionsPerTa(2).policy(Policy.FAIL_FAST).build())) {
            Session a = w.open(ctx, 7);
            Session b = w.open(ctx, 7);
            TeeException e = assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> w.open(ctx, 7));
            assertTrue(e.getMessage().contains("FAIL_FAST"), e.getMessage());
            a.close();
            w.open(ctx, 7).close(); // the slot came back with the close
            b.close();
            assertConserved(ctx);
        }
    }

    @Test
    void aSessionSlotNotFreeByTheDeadlineSaysSo() {
        Instances w = new Instances(4);
        w.world.taFlags.put(Fakes.TA, SHARED);
        ManualClock clock = new ManualClock();
        FlowControl flow = FlowControl.builder().maxSessionsPerTa(2).deadline(Duration.ofMillis(30)).clock(clock).build();
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(flow)) {
            w.open(ctx, 7);
            w.open(ctx, 7);
            CompletableFuture<Session> third = CompletableFuture.supplyAsync(() -> w.open(ctx, 7));
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> ctx.flowStats().queued() == 1));
            clock.advance(TimeUnit.MILLISECONDS.toNanos(30));
            ExecutionException e = assertThrows(ExecutionException.class, () -> third.get(30, TimeUnit.SECONDS));
            TeeException busy = assertInstanceOf(TeeException.class, e.getCause());
            assertEquals(TeeResult.BUSY, busy.result());
            assertTrue(busy.getMessage().contains("deadline passed after 30 ms waiting for one of the 2 session slots of TA "
                    + Fakes.TA), busy.getMessage());
        }
    }

    @Test
    void sessionsOfAMultiInstanceTaAreNotBounded() {
        Instances w = new Instances(4);
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(FlowControl.builder().maxSessionsPerTa(2).build())) {
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sessions.add(w.open(ctx, 100 + i)); // an instance per session
            }
            sessions.forEach(Session::close);
            assertConserved(ctx);
        }
    }

    @Test
    void opensOfASingleInstanceTaWaitForItsInstanceToo() throws Exception {
        Instances w = new Instances(3);
        w.world.taFlags.put(Fakes.TA, SHARED);
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext()) {
            Session a = w.open(ctx, 7);
            Session b = w.open(ctx, 7); // the same instance twice: single-instance
            CompletableFuture<Operation> running = a.invokeAsync(HOLD, Operation.create());
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> w.world.inside.get() == 1));
            CompletableFuture<Session> opening = CompletableFuture.supplyAsync(() -> w.open(ctx, 7));
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> ctx.flowStats().queued() == 1));
            assertEquals(2, w.world.calls(FakeWorld.Kind.OPEN).size(), "the open waits outside");
            w.leave.release();
            running.get(30, TimeUnit.SECONDS);
            opening.get(30, TimeUnit.SECONDS).close();
            b.close();
            a.close();
            assertConserved(ctx);
        }
    }

    @Test
    void conservationHoldsUnderLoadWithRefusalsAndTheMetersSayTheSame() throws Exception {
        Instances w = new Instances(2);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        FlowControl flow = FlowControl.builder().queueCapacity(4).deadline(Duration.ofMillis(20)).meterRegistry(registry).build();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        w.world.handler = (k, f) -> {
            if (k == FakeWorld.Kind.OPEN) {
                f.instance = f.valueA[0];
            } else if (k == FakeWorld.Kind.INVOKE) {
                Thread.sleep(0, 200_000);
            }
        };
        try (Tee tee = Fakes.tee(w.world, TimeUnit.MILLISECONDS.toNanos(1)); Context ctx = tee.newContext(flow)) {
            List<Session> sessions = List.of(w.open(ctx, 1), w.open(ctx, 1), w.open(ctx, 2));
            assertTimeoutPreemptively(LIMIT, () -> {
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    Session s = sessions.get(i % sessions.size());
                    threads.add(Thread.ofPlatform().start(() -> {
                        for (int n = 0; n < 200; n++) {
                            try {
                                s.invoke(1);
                                ok.incrementAndGet();
                            } catch (TeeException e) {
                                assertEquals(TeeResult.BUSY, e.result());
                                busy.incrementAndGet();
                            }
                        }
                    }));
                }
                for (Thread t : threads) {
                    t.join();
                }
            });
            FlowStats s = ctx.flowStats();
            assertEquals(3 + 16 * 200, s.submitted());
            assertEquals(busy.get(), s.refused());
            assertEquals(ok.get() + 3, s.completed());
            assertTrue(s.peakQueued() <= 4, s::toString);
            assertConserved(ctx);
            assertEquals(s.submitted(), registry.get("jtee.client.calls").tag("outcome", "submitted").functionCounter().count());
            assertEquals(s.completed(), registry.get("jtee.client.calls").tag("outcome", "completed").functionCounter().count());
            assertTrue(registry.find("jtee.flow.inflight").gauges().size() + registry.find("jtee.flow.limit").gauges().size() > 0,
                    () -> "the limiter's meters: " + registry.getMetersAsString());
        }
    }

    @Test
    void closingTheContextEndsItsWaitingCallsAndClosesItsSessions() throws Exception {
        Instances w = new Instances(2);
        Tee tee = Fakes.tee(w.world);
        Context ctx = tee.newContext();
        Session s = w.open(ctx, 7);
        CompletableFuture<Operation> running = s.invokeAsync(HOLD, Operation.create());
        assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> w.world.inside.get() == 1));
        CompletableFuture<Operation> waiting = s.invokeAsync(1, Operation.create());
        assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> ctx.flowStats().queued() == 1));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(ctx::close);
        ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
        assertEquals(TeeResult.BAD_STATE, assertInstanceOf(TeeException.class, e.getCause()).result());
        w.leave.release();
        running.get(30, TimeUnit.SECONDS);
        closing.get(30, TimeUnit.SECONDS);
        assertEquals(1, w.world.calls(FakeWorld.Kind.CLOSE).size());
        assertConserved(ctx);
        tee.close();
    }
}
