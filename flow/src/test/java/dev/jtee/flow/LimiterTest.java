package dev.jtee.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LimiterTest {
    private final ManualClock clock = new ManualClock(1_000_000);

    private Limiter.Builder builder(int limit) {
        return Limiter.builder().clock(clock).fixedLimit(limit);
    }

    /** Starts a thread that acquires (BLOCK) and stores the answer; returns once it is queued. */
    private Thread queue(Limiter limiter, Permit permit, long deadline, AtomicReference<Admission> out) {
        int depth = limiter.queueDepth();
        Thread t = new Thread(() -> out.set(limiter.acquire(permit, limiter.defaultPartition(), Policy.BLOCK, deadline)));
        t.start();
        Waiting.until(() -> limiter.queueDepth() == depth + 1, "waiter queued");
        return t;
    }

    @Test
    void failFastRefusesAtTheLimitWithQueueFull() {
        Limiter limiter = builder(2).policy(Policy.FAIL_FAST).build();
        Permit a = limiter.newPermit(), b = limiter.newPermit(), c = limiter.newPermit();
        assertEquals(Admission.GRANTED, limiter.acquire(a, Limiter.NO_DEADLINE));
        assertEquals(Admission.GRANTED, limiter.acquire(b, Limiter.NO_DEADLINE));
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(c, Limiter.NO_DEADLINE));
        assertEquals(2, limiter.inFlight());
        limiter.release(a, Outcome.SUCCESS, 10);
        assertEquals(Admission.GRANTED, limiter.acquire(c, Limiter.NO_DEADLINE));
        assertTrue(c.isHeld());
    }

    @Test
    void tryAcquireProbesWithoutWaitingOrCountingARejectionAndNeverBargesPastWaiters() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Limiter limiter = builder(1).name("probe").meterRegistry(registry).build();
        Permit a = limiter.newPermit(), b = limiter.newPermit(), c = limiter.newPermit();
        assertTrue(limiter.tryAcquire(a));
        assertFalse(limiter.tryAcquire(b), "nothing free");
        assertFalse(b.isHeld());
        assertEquals(0, registry.find("jtee.flow.rejections").counters().stream().mapToDouble(x -> x.count()).sum(),
                "a probe is not a rejection");
        AtomicReference<Admission> out = new AtomicReference<>();
        Thread t = queue(limiter, b, Limiter.NO_DEADLINE, out);
        limiter.release(a, Outcome.SUCCESS, 1);
        Waiting.join(t);
        assertEquals(Admission.GRANTED, out.get(), "the freed permit went to the waiter");
        assertFalse(limiter.tryAcquire(c));
        limiter.release(b, Outcome.SUCCESS, 1);
        assertTrue(limiter.tryAcquire(c), "free again, nobody waiting");
        assertThrows(IllegalStateException.class, () -> limiter.tryAcquire(c), "a held permit cannot be acquired again");
    }

    @Test
    void blockingCallerGetsTheFreedPermitAndNoOneBargesPastIt() throws Exception {
        Limiter limiter = builder(1).build();
        Permit held = limiter.newPermit(), waiting = limiter.newPermit(), late = limiter.newPermit();
        assertEquals(Admission.GRANTED, limiter.acquire(held, Limiter.NO_DEADLINE));
        AtomicReference<Admission> out = new AtomicReference<>();
        Thread t = queue(limiter, waiting, Limiter.NO_DEADLINE, out);
        limiter.release(held, Outcome.SUCCESS, 5);
        // handed over at release: a newcomer finds nothing free
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(late, limiter.defaultPartition(), Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        Waiting.join(t);
        assertEquals(Admission.GRANTED, out.get());
        assertEquals(1, limiter.inFlight());
        assertEquals(0, limiter.queueDepth());
        limiter.release(waiting, Outcome.SUCCESS, 5);
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void queueCapacityIsBounded() throws Exception {
        Limiter limiter = builder(1).queueCapacity(1).build();
        Permit held = limiter.newPermit(), w = limiter.newPermit(), extra = limiter.newPermit();
        limiter.acquire(held, Limiter.NO_DEADLINE);
        AtomicReference<Admission> out = new AtomicReference<>();
        Thread t = queue(limiter, w, Limiter.NO_DEADLINE, out);
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(extra, Limiter.NO_DEADLINE));
        assertFalse(extra.isHeld());
        limiter.release(held, Outcome.SUCCESS, 1);
        Waiting.join(t);
        assertEquals(Admission.GRANTED, out.get());
        limiter.release(w, Outcome.SUCCESS, 1);
    }

    @Test
    void waiterTimesOutAtItsDeadlineInSimulatedTime() throws Exception {
        Limiter limiter = builder(1).build();
        Permit held = limiter.newPermit(), w = limiter.newPermit();
        limiter.acquire(held, Limiter.NO_DEADLINE);
        AtomicReference<Admission> out = new AtomicReference<>();
        Thread t = queue(limiter, w, clock.nanoTime() + 1_000, out);
        clock.advance(999);
        assertEquals(1, limiter.queueDepth());
        assertEquals(null, out.get());
        clock.advance(1);
        Waiting.join(t);
        assertEquals(Admission.DEADLINE, out.get());
        assertEquals(0, limiter.queueDepth());
        assertEquals(1, limiter.inFlight());
        assertFalse(w.isHeld());
    }

    @Test
    void expiredWaiterIsSkippedAtHandOff() throws Exception {
        Limiter limiter = builder(1).build();
        Permit held = limiter.newPermit(), first = limiter.newPermit(), second = limiter.newPermit();
        limiter.acquire(held, Limiter.NO_DEADLINE);
        AtomicReference<Admission> out1 = new AtomicReference<>(), out2 = new AtomicReference<>();
        Thread t1 = queue(limiter, first, clock.nanoTime() + 500, out1);
        Thread t2 = queue(limiter, second, Limiter.NO_DEADLINE, out2);
        clock.advance(500);
        limiter.release(held, Outcome.SUCCESS, 1);
        Waiting.join(t1);
        Waiting.join(t2);
        assertEquals(Admission.DEADLINE, out1.get());
        assertEquals(Admission.GRANTED, out2.get());
        assertEquals(1, limiter.inFlight());
    }

    @Test
    void passedDeadlineIsRefusedOnlyWhenItWouldHaveToWait() {
        Limiter limiter = builder(1).build();
        Permit a = limiter.newPermit(), b = limiter.newPermit();
        long past = clock.nanoTime() - 1;
        assertEquals(Admission.GRANTED, limiter.acquire(a, past));
        assertEquals(Admission.DEADLINE, limiter.acquire(b, past));
    }

    private void checkOrder(QueueOrder order, List<Integer> expected) throws Exception {
        Limiter limiter = builder(1).queueOrder(order).build();
        Permit held = limiter.newPermit();
        limiter.acquire(held, Limiter.NO_DEADLINE);
        ConcurrentLinkedQueue<Integer> grants = new ConcurrentLinkedQueue<>();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            int id = i + 1;
            Permit p = limiter.newPermit();
            int depth = limiter.queueDepth();
            ts[i] = new Thread(() -> {
                if (limiter.acquire(p, Limiter.NO_DEADLINE).isGranted()) {
                    grants.add(id);
                    limiter.release(p, Outcome.SUCCESS, 1);
                }
            });
            ts[i].start();
            Waiting.until(() -> limiter.queueDepth() == depth + 1, "waiter " + id + " queued");
        }
        limiter.release(held, Outcome.SUCCESS, 1);
        for (Thread t : ts) Waiting.join(t);
        assertEquals(expected, List.copyOf(grants));
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void fifoServesTheOldestWaiterFirst() throws Exception {
        checkOrder(QueueOrder.FIFO, List.of(1, 2, 3, 4));
    }

    @Test
    void lifoServesTheNewestWaiterFirst() throws Exception {
        checkOrder(QueueOrder.LIFO, List.of(4, 3, 2, 1));
    }

    @Test
    void cancelFromAnotherThreadEndsTheWaitWithCancelled() throws Exception {
        Limiter limiter = builder(1).build();
        Permit held = limiter.newPermit(), w = limiter.newPermit();
        assertFalse(w.cancel(), "nothing pending yet");
        limiter.acquire(held, Limiter.NO_DEADLINE);
        AtomicReference<Admission> out = new AtomicReference<>();
        Thread t = queue(limiter, w, Limiter.NO_DEADLINE, out);
        assertTrue(w.cancel());
        Waiting.join(t);
        assertEquals(Admission.CANCELLED, out.get());
        assertEquals(0, limiter.queueDepth());
        assertEquals(1, limiter.inFlight());
        // the permit is reusable and the cancellation does not stick to it
        limiter.release(held, Outcome.SUCCESS, 1);
        assertEquals(Admission.GRANTED, limiter.acquire(w, Limiter.NO_DEADLINE));
        assertFalse(w.cancel(), "a held permit is not cancelled");
        limiter.release(w, Outcome.SUCCESS, 1);
    }

    @Test
    void interruptEndsTheWaitWithCancelledAndKeepsTheFlag() throws Exception {
        Limiter limiter = builder(1).build();
        Permit held = limiter.newPermit(), w = limiter.newPermit();
        limiter.acquire(held, Limiter.NO_DEADLINE);
        AtomicReference<Admission> out = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread t = new Thread(() -> {
            out.set(limiter.acquire(w, Limiter.NO_DEADLINE));
            flag.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        Waiting.until(() -> limiter.queueDepth() == 1, "queued");
        t.interrupt();
        Waiting.join(t);
        assertEquals(Admission.CANCELLED, out.get());
        assertEquals(Boolean.TRUE, flag.get());
        assertEquals(0, limiter.queueDepth());
    }

    @Test
    void closeEndsWaitsAndRefusesNewCallsButHeldPermitsStillRelease() throws Exception {
        Limiter limiter = builder(1).build();
        Permit held = limiter.newPermit(), w = limiter.newPermit(), late = limiter.newPermit();
        limiter.acquire(held, Limiter.NO_DEADLINE);
        AtomicReference<Admission> out = new AtomicReference<>();
        Thread t = queue(limiter, w, Limiter.NO_DEADLINE, out);
        limiter.close();
        Waiting.join(t);
        assertEquals(Admission.CLOSED, out.get());
        assertEquals(Admission.CLOSED, limiter.acquire(late, Limiter.NO_DEADLINE));
        limiter.release(held, Outcome.SUCCESS, 1);
        assertEquals(0, limiter.inFlight());
        assertEquals(0, limiter.queueDepth());
    }

    @Test
    void doubleReleaseIsRefusedAndCountersStayRight() {
        Limiter limiter = builder(2).policy(Policy.FAIL_FAST).build();
        Permit a = limiter.newPermit(), never = limiter.newPermit();
        limiter.acquire(a, Limiter.NO_DEADLINE);
        limiter.release(a, Outcome.SUCCESS, 1);
        assertThrows(IllegalStateException.class, () -> limiter.release(a, Outcome.SUCCESS, 1));
        assertThrows(IllegalStateException.class, () -> limiter.release(never, Outcome.IGNORED, 0));
        assertEquals(0, limiter.inFlight());
        assertEquals(0, limiter.defaultPartition().inFlight());
        // exactly the limit is still available: no phantom capacity from the refused releases
        Permit x = limiter.newPermit(), y = limiter.newPermit(), z = limiter.newPermit();
        assertEquals(Admission.GRANTED, limiter.acquire(x, Limiter.NO_DEADLINE));
        assertEquals(Admission.GRANTED, limiter.acquire(y, Limiter.NO_DEADLINE));
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(z, Limiter.NO_DEADLINE));
    }

    @Test
    void misuseIsRefused() {
        Limiter limiter = builder(2).build();
        Limiter other = builder(2).build();
        Permit p = limiter.newPermit();
        limiter.acquire(p, Limiter.NO_DEADLINE);
        assertThrows(IllegalStateException.class, () -> limiter.acquire(p, Limiter.NO_DEADLINE));
        assertThrows(IllegalArgumentException.class, () -> other.release(p, Outcome.SUCCESS, 1));
        assertThrows(IllegalArgumentException.class, () -> other.acquire(p, Limiter.NO_DEADLINE));
        assertThrows(IllegalArgumentException.class, () -> limiter.acquire(limiter.newPermit(), other.defaultPartition(), Limiter.NO_DEADLINE));
        assertThrows(IllegalArgumentException.class, () -> limiter.partition("nope"));
        assertThrows(IllegalStateException.class, () -> Limiter.builder().build());
        assertThrows(IllegalArgumentException.class, () -> Limiter.builder().fixedLimit(2).partition("a", 0.7).partition("b", 0.7).build());
        assertThrows(IllegalArgumentException.class, () -> Limiter.builder().fixedLimit(2).reserve(1).build());
        assertEquals(1, limiter.inFlight());
    }

    @Test
    void rateLimitRefusesBeyondTheBucket() {
        Limiter limiter = builder(10).rateLimit(10, 2).build();
        Permit p = limiter.newPermit();
        for (int i = 0; i < 2; i++) {
            assertEquals(Admission.GRANTED, limiter.acquire(p, Limiter.NO_DEADLINE));
            limiter.release(p, Outcome.SUCCESS, 1);
        }
        assertEquals(Admission.RATE_LIMITED, limiter.acquire(p, Limiter.NO_DEADLINE));
        clock.advance(100_000_000);
        assertEquals(Admission.GRANTED, limiter.acquire(p, Limiter.NO_DEADLINE));
        limiter.release(p, Outcome.IGNORED, 0);
        assertEquals(0, limiter.inFlight());
    }

    @Test
    void droppedOutcomeReachesTheLimit() {
        AtomicReference<Boolean> dropped = new AtomicReference<>();
        Limit spy = new Limit() {
            @Override
            public int currentLimit() {
                return 3;
            }

            @Override
            public void onSample(long rttNanos, int inFlight, boolean d) {
                dropped.set(d);
                assertEquals(42, rttNanos);
                assertEquals(1, inFlight);
            }
        };
        Limiter limiter = Limiter.builder().clock(clock).limit(spy).build();
        Permit p = limiter.newPermit();
        limiter.acquire(p, Limiter.NO_DEADLINE);
        limiter.release(p, Outcome.DROPPED, 42);
        assertEquals(Boolean.TRUE, dropped.get());
        dropped.set(null);
        limiter.acquire(p, Limiter.NO_DEADLINE);
        limiter.release(p, Outcome.IGNORED, 42);
        assertEquals(null, dropped.get(), "IGNORED is not a sample");
    }
}
