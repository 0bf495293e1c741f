package dev.jtee.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.flow.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The measurement through the driver: 1,000 callers of a single-instance TA that works about
 * 1 ms per call, deadline 10 ms. A call refused for its deadline ends with BUSY within the deadline
 * plus 20 ms, on virtual and on platform threads (realtime: 2 s measured after 0.5 s of the same
 * load); in simulated time every refusal comes at exactly its deadline on the injected clock.
 */
class DeadlineAtScaleTest {
    private static final int CALLERS = 1000;
    private static final int SESSIONS = 16;
    private static final long DEADLINE = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int WORK = 1;
    /**
     * Load before the measured 2 s: the 1,000 threads start together and the refusal path is still
     * interpreted, so the first rounds of deadlines measure the JIT and thread start-up.
     */
    private static final long WARM_UP = TimeUnit.MILLISECONDS.toNanos(500);
    /** TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION. */
    private static final int SHARED = (1 << 2) | (1 << 3);

    private static FakeWorld singleInstanceTa() {
        FakeWorld world = new FakeWorld(8);
        world.taFlags.put(Fakes.TA, SHARED);
        world.handler = (k, f) -> {
            if (k == FakeWorld.Kind.OPEN) {
                f.instance = 1;
            } else if (k == FakeWorld.Kind.INVOKE && f.command == WORK) {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
        };
        return world;
    }

    private static FlowControl flow(dev.jtee.flow.NanoClock clock) {
        return FlowControl.builder().deadline(Duration.ofNanos(DEADLINE)).queueCapacity(2 * CALLERS).clock(clock).build();
    }

    @Tag("realtime")
    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {true, false})
    void refusalsForTheDeadlineComeWithinTwentyMsOfIt(boolean virtual) throws Exception {
        FakeWorld world = singleInstanceTa();
        try (Tee tee = Fakes.tee(world); Context ctx = tee.newContext(flow(dev.jtee.flow.NanoClock.system()))) {
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                sessions.add(ctx.openSession(Fakes.TA));
            }
            AtomicLong worst = new AtomicLong();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger completed = new AtomicInteger();
            AtomicInteger other = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(CALLERS);
            long measureFrom = System.nanoTime() + WARM_UP;
            long until = measureFrom + TimeUnit.SECONDS.toNanos(2);
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                Session s = sessions.get(i % SESSIONS);
                Runnable caller = () -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    while (System.nanoTime() < until) {
                        long start = System.nanoTime();
                        boolean measured = start - measureFrom >= 0;
                        try {
                            s.invoke(WORK);
                            if (measured) {
                                completed.incrementAndGet();
                            }
                        } catch (TeeException e) {
                            long late = System.nanoTime() - start - DEADLINE;
                            if (!(e.result() == TeeResult.BUSY && e.getMessage().contains("deadline"))) {
                                other.incrementAndGet();
                            } else if (measured) {
                                refused.incrementAndGet();
                                worst.accumulateAndGet(late, Math::max);
                            }
                        }
                    }
                    // Stay alive until every caller is done: 1,000 threads ending while others still
                    // wait would load the 2 cores with the test's own teardown, not the driver's work.
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
            System.out.printf("driver, %d callers on %s threads: %d refusals for the deadline, %d completed, worst refusal %d µs late%n",
                    CALLERS, virtual ? "virtual" : "platform", refused.get(), completed.get(), TimeUnit.NANOSECONDS.toMicros(worst.get()));
            assertEquals(0, other.get(), "every failure was a deadline refusal");
            assertTrue(refused.get() > CALLERS && completed.get() > 0);
            assertTrue(worst.get() <= TimeUnit.MILLISECONDS.toNanos(20),
                    "a refusal came " + TimeUnit.NANOSECONDS.toMicros(worst.get()) + " µs after its deadline");
            FlowStats st = ctx.flowStats();
            assertEquals(st.submitted(), st.completed() + st.refused() + st.cancelled());
        }
    }

    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {true, false})
    void inSimulatedTimeEveryRefusalComesAtExactlyItsDeadline(boolean virtual) throws Exception {
        ManualClock clock = new ManualClock(1_000_000);
        FakeWorld world = singleInstanceTa();
        java.util.concurrent.Semaphore leave = new java.util.concurrent.Semaphore(0);
        world.handler = (k, f) -> {
            if (k == FakeWorld.Kind.OPEN) {
                f.instance = 1;
            } else if (k == FakeWorld.Kind.INVOKE && f.command == WORK) {
                leave.acquire(); // the TA is busy until the test says
            }
        };
        try (Tee tee = Fakes.tee(world); Context ctx = tee.newContext(flow(clock))) {
            Session busy = ctx.openSession(Fakes.TA);
            var running = busy.invokeAsync(WORK, Operation.create());
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Fakes.await(() -> world.inside.get() == 1));
            long deadline = clock.nanoTime() + DEADLINE;
            AtomicInteger atDeadline = new AtomicInteger();
            AtomicInteger wrong = new AtomicInteger();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                Runnable caller = () -> {
                    try {
                        busy.invoke(WORK);
                        wrong.incrementAndGet();
                    } catch (TeeException e) {
                        if (e.result() == TeeResult.BUSY && clock.nanoTime() == deadline) {
                            atDeadline.incrementAndGet();
                        } else {
                            wrong.incrementAndGet();
                        }
                    }
                };
                callers.add(virtual ? Thread.ofVirtual().start(caller) : Thread.ofPlatform().start(caller));
            }
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Fakes.await(() -> ctx.flowStats().queued() == CALLERS));
            assertEquals(0, atDeadline.get() + wrong.get(), "nobody is answered before the deadline");
            clock.set(deadline);
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (Thread t : callers) {
                    t.join();
                }
            });
            assertEquals(CALLERS, atDeadline.get());
            assertEquals(0, wrong.get());
            leave.release();
            running.get(30, TimeUnit.SECONDS);
            FlowStats st = ctx.flowStats();
            assertEquals(CALLERS, st.refusedDeadline());
            assertEquals(st.submitted(), st.completed() + st.refused() + st.cancelled());
        }
    }
}
