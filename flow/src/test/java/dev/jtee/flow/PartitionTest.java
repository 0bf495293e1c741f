package dev.jtee.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class PartitionTest {
    private final ManualClock clock = new ManualClock();

    private static List<Permit> take(Limiter limiter, Partition p, int n) {
        List<Permit> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Permit permit = limiter.newPermit();
            assertEquals(Admission.GRANTED, limiter.acquire(permit, p, Policy.FAIL_FAST, Limiter.NO_DEADLINE), "permit " + i + " of " + p.name());
            held.add(permit);
        }
        return held;
    }

    @Test
    void aPartitionBorrowsIdleCapacityUpToTheLimit() {
        Limiter limiter = Limiter.builder().clock(clock).fixedLimit(10).partition("a", 0.5).partition("b", 0.5).build();
        Partition a = limiter.partition("a");
        take(limiter, a, 10);
        assertEquals(10, a.inFlight());
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(limiter.newPermit(), a, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(limiter.newPermit(), limiter.partition("b"), Policy.FAIL_FAST, Limiter.NO_DEADLINE));
    }

    @Test
    void borrowedPermitsGoBackToAPartitionUnderItsShareFirst() throws Exception {
        Limiter limiter = Limiter.builder().clock(clock).fixedLimit(4).partition("a", 0.5).partition("b", 0.5).build();
        Partition a = limiter.partition("a"), b = limiter.partition("b");
        List<Permit> aHeld = take(limiter, a, 4); // a borrows b's two
        ConcurrentLinkedQueue<String> grants = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        // a's waiters queue first, b's after: b is under its share, so it is served first anyway
        String[] names = {"a1", "a2", "b1", "b2"};
        for (String name : names) {
            Partition p = name.startsWith("a") ? a : b;
            Permit permit = limiter.newPermit();
            int depth = limiter.queueDepth();
            Thread t = new Thread(() -> {
                if (limiter.acquire(permit, p, Policy.BLOCK, Limiter.NO_DEADLINE).isGranted()) grants.add(name);
            });
            t.start();
            threads.add(t);
            Waiting.until(() -> limiter.queueDepth() == depth + 1, name + " queued");
        }
        limiter.release(aHeld.get(0), Outcome.SUCCESS, 1);
        Waiting.until(() -> grants.size() == 1, "first hand-off");
        limiter.release(aHeld.get(1), Outcome.SUCCESS, 1);
        Waiting.until(() -> grants.size() == 2, "second hand-off");
        assertEquals(List.of("b1", "b2"), List.copyOf(grants));
        assertEquals(2, b.inFlight());
        assertEquals(2, a.inFlight());
        // both at their share now: back to queue order among the rest
        limiter.release(aHeld.get(2), Outcome.SUCCESS, 1);
        Waiting.until(() -> grants.size() == 3, "third hand-off");
        limiter.release(aHeld.get(3), Outcome.SUCCESS, 1);
        for (Thread t : threads) Waiting.join(t);
        assertEquals(List.of("b1", "b2", "a1", "a2"), List.copyOf(grants));
        assertEquals(4, limiter.inFlight());
    }

    @Test
    void theReserveIsKeptForTheSystemPartition() throws Exception {
        Limiter limiter = Limiter.builder().clock(clock).fixedLimit(4).reserve(1)
                .partition("normal", 1.0).systemPartition("system", 0.0).build();
        Partition normal = limiter.partition("normal"), system = limiter.partition("system");
        assertEquals(normal, limiter.defaultPartition());
        take(limiter, normal, 3);
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(limiter.newPermit(), normal, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        // a normal caller waits; the system call still gets the reserved permit at once (no barging:
        // the waiter could not have used it)
        Permit waiting = limiter.newPermit();
        Thread t = new Thread(() -> limiter.acquire(waiting, normal, Policy.BLOCK, Limiter.NO_DEADLINE));
        t.start();
        Waiting.until(() -> limiter.queueDepth() == 1, "normal waiter queued");
        Permit sys = limiter.newPermit();
        assertEquals(Admission.GRANTED, limiter.acquire(sys, system, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        assertEquals(4, limiter.inFlight());
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(limiter.newPermit(), system, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        // the reserve freed by the system call does not go to the normal waiter
        limiter.release(sys, Outcome.SUCCESS, 1);
        assertEquals(1, limiter.queueDepth());
        assertEquals(3, limiter.inFlight());
        limiter.close();
        Waiting.join(t);
    }

    @Test
    void partitionPolicyAndRateApplyWhenTheCallNamesNone() {
        Limiter limiter = Limiter.builder().clock(clock).fixedLimit(1)
                .partition("fast", 0.5, Policy.FAIL_FAST).partition("slow", 0.5)
                .rateLimit("slow", 1, 1).build();
        Partition fast = limiter.partition("fast"), slow = limiter.partition("slow");
        Permit p = limiter.newPermit();
        assertEquals(Admission.GRANTED, limiter.acquire(p, slow, Limiter.NO_DEADLINE));
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(limiter.newPermit(), fast, Limiter.NO_DEADLINE));
        limiter.release(p, Outcome.SUCCESS, 1);
        assertEquals(Admission.RATE_LIMITED, limiter.acquire(p, slow, Limiter.NO_DEADLINE));
        assertEquals(Admission.GRANTED, limiter.acquire(p, fast, Limiter.NO_DEADLINE));
        assertEquals(Policy.FAIL_FAST, fast.policy());
        assertEquals(Policy.BLOCK, slow.policy());
    }

    /**
     * Holders that never release (a TA call that waits for ever) take at most the ceiling: the
     * partition's next caller waits although permits are free, and the other partition is served.
     */
    @Test
    void aPartitionAtItsCeilingWaitsWhilePermitsAreFree() throws Exception {
        Limiter limiter = Limiter.builder().clock(clock).fixedLimit(8).partitionCeiling(4)
                .partition("a", 0.5).partition("b", 0.5).build();
        Partition a = limiter.partition("a"), b = limiter.partition("b");
        assertEquals(4, a.ceiling());
        List<Permit> aHeld = take(limiter, a, 4);
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(limiter.newPermit(), a, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        assertEquals(false, limiter.tryAcquire(limiter.newPermit(), a), "a quiet probe at the ceiling");
        Permit waiting = limiter.newPermit();
        Thread t = new Thread(() -> limiter.acquire(waiting, a, Policy.BLOCK, Limiter.NO_DEADLINE));
        t.start();
        Waiting.until(() -> limiter.queueDepth() == 1, "a's fifth caller queued");
        take(limiter, b, 4); // b gets the free permits past a's waiter: a cannot use them
        assertEquals(8, limiter.inFlight());
        limiter.release(aHeld.get(0), Outcome.SUCCESS, 1);
        Waiting.join(t);
        assertEquals(true, waiting.isHeld(), "a's waiter is served once a holds less than its ceiling");
        assertEquals(4, a.inFlight());
    }

    /** The last free permit goes only to a partition that holds none: a newcomer is served at once. */
    @Test
    void theHeadroomIsLeftForPartitionsThatHoldNone() {
        Limiter limiter = Limiter.builder().clock(clock).fixedLimit(8).partitionCeiling(4).headroom(1)
                .partition("a", 1.0 / 3).partition("b", 1.0 / 3).partition("c", 1.0 / 3).build();
        Partition a = limiter.partition("a"), b = limiter.partition("b"), c = limiter.partition("c");
        take(limiter, a, 4);
        take(limiter, b, 3);
        assertEquals(Admission.QUEUE_FULL, limiter.acquire(limiter.newPermit(), b, Policy.FAIL_FAST, Limiter.NO_DEADLINE),
                "b holds some: the last permit is not for it");
        take(limiter, c, 1); // c holds none: it gets the last one
        assertEquals(8, limiter.inFlight());
    }

    /** Many threads of one partition racing for free permits never hold more than its ceiling together. */
    @Test
    void racingCallersNeverPassTheCeiling() throws Exception {
        Limiter limiter = Limiter.builder().fixedLimit(16).partitionCeiling(3).headroom(1).queueCapacity(1000)
                .partition("a", 0.5).partition("b", 0.5).build();
        Partition a = limiter.partition("a");
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                Permit permit = limiter.newPermit();
                for (int k = 0; k < 2000; k++) {
                    boolean fast = (k & 1) == 0;
                    boolean held = fast ? limiter.tryAcquire(permit, a)
                            : limiter.acquire(permit, a, Policy.BLOCK, Limiter.NO_DEADLINE).isGranted();
                    if (held) {
                        most.accumulateAndGet(now.incrementAndGet(), Math::max);
                        now.decrementAndGet();
                        limiter.release(permit, Outcome.SUCCESS, 1);
                    }
                }
            }));
        }
        for (Thread t : threads) Waiting.join(t);
        assertEquals(true, most.get() <= 3, "at most the ceiling at once: " + most.get());
        assertEquals(0, limiter.inFlight());
        assertEquals(0, limiter.queueDepth());
    }
}
