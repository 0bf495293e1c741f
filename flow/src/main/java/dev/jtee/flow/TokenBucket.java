package dev.jtee.flow;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket (rate per second, burst) kept as a single "theoretical arrival time" (GCRA), so
 * that taking a token is one CAS on one long: lock-free, allocation-free, safe from any thread.
 * Tokens are counted in whole nanoseconds of the injected clock; rates up to 10⁹ per second.
 */
public final class TokenBucket {
    private final NanoClock clock;
    private final long interval;   // nanoseconds per token
    private final long burstSpan;  // interval × burst: how far ahead of now the bucket may be drawn
    private final double ratePerSecond;
    private final int burst;
    private final AtomicLong tat;  // theoretical arrival time of the next conforming call

    public TokenBucket(double ratePerSecond, int burst, NanoClock clock) {
        if (!(ratePerSecond > 0) || ratePerSecond > 1e9) throw new IllegalArgumentException("rate must be in (0, 1e9]: " + ratePerSecond);
        if (burst < 1) throw new IllegalArgumentException("burst must be ≥ 1: " + burst);
        this.clock = clock;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.interval = Math.max(1L, Math.round(1e9 / ratePerSecond));
        this.burstSpan = Math.multiplyExact(interval, (long) burst);
        this.tat = new AtomicLong(clock.nanoTime()); // starts full
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire() {
        for (;;) {
            long t = tat.get();
            long now = clock.nanoTime();
            long next = Math.max(t, now) + interval;
            if (next - now > burstSpan) return false;
            if (tat.compareAndSet(t, next)) return true;
        }
    }

    /** Tokens available now (a snapshot). */
    public int availableTokens() {
        long now = clock.nanoTime();
        long debt = Math.max(tat.get(), now) - now;
        return (int) ((burstSpan - debt) / interval);
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }

    public int burst() {
        return burst;
    }
}
