package dev.jtee.client;

import static dev.jtee.client.Fakes.assertTeeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.flow.ManualClock;
import dev.jtee.flow.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The session bound of a TA whose sessions share one instance, exact from the first open: bursts
 * of real threads never have more sessions open at once than the bound, neither the first burst
 * nor one after a quiet moment; a world that cannot tell a TA's model has every TA bounded; and a
 * TA's death holds its opens back and halves its limit, which grows back step by step (injected
 * clock).
 */
class SessionAdmissionTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /** TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION. */
    private static final int SHARED = (1 << 2) | (1 << 3);
    private static final int DIE = 13;

    /** A fake world counting the sessions open at once, and their peak. */
    static final class Counting {
        final FakeWorld world = new FakeWorld(8);
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        volatile int instance = 1;

        Counting() {
            world.handler = (k, f) -> {
                switch (k) {
                    case OPEN -> {
                        peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                        f.instance = instance;
                    }
                    case CLOSE -> open.decrementAndGet();
                    case INVOKE -> {
                        if (f.command == DIE) {
                            f.result = TeeResult.TARGET_DEAD.code();
                            f.origin = Origin.TEE.value();
                        }
                    }
                }
            };
        }
    }

    private static void burst(Context ctx, int threads, int rounds) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < threads; i++) {
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int r = 0; r < rounds; r++) {
                        try (Session s = ctx.openSession(Fakes.TA)) {
                            s.invoke(1);
                        }
                    }
                } catch (InterruptedException | TeeException e) {
                    failures.incrementAndGet();
                }
            }));
        }
        go.countDown();
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(0, failures.get(), "every open got its slot in time");
    }

    @Test
    void aBurstOfOpensNeverExceedsTheBoundFromTheFirstOpenNorAfterAQuietMoment() throws Exception {
        for (int bound : new int[] {1, 2, 16}) {
            Counting w = new Counting();
            w.world.taFlags.put(Fakes.TA, SHARED);
            try (Tee tee = Fakes.tee(w.world);
                 Context ctx = tee.newContext(FlowControl.builder().maxSessionsPerTa(bound).deadline(Duration.ofSeconds(30)).build())) {
                assertTimeoutPreemptively(LIMIT, () -> burst(ctx, 64, 20));
                assertEquals(0, w.open.get());
                // every session closed: a quiet moment, then another burst
                assertTimeoutPreemptively(LIMIT, () -> burst(ctx, 64, 5));
                assertTrue(w.peak.get() <= bound, "bound " + bound + ": peak " + w.peak.get() + " sessions open at once");
                FlowStats s = ctx.flowStats();
                assertEquals(s.submitted(), s.completed() + s.refused() + s.cancelled());
            }
        }
    }

    @Test
    void aSecondOpenWaitsAtOnceWithABoundOfOne() {
        Counting w = new Counting();
        w.world.taFlags.put(Fakes.TA, SHARED);
        try (Tee tee = Fakes.tee(w.world);
             Context ctx = tee.newContext(FlowControl.builder().maxSessionsPerTa(1).policy(Policy.FAIL_FAST).build())) {
            Session first = ctx.openSession(Fakes.TA);
            TeeException e = assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> ctx.openSession(Fakes.TA));
            assertTrue(e.getMessage().contains("FAIL_FAST"), e.getMessage());
            assertEquals(1, w.peak.get());
            first.close();
            ctx.openSession(Fakes.TA).close();
        }
    }

    @Test
    void multiInstanceTasAreNotBoundedButAWorldThatCannotTellBoundsEveryTa() {
        Counting w = new Counting();
        FlowControl two = FlowControl.builder().maxSessionsPerTa(2).policy(Policy.FAIL_FAST).build();
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(two)) {
            List<Session> sessions = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                w.instance = 100 + i;
                sessions.add(ctx.openSession(Fakes.TA)); // flags 0: an instance per session
            }
            sessions.forEach(Session::close);
        }
        Counting device = new Counting();
        device.world.taInfo = false; // a real device: no TA-info pseudo-TA
        try (Tee tee = Fakes.tee(device.world); Context ctx = tee.newContext(two)) {
            Session a = ctx.openSession(Fakes.TA);
            Session b = ctx.openSession(Fakes.TA);
            assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> ctx.openSession(Fakes.TA));
            a.close();
            b.close();
        }
    }

    @Test
    void aDeathHoldsOpensBackThenTheLimitHalvesAndGrowsBackStepByStep() {
        Counting w = new Counting();
        w.world.taFlags.put(Fakes.TA, SHARED);
        ManualClock clock = new ManualClock();
        FlowControl flow = FlowControl.builder().maxSessionsPerTa(4).policy(Policy.FAIL_FAST).clock(clock)
                .deathBackoff(Duration.ofMillis(10), Duration.ofMillis(80)).sessionRecovery(Duration.ofMillis(50)).build();
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(flow)) {
            List<Session> victims = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                victims.add(ctx.openSession(Fakes.TA));
            }
            // every session of the instance hears of its death; it counts once
            for (Session s : victims) {
                assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(DIE));
            }
            victims.forEach(Session::close);
            assertEquals(1, ctx.flow.deaths());
            TeeException held = assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> ctx.openSession(Fakes.TA));
            assertTrue(held.getMessage().contains("FAIL_FAST"), held.getMessage());
            clock.advance(TimeUnit.MILLISECONDS.toNanos(10));
            w.instance = 2; // the next instance
            Session a = ctx.openSession(Fakes.TA);
            Session b = ctx.openSession(Fakes.TA);
            assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> ctx.openSession(Fakes.TA)); // 4 / 2 = 2
            clock.advance(TimeUnit.MILLISECONDS.toNanos(40)); // 50 ms since the death: one slot more
            Session c = ctx.openSession(Fakes.TA);
            assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> ctx.openSession(Fakes.TA));
            clock.advance(TimeUnit.MILLISECONDS.toNanos(50));
            Session d = ctx.openSession(Fakes.TA);
            assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> ctx.openSession(Fakes.TA)); // never above the bound
            // a second death in a row (within twice the longest back-off) doubles the back-off
            assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> a.invoke(DIE));
            List.of(a, b, c, d).forEach(Session::close);
            assertEquals(2, ctx.flow.deaths());
            clock.advance(TimeUnit.MILLISECONDS.toNanos(10));
            assertTeeError(TeeResult.BUSY, Origin.COMMS, () -> ctx.openSession(Fakes.TA));
            clock.advance(TimeUnit.MILLISECONDS.toNanos(10));
            w.instance = 3;
            ctx.openSession(Fakes.TA).close();
        }
    }

    @Test
    void aWaitingOpenIsRefusedAtItsDeadlineSayingTheTaDied() throws Exception {
        Counting w = new Counting();
        w.world.taFlags.put(Fakes.TA, SHARED);
        ManualClock clock = new ManualClock();
        FlowControl flow = FlowControl.builder().maxSessionsPerTa(4).clock(clock).deadline(Duration.ofMillis(5))
                .deathBackoff(Duration.ofMillis(100), Duration.ofMillis(100)).build();
        try (Tee tee = Fakes.tee(w.world); Context ctx = tee.newContext(flow)) {
            Session s = ctx.openSession(Fakes.TA);
            assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(DIE));
            s.close();
            var opening = java.util.concurrent.CompletableFuture.supplyAsync(() -> ctx.openSession(Fakes.TA));
            assertTimeoutPreemptively(LIMIT, () -> Fakes.await(() -> ctx.flowStats().queued() == 1));
            clock.advance(TimeUnit.MILLISECONDS.toNanos(5));
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> opening.get(30, TimeUnit.SECONDS));
            TeeException busy = org.junit.jupiter.api.Assertions.assertInstanceOf(TeeException.class, e.getCause());
            assertEquals(TeeResult.BUSY, busy.result());
            assertTrue(busy.getMessage().contains("deadline passed after 5 ms waiting for TA " + Fakes.TA
                    + ": opens held back 100 ms after the TA died"), busy.getMessage());
        }
    }
}
