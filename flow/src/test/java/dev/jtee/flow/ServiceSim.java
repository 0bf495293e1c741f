package dev.jtee.flow;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A discrete-event model of a service with {@code servers} parallel servers and its own FIFO
 * backlog, behind a fail-fast {@link Limiter}, fed by Poisson arrivals. Runs on a {@link ManualClock}:
 * admitted calls wait for a server (queueing shows up as RTT growth), and are released with their
 * round-trip time. When the backlog is full the service drops the call (released as DROPPED).
 * Single-threaded; deterministic for a given seed.
 */
final class ServiceSim {
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;

    private static final class Job {
        final Permit permit;
        final long admittedAt;
        long finish;

        Job(Permit permit, long admittedAt) {
            this.permit = permit;
            this.admittedAt = admittedAt;
        }
    }

    final ManualClock clock;
    final Limiter limiter;
    private final SplittableRandom rnd = new SplittableRandom(42);
    private final ArrayDeque<Job> backlog = new ArrayDeque<>();
    private final PriorityQueue<Job> running = new PriorityQueue<>((a, b) -> Long.compare(a.finish, b.finish));
    private final ArrayDeque<Permit> freePermits = new ArrayDeque<>();

    int servers;
    long meanServiceNanos;
    boolean exponential;
    double arrivalsPerSecond;
    int backlogLimit = Integer.MAX_VALUE;
    private int busy;
    private long nextArrival;

    long arrivals, admitted, rejected, completed, dropped;
    long rttSum;
    int minLimitSeen = Integer.MAX_VALUE, maxLimitSeen;

    ServiceSim(ManualClock clock, Limiter limiter, int servers, long meanServiceNanos, boolean exponential, double arrivalsPerSecond) {
        this.clock = clock;
        this.limiter = limiter;
        this.servers = servers;
        this.meanServiceNanos = meanServiceNanos;
        this.exponential = exponential;
        this.arrivalsPerSecond = arrivalsPerSecond;
        this.nextArrival = clock.nanoTime();
    }

    /** Capacity × latency: the concurrency the service can absorb without queueing. */
    int idealConcurrency() {
        return servers;
    }

    void resetStats() {
        arrivals = admitted = rejected = completed = dropped = rttSum = 0;
        minLimitSeen = Integer.MAX_VALUE;
        maxLimitSeen = 0;
    }

    /** Runs until {@code end}; returns the time-weighted mean limit over the run. */
    double runUntil(long end) {
        double weighted = 0;
        long start = clock.nanoTime();
        long last = start;
        int lim = limiter.limit();
        for (;;) {
            long tDone = running.isEmpty() ? Long.MAX_VALUE : running.peek().finish;
            long t = Math.min(nextArrival, tDone);
            if (t > end) break;
            clock.set(t);
            weighted += (double) lim * (t - last);
            last = t;
            if (tDone <= nextArrival) complete(running.poll());
            else arrive();
            lim = limiter.limit();
            minLimitSeen = Math.min(minLimitSeen, lim);
            maxLimitSeen = Math.max(maxLimitSeen, lim);
        }
        clock.set(end);
        weighted += (double) lim * (end - last);
        return weighted / Math.max(1, end - start);
    }

    private void arrive() {
        long now = clock.nanoTime();
        nextArrival = now + Math.max(1L, (long) (-Math.log(1 - rnd.nextDouble()) * 1e9 / arrivalsPerSecond));
        arrivals++;
        Permit p = freePermits.isEmpty() ? limiter.newPermit() : freePermits.pop();
        Admission a = limiter.acquire(p, limiter.defaultPartition(), Policy.FAIL_FAST, Limiter.NO_DEADLINE);
        if (!a.isGranted()) {
            rejected++;
            freePermits.push(p);
            return;
        }
        admitted++;
        Job j = new Job(p, now);
        if (busy < servers) start(j);
        else if (backlog.size() < backlogLimit) backlog.add(j);
        else {
            dropped++;
            limiter.release(p, Outcome.DROPPED, 1_000);
            freePermits.push(p);
        }
    }

    private void start(Job j) {
        busy++;
        long s = exponential ? (long) (-Math.log(1 - rnd.nextDouble()) * meanServiceNanos) : meanServiceNanos;
        j.finish = clock.nanoTime() + Math.max(1L, s);
        running.add(j);
    }

    private void complete(Job j) {
        busy--;
        long rtt = clock.nanoTime() - j.admittedAt;
        rttSum += rtt;
        completed++;
        limiter.release(j.permit, Outcome.SUCCESS, rtt);
        freePermits.push(j.permit);
        while (busy < servers && !backlog.isEmpty()) start(backlog.poll());
    }

    double meanRtt() {
        return completed == 0 ? 0 : (double) rttSum / completed;
    }
}
