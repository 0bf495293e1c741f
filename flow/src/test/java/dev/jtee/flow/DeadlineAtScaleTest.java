package dev.jtee.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A thousand callers waiting on one permit that a single-instance TA holds about 1 ms per call: a
 * call refused for its deadline gets its answer within the deadline plus 20 ms, on virtual and on
 * platform threads (2 s measured after 0.5 s of the same load) — the refusal does not queue behind
 * the limiter's lock nor wait for a polling interval. The simulated-time twin checks the same without wall-clock verdicts: every refusal comes
 * at exactly its deadline on the injected clock, none before it.
 */
class DeadlineAtScaleTest {
    private static final int CALLERS = 1000;
    private static final long DEADLINE = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long SLACK = TimeUnit.MILLISECONDS.toNanos(20);
    /** Load before the measured 2 s: thread start-up and the interpreted first rounds are not the limiter's. */
    private static final long WARM_UP = TimeUnit.MILLISECONDS.toNanos(500);

    @Tag("realtime")
    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {true, false})
    void refusalsForTheDeadlineComeWithinTwentyMsOfIt(boolean virtual) throws Exception {
        Limiter limiter = Limiter.builder().fixedLimit(1).queueCapacity(2 * CALLERS).build();
        AtomicLong worstLateness = new AtomicLong();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(CALLERS);
        long measureFrom = System.nanoTime() + WARM_UP;
        long runUntil = measureFrom + TimeUnit.SECONDS.toNanos(2);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Runnable caller = () -> {
                Permit p = limiter.newPermit();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (System.nanoTime() < runUntil) {
                    long start = System.nanoTime();
                    boolean measured = start - measureFrom >= 0;
                    Admission a = limiter.acquire(p, start + DEADLINE);
                    long answered = System.nanoTime();
                    if (a == Admission.GRANTED) {
                        // the call inside the single-instance TA: about 1 ms of work
                        if (measured) {
                            granted.incrementAndGet();
                        }
                        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
                        while (System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                        limiter.release(p, Outcome.SUCCESS, 0);
                    } else if (a != Admission.DEADLINE) {
                        other.incrementAndGet();
                    } else if (measured) {
                        refused.incrementAndGet();
                        worstLateness.accumulateAndGet(answered - start - DEADLINE, Math::max);
                    }
                }
                // Stay alive until every caller is done: threads ending while others still wait would
                // load the cores with the test's own teardown.
                finished.countDown();
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            callers.add(virtual ? Thread.ofVirtual().unstarted(caller) : Thread.ofPlatform().unstarted(caller));
        }
        callers.forEach(Thread::start);
        go.countDown();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (Thread t : callers) {
                t.join();
            }
        });
        System.out.printf("%d callers on %s threads: %d refusals, %d grants, worst refusal %d µs after its deadline%n", CALLERS,
                virtual ? "virtual" : "platform", refused.get(), granted.get(), TimeUnit.NANOSECONDS.toMicros(worstLateness.get()));
        assertEquals(0, other.get(), "every refusal was for the deadline");
        assertTrue(refused.get() > CALLERS, "refusals: " + refused.get());
        assertTrue(granted.get() > 0);
        assertTrue(worstLateness.get() <= SLACK, "a refusal came " + TimeUnit.NANOSECONDS.toMicros(worstLateness.get())
                + " µs after its deadline (" + refused.get() + " refusals, " + granted.get() + " grants)");
    }

    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {true, false})
    void inSimulatedTimeEveryRefusalComesAtExactlyItsDeadline(boolean virtual) throws Exception {
        ManualClock clock = new ManualClock(1_000_000);
        Limiter limiter = Limiter.builder().clock(clock).fixedLimit(1).queueCapacity(2 * CALLERS).build();
        Permit holder = limiter.newPermit();
        assertEquals(Admission.GRANTED, limiter.acquire(holder, Limiter.NO_DEADLINE));
        long deadline = clock.nanoTime() + DEADLINE;
        AtomicInteger early = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            Runnable caller = () -> {
                Admission a = limiter.acquire(limiter.newPermit(), deadline);
                if (a != Admission.DEADLINE || clock.nanoTime() < deadline) {
                    early.incrementAndGet();
                }
                refused.incrementAndGet();
            };
            callers.add(virtual ? Thread.ofVirtual().start(caller) : Thread.ofPlatform().start(caller));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Waiting.until(() -> limiter.queueDepth() == CALLERS, "all queued"));
        assertEquals(0, refused.get(), "nobody is refused before the clock reaches the deadline");
        clock.set(deadline);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (Thread t : callers) {
                t.join();
            }
        });
        assertEquals(CALLERS, refused.get());
        assertEquals(0, early.get(), "every refusal was DEADLINE, at the deadline");
        assertEquals(deadline, clock.nanoTime(), "the clock did not have to move past the deadline");
        assertEquals(0, limiter.queueDepth());
        limiter.release(holder, Outcome.SUCCESS, 0);
        Permit after = limiter.newPermit();
        assertEquals(Admission.GRANTED, limiter.acquire(after, Limiter.NO_DEADLINE), "abandoned waits left no trace");
        limiter.release(after, Outcome.SUCCESS, 0);
    }

    @Test
    void aWaiterThatGaveUpIsSkippedAndItsPermitCanWaitAgainInItsNewPlace() throws Exception {
        ManualClock clock = new ManualClock();
        Limiter limiter = Limiter.builder().clock(clock).fixedLimit(1).queueCapacity(10).build();
        Permit holder = limiter.newPermit();
        limiter.acquire(holder, Limiter.NO_DEADLINE);
        Permit early = limiter.newPermit();
        Permit second = limiter.newPermit();
        Admission[] first = new Admission[2];
        Thread a = Thread.ofPlatform().start(() -> first[0] = limiter.acquire(early, clock.nanoTime() + DEADLINE));
        Waiting.until(() -> limiter.queueDepth() == 1, "a queued");
        Thread b = Thread.ofPlatform().start(() -> first[1] = limiter.acquire(second, Limiter.NO_DEADLINE));
        Waiting.until(() -> limiter.queueDepth() == 2, "b queued");
        clock.advance(DEADLINE);
        Waiting.join(a);
        assertEquals(Admission.DEADLINE, first[0]);
        // the same permit waits again: it queues behind b, not in its old place
        Admission[] again = new Admission[1];
        Thread a2 = Thread.ofPlatform().start(() -> again[0] = limiter.acquire(early, Limiter.NO_DEADLINE));
        Waiting.until(() -> limiter.queueDepth() == 2, "a queued again");
        limiter.release(holder, Outcome.SUCCESS, 0);
        Waiting.join(b);
        assertEquals(Admission.GRANTED, first[1]);
        assertEquals(1, limiter.queueDepth(), "a still waits");
        limiter.release(second, Outcome.SUCCESS, 0);
        Waiting.join(a2);
        assertEquals(Admission.GRANTED, again[0]);
        limiter.release(early, Outcome.SUCCESS, 0);
        assertEquals(0, limiter.inFlight());
    }
}
