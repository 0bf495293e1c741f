package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * The open model's threads sized by Little's law and grown when calls start late (issue 19: one
 * session, so one call in flight, held every open step back). The rule itself, then whole steps
 * run in simulated time: calls of a known latency, a generator clock stepped by a {@link ManualTicker},
 * the sampler's look every millisecond.
 */
class WorkerSizingTest {
    private static final long MS = 1_000_000;

    @Test
    void startsWithTwoThenFollowsLittlesLawWithAMarginAndNeverShrinks() {
        WorkerSizing s = new WorkerSizing(RateProfile.constant(10_000, Duration.ofSeconds(1)), 512);
        assertEquals(2, OpenModel.sized(RateProfile.constant(10_000, Duration.ofSeconds(1)), Arrivals.UNIFORM, 512, Duration.ZERO, 1).firstWorkers());
        // 10 k/s × 5 ms = 50 calls in progress: × 2 + 2
        assertEquals(102, s.wanted(100 * MS, 2, 1000, 1000 * 5 * MS, false));
        // nothing completed yet: no latency to go by, so no growth without a late call
        assertEquals(2, s.wanted(MS, 2, 0, 0, false));
        // a faster target later on: the threads stay (a thread not needed rests)
        assertEquals(102, s.wanted(500 * MS, 102, 10_000, 10_000 * 1000L, false));
        OpenModel one = OpenModel.sized(RateProfile.constant(10, Duration.ofSeconds(1)), Arrivals.UNIFORM, 1, Duration.ZERO, 1);
        assertEquals(1, one.firstWorkers());
        assertFalse(one.sized(), "a bound of one thread leaves nothing to size");
    }

    @Test
    void aLateCallWithEveryThreadBusyDoublesThemUpToTheBound() {
        WorkerSizing s = new WorkerSizing(RateProfile.constant(1000, Duration.ofSeconds(1)), 20);
        assertEquals(4, s.wanted(MS, 2, 0, 0, true));
        assertEquals(16, s.wanted(2 * MS, 8, 0, 0, true));
        assertEquals(20, s.wanted(3 * MS, 16, 0, 0, true));
        assertEquals(20, s.wanted(4 * MS, 20, 0, 0, true));
        // Little's law never asks past the bound either: 1 k/s × 1 s
        assertEquals(20, s.wanted(5 * MS, 2, 10, 10_000 * MS, false));
    }

    @Test
    void aRampIsReadAheadSoTheThreadsAreReadyBeforeTheRateArrives() {
        // 0 → 10 k/s over 1 s; at 500 ms the rate is 5 k/s, 50 ms later 5.5 k/s; calls of 2 ms: 5.5 k × 0.002 × 2 + 2
        WorkerSizing s = new WorkerSizing(RateProfile.ramp(0, 10_000, Duration.ofSeconds(1)), 512);
        assertEquals(24, s.wanted(500 * MS, 2, 100, 100 * 2 * MS, false));
    }

    @Test
    void aSlowTargetGetsTheThreadsItNeedsAndTheRateIsKept() {
        // 2 k/s of 5 ms calls: 10 in progress; two threads could make only 400 calls/s
        Sim r = Sim.run(RateProfile.constant(2000, Duration.ofSeconds(2)), 5 * MS, 256);
        assertTrue(r.live >= 10 && r.live <= 2 * WorkerSizing.little(2000, 0.005), "threads " + r.live);
        assertEquals(0, r.lateAfter50Ms, "calls started late once sized: " + r);
        assertEquals(4000, r.started);
    }

    @Test
    void theBoundHoldsAndTheCallsStartLateBehindIt() {
        Sim r = Sim.run(RateProfile.constant(2000, Duration.ofSeconds(1)), 5 * MS, 8);
        assertEquals(8, r.live);
        // 8 threads of 5 ms make 1.6 k/s: the last calls start ~ (2000 − 1600) / 2000 × 1 s late
        assertTrue(r.lastLateness > 150 * MS, r.toString());
    }

    @Test
    void aRampAndStairsKeepTheirRateAfterTheFirstCalls() {
        Sim ramp = Sim.run(RateProfile.ramp(100, 20_000, Duration.ofSeconds(1)), MS, 256);
        assertEquals(0, ramp.lateAfter50Ms, ramp.toString());
        assertTrue(ramp.live >= 20 && ramp.live <= 2 * WorkerSizing.little(20_000, 0.001), ramp.toString());
        Sim stairs = Sim.run(RateProfile.stairs(1000, 4000, 4, Duration.ofMillis(250)), 2 * MS, 256);
        assertTrue(stairs.live >= 26, stairs.toString());
        assertEquals(0, stairs.lateBeyond(MS), "a new stair is picked up within a millisecond or two: " + stairs);
    }

    /**
     * One open step in simulated time: uniform arrivals of {@code profile}, each call {@code latency}
     * long, a thread per call in progress; every millisecond the step's look at the calls
     * (completed, their latencies, calls in progress, whether one waits for a thread) grows the
     * threads as {@link WorkerSizing} says.
     */
    record Sim(int live, long started, long lateAfter50Ms, long lastLateness, long[] lateness) {
        long lateBeyond(long nanos) {
            long n = 0;
            for (long l : lateness) {
                n += l > nanos ? 1 : 0;
            }
            return n;
        }

        @Override
        public String toString() {
            return "threads " + live + ", started " + started + ", late after 50 ms " + lateAfter50Ms + ", last late " + lastLateness;
        }

        static Sim run(RateProfile profile, long latency, int max) {
            ManualTicker clock = new ManualTicker(0);
            WorkerSizing sizing = new WorkerSizing(profile, max);
            PriorityQueue<Long> free = new PriorityQueue<>();
            PriorityQueue<Long> ends = new PriorityQueue<>();
            int live = Math.min(2, max);
            for (int i = 0; i < live; i++) {
                free.add(0L);
            }
            long total = LoadGenerator.Schedule.uniformCount(profile);
            long[] late = new long[(int) total];
            long completed = 0;
            long busy = 0;
            long nextLook = MS;
            long lateAfter = 0;
            for (int i = 0; i < total; i++) {
                long due = (long) profile.timeOfCount(i);
                long start;
                while (true) {
                    start = Math.max(due, free.peek());
                    if (nextLook > start) {
                        break;
                    }
                    // the sampler's look at nextLook: call i is due and waits for a thread when due < nextLook
                    clock.awaitNanos(nextLook);
                    while (!ends.isEmpty() && ends.peek() <= clock.nanoTime()) {
                        ends.poll();
                        completed++;
                        busy += latency;
                    }
                    boolean starved = due + LoadGenerator.Schedule.WAKE_LATE_NANOS < clock.nanoTime() && ends.size() >= live;
                    int want = sizing.wanted(clock.nanoTime(), live, completed, busy, starved);
                    for (; live < want; live++) {
                        free.add(clock.nanoTime());
                    }
                    nextLook += MS;
                }
                free.poll();
                free.add(start + latency);
                ends.add(start + latency);
                late[i] = start - due;
                if (due > 50 * MS && late[i] > LoadGenerator.Schedule.WAKE_LATE_NANOS) {
                    lateAfter++;
                }
            }
            return new Sim(live, total, lateAfter, total == 0 ? 0 : late[(int) total - 1], late);
        }
    }
}
