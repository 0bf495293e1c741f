package dev.jtee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.flow.Admission;
import dev.jtee.flow.Limiter;
import dev.jtee.flow.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The instance gate's flat combining: one call inside at a time, every call run once, waits that end cleanly. */
class CallCombinerTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static ContextFlow flow(FlowControl config) {
        return new ContextFlow(config, 8);
    }

    private static CallCombiner.Node node(CallCombiner.Body body) {
        CallCombiner.Node n = new CallCombiner.Node();
        n.body = body;
        return n;
    }

    /** A caller holding {@code gate} with a call that lasts until {@code leave}; returns once it is inside. */
    private static Thread holder(CallCombiner gate, ContextFlow flow, CountDownLatch leave) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        Thread h = Thread.ofPlatform().start(() -> gate.run(node(x -> {
            inside.countDown();
            try {
                leave.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }), Limiter.NO_DEADLINE, Integer.MAX_VALUE, flow));
        inside.await();
        return h;
    }

    @Test
    void manyCallersNeverOverlapAndEveryCallRunsExactlyOnceOnSomeThread() {
        CallCombiner gate = new CallCombiner();
        ContextFlow flow = flow(FlowControl.defaults());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        Set<Thread> runners = ConcurrentHashMap.newKeySet();
        int threads = 32;
        int calls = 2_000; // holders come and go, and hand queued calls to the runner
        assertTimeoutPreemptively(LIMIT, () -> {
            List<Thread> ts = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                ts.add(Thread.ofPlatform().start(() -> {
                    AtomicInteger mine = new AtomicInteger();
                    CallCombiner.Node n = node(x -> {
                        int in = inside.incrementAndGet();
                        peak.accumulateAndGet(in, Math::max);
                        runners.add(Thread.currentThread());
                        mine.incrementAndGet();
                        ran.incrementAndGet();
                        inside.decrementAndGet();
                    });
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    for (int i = 0; i < calls; i++) {
                        assertSame(Admission.GRANTED, gate.run(n, Limiter.NO_DEADLINE, Integer.MAX_VALUE, flow));
                        assertEquals(i + 1, mine.get(), "each call ran once before its caller went on");
                    }
                }));
            }
            start.countDown();
            for (Thread t : ts) {
                t.join();
            }
        });
        assertEquals(1, peak.get(), "one call inside at a time");
        assertEquals(threads * calls, ran.get());
        assertEquals(0, flow.waiting.get(), "nobody counted as waiting afterwards");
        assertTrue(runners.size() >= 1);
    }

    @Test
    void aCallRunByTheHolderHandsItsFailureToItsOwnCaller() throws Exception {
        CallCombiner gate = new CallCombiner();
        ContextFlow flow = flow(FlowControl.defaults());
        CountDownLatch leave = new CountDownLatch(1);
        Thread h = holder(gate, flow, leave);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        IllegalStateException boom = new IllegalStateException("boom");
        CallCombiner.Node failing = node(x -> {
            ranOn.set(Thread.currentThread());
            throw boom;
        });
        AtomicReference<Admission> verdict = new AtomicReference<>();
        Thread w = Thread.ofPlatform().start(() -> verdict.set(gate.run(failing, Limiter.NO_DEADLINE, Integer.MAX_VALUE, flow)));
        assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> flow.waiting.get() == 1));
        leave.countDown();
        assertTimeoutPreemptively(LIMIT, () -> {
            h.join();
            w.join();
        });
        assertSame(Admission.GRANTED, verdict.get());
        assertSame(boom, failing.failure, "the caller rethrows what its call threw");
        assertSame(h, ranOn.get(), "the holder ran the queued call on its own thread");
    }

    @Test
    void aHolderRunsABatchAfterItsOwnCallThenReturnsAndTheRunnerRunsTheRestInOrder() throws Exception {
        CallCombiner gate = new CallCombiner();
        ContextFlow flow = flow(FlowControl.defaults());
        CountDownLatch leave = new CountDownLatch(1);
        Thread h = holder(gate, flow, leave);
        int queued = CallCombiner.BATCH + 2;
        List<Integer> order = new ArrayList<>(); // written under the gate only
        Thread[] ranOn = new Thread[queued];
        List<Thread> callers = new ArrayList<>();
        CountDownLatch lastInside = new CountDownLatch(1);
        CountDownLatch lastLeave = new CountDownLatch(1);
        for (int i = 0; i < queued; i++) {
            int call = i;
            callers.add(queue(gate, flow, i + 1, x -> {
                ranOn[call] = Thread.currentThread();
                order.add(call);
                if (call == queued - 1) {
                    lastInside.countDown();
                    try {
                        lastLeave.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }

        leave.countDown();
        assertTimeoutPreemptively(LIMIT, () -> {
            lastInside.await();
            h.join(); // back with its caller while a queued call is still inside
        });
        Thread last = callers.get(queued - 1);
        assertTrue(last.isAlive(), "the last caller still waits for its call");
        lastLeave.countDown();
        assertTimeoutPreemptively(LIMIT, () -> {
            for (Thread c : callers) {
                c.join();
            }
        });
        List<Integer> arrival = new ArrayList<>();
        for (int i = 0; i < queued; i++) {
            arrival.add(i);
            Thread expected = i < CallCombiner.BATCH ? h : ranOn[queued - 1];
            assertSame(expected, ranOn[i], "call " + i);
        }
        assertEquals(arrival, order, "arrival order");
        assertEquals("jtee-gate-runner", ranOn[queued - 1].getName(), "the runner ran the calls after the holder's batch");
    }

    @Test
    void theRunnerEndsWhenIdleOrClosedAndTheNextContentionStartsAnother() throws Exception {
        CallCombiner gate = new CallCombiner(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20));
        ContextFlow flow = flow(FlowControl.defaults());
        Thread firstRunner = contendedCallRunsOn(gate, flow);
        assertEquals("jtee-gate-runner", firstRunner.getName());
        assertTimeoutPreemptively(LIMIT, () -> firstRunner.join()); // ended after 20 ms without calls
        Thread secondRunner = contendedCallRunsOn(gate, flow);
        assertTrue(secondRunner != firstRunner && secondRunner.getName().equals("jtee-gate-runner"), "a new runner");

        CallCombiner lasting = new CallCombiner(java.util.concurrent.TimeUnit.HOURS.toNanos(1));
        Thread third = contendedCallRunsOn(lasting, flow);
        lasting.close();
        assertTimeoutPreemptively(LIMIT, () -> third.join()); // a closed gate's runner ends at once
        assertSame(Admission.CLOSED, lasting.run(node(x -> { }), Limiter.NO_DEADLINE, 8, flow));
    }

    /** Queues a batch and one more call behind a holder and lets it go: the thread the last one ran on. */
    private static Thread contendedCallRunsOn(CallCombiner gate, ContextFlow flow) throws Exception {
        CountDownLatch leave = new CountDownLatch(1);
        Thread h = holder(gate, flow, leave);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i <= CallCombiner.BATCH; i++) {
            callers.add(queue(gate, flow, i + 1, x -> ranOn.set(Thread.currentThread())));
        }
        leave.countDown();
        assertTimeoutPreemptively(LIMIT, () -> {
            h.join();
            for (Thread c : callers) {
                c.join();
            }
        });
        return ranOn.get();
    }

    /** Starts a caller of {@code body} behind the gate's holder and waits until it is the {@code nth} waiter: calls queue in this order. */
    private static Thread queue(CallCombiner gate, ContextFlow flow, int nth, CallCombiner.Body body) {
        Thread t = Thread.ofPlatform().start(() -> assertSame(Admission.GRANTED,
                gate.run(node(body), Limiter.NO_DEADLINE, Integer.MAX_VALUE, flow)));
        assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> flow.waiting.get() == nth));
        return t;
    }

    @Test
    void aQueuedCallGivesUpAtItsDeadlineOnTheFlowsClockAndTheHolderSkipsIt() throws Exception {
        CallCombiner gate = new CallCombiner();
        ManualClock clock = new ManualClock();
        ContextFlow flow = flow(FlowControl.builder().clock(clock).build());
        CountDownLatch leave = new CountDownLatch(1);
        Thread h = holder(gate, flow, leave);
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Admission> verdict = new AtomicReference<>();
        CallCombiner.Node late = node(x -> ran.incrementAndGet());
        Thread w = Thread.ofPlatform().start(() -> verdict.set(gate.run(late, clock.nanoTime() + 1_000_000, Integer.MAX_VALUE, flow)));
        assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> flow.waiting.get() == 1));
        clock.advance(2_000_000);
        assertTimeoutPreemptively(LIMIT, () -> w.join());
        assertSame(Admission.DEADLINE, verdict.get());
        leave.countDown();
        assertTimeoutPreemptively(LIMIT, () -> h.join());
        assertEquals(0, ran.get(), "a call that gave up never runs");
        assertEquals(CallCombiner.ABANDONED, late.state());
        // the gate still works afterwards
        assertSame(Admission.GRANTED, gate.run(node(x -> ran.incrementAndGet()), Limiter.NO_DEADLINE, Integer.MAX_VALUE, flow));
        assertEquals(1, ran.get());
    }

    @Test
    void cancellationInterruptAndCloseEndQueuedCallsAndAFullQueueRefuses() throws Exception {
        CallCombiner gate = new CallCombiner();
        ContextFlow flow = flow(FlowControl.defaults());
        CountDownLatch leave = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        Thread h = holder(gate, flow, leave);

        CallCombiner.Node cancelled = node(x -> ran.incrementAndGet());
        Operation op = Operation.create();
        cancelled.op = op;
        AtomicReference<Admission> v1 = new AtomicReference<>();
        Thread w1 = Thread.ofPlatform().start(() -> v1.set(gate.run(cancelled, Limiter.NO_DEADLINE, 2, flow)));
        AtomicReference<Admission> v2 = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread w2 = Thread.ofPlatform().start(() -> {
            v2.set(gate.run(node(x -> ran.incrementAndGet()), Limiter.NO_DEADLINE, 2, flow));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> flow.waiting.get() == 2));
        assertSame(Admission.QUEUE_FULL, gate.run(node(x -> ran.incrementAndGet()), Limiter.NO_DEADLINE, 2, flow),
                "a third waiter is one too many for a capacity of 2");

        op.cancelRequested = true;
        CallCombiner.cancel(cancelled);
        assertTimeoutPreemptively(LIMIT, () -> w1.join());
        assertSame(Admission.CANCELLED, v1.get());
        w2.interrupt();
        assertTimeoutPreemptively(LIMIT, () -> w2.join());
        assertSame(Admission.CANCELLED, v2.get());
        assertTrue(stillInterrupted.get(), "the interrupt flag is kept");

        AtomicReference<Admission> v3 = new AtomicReference<>();
        Thread w3 = Thread.ofPlatform().start(() -> v3.set(gate.run(node(x -> ran.incrementAndGet()), Limiter.NO_DEADLINE, 8, flow)));
        assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> flow.waiting.get() == 1));
        gate.close();
        leave.countDown();
        assertTimeoutPreemptively(LIMIT, () -> {
            w3.join();
            h.join();
        });
        assertSame(Admission.CLOSED, v3.get());
        assertEquals(0, ran.get(), "no call that ended its wait ran");
        assertSame(Admission.CLOSED, gate.run(node(x -> ran.incrementAndGet()), Limiter.NO_DEADLINE, 8, flow));
        assertEquals(0, flow.waiting.get());
    }
}
