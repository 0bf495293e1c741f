package dev.jtee.client;

import dev.jtee.api.TeeUuid;
import dev.jtee.flow.Limit;
import dev.jtee.flow.Limiter;
import dev.jtee.flow.NanoClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One context's session slots on one TA whose sessions share an instance: a {@link Limiter} whose
 * limit is this object. The limit is the configured bound, lowered while the TA is in trouble:
 * <ul>
 *   <li>0 while the TA's heap is above the high-water mark, or so fragmented that its largest free
 *       block is estimated below the contiguous reserve (new sessions wait for it to drain);</li>
 *   <li>0 for a back-off after the TA died (first {@code deathBackoff}, doubling with each death in
 *       a row, up to the maximum);</li>
 *   <li>halved after a death or a failed allocation, then one more slot per recovery step.</li>
 * </ul>
 * Waiting opens re-read the limit at least every few milliseconds (the limiter's longest park), so
 * a limit that rises on its own lets them in. The limit may be 0, unlike a call limit: a session
 * slot is not needed for the TA to make progress. Reads are lock-free; state changes (deaths,
 * failures) are rare and synchronized.
 */
final class SessionSlots implements Limit {
    final TeeUuid uuid;
    final Limiter limiter;
    private final int bound;
    private final NanoClock clock;
    private final TaTelemetry telemetry;
    private final double highWater;
    private final double contiguous;
    private final long stepNanos;
    private final long firstBackoffNanos;
    private final long maxBackoffNanos;

    private volatile int floor;
    private volatile long decreasedAt;
    private volatile long holdUntil;
    private volatile boolean held;
    private final AtomicLong seenFailures = new AtomicLong();
    // guarded by this
    private long backoff;
    private long lastDeathAt;
    private int lastDeadInstance;
    private long deaths;

    SessionSlots(TeeUuid uuid, FlowControl config, TaTelemetry telemetry, String name) {
        this.uuid = uuid;
        this.bound = config.maxSessionsPerTa;
        this.clock = config.clock;
        this.telemetry = telemetry;
        this.highWater = config.heapHighWater;
        this.contiguous = config.heapContiguous;
        this.stepNanos = config.recoveryStepNanos;
        this.firstBackoffNanos = config.deathBackoffNanos;
        this.maxBackoffNanos = config.maxDeathBackoffNanos;
        this.floor = bound;
        this.limiter = Limiter.builder().name(name).clock(clock).limit(this).queueCapacity(Integer.MAX_VALUE)
                .queueOrder(config.queueOrder).build();
    }

    @Override
    public int currentLimit() {
        long now = clock.nanoTime();
        if (held) {
            if (now - holdUntil < 0) {
                return 0;
            }
            held = false;
        }
        if (heapHigh(now)) {
            telemetry.refreshSoon(); // waiters need a newer sample to see the heap drain
            return 0;
        }
        return allowed(now);
    }

    @Override
    public void onSample(long rttNanos, int inFlight, boolean dropped) {
    }

    @Override
    public boolean wantsSamples() {
        return false;
    }

    /** Before an open is admitted: a sample no older than the telemetry interval. */
    void refresh() {
        if (highWater < 1) {
            telemetry.refreshIfStale();
        }
    }

    /**
     * A session of this TA saw it die ({@code instance}: the instance it was on, 0 if unknown). One
     * death is counted once however many sessions report it.
     */
    synchronized void died(int instance) {
        long now = clock.nanoTime();
        if (instance != 0 ? instance == lastDeadInstance : held && now - holdUntil < 0) {
            return;
        }
        lastDeadInstance = instance;
        deaths++;
        boolean inARow = deaths > 1 && now - lastDeathAt < 2 * maxBackoffNanos;
        backoff = inARow ? Math.min(maxBackoffNanos, Math.max(firstBackoffNanos, backoff * 2)) : firstBackoffNanos;
        lastDeathAt = now;
        decrease(now);
        holdUntil = now + backoff;
        held = backoff > 0;
    }

    /** Deaths counted so far. */
    synchronized long deaths() {
        return deaths;
    }

    private boolean heapHigh(long now) {
        if (highWater >= 1) {
            return false;
        }
        TaTelemetry.Sample s = telemetry.sample(uuid);
        if (s == null) {
            return false;
        }
        long seen = seenFailures.get();
        if (s.allocFailures() != seen && seenFailures.compareAndSet(seen, s.allocFailures()) && s.allocFailures() > seen) {
            failedAllocation(now); // a new instance starts from 0 again: only a rise is a failure
        }
        return pressed(s);
    }

    /** Above the high-water mark, or too fragmented: the largest free block is estimated below the reserve. */
    private boolean pressed(TaTelemetry.Sample s) {
        return s.heapSize() > 0 && (s.allocated() > highWater * s.heapSize() || s.contiguousFree() < contiguous * s.heapSize());
    }

    private synchronized void failedAllocation(long now) {
        decrease(now);
    }

    /** Halves what is allowed now (at least 1); recovery starts from there. Under this. */
    private void decrease(long now) {
        floor = Math.max(1, allowed(now) / 2);
        decreasedAt = now;
    }

    private int allowed(long now) {
        int f = floor;
        if (f >= bound) {
            return bound;
        }
        long steps = (now - decreasedAt) / stepNanos;
        return (int) Math.min(bound, f + steps);
    }

    /** Why an open waits now, for a refusal's message. */
    String reason() {
        long now = clock.nanoTime();
        if (held && now - holdUntil < 0) {
            return "TA " + uuid + ": opens held back " + TimeUnit.NANOSECONDS.toMillis(backoff) + " ms after the TA died";
        }
        TaTelemetry.Sample s = telemetry.sample(uuid);
        if (highWater < 1 && s != null && pressed(s)) {
            return "TA " + uuid + ": heap " + Math.round(s.heapUse() * 100) + " % used (high-water "
                    + Math.round(highWater * 100) + " %), largest free block about " + s.contiguousFree() / 1024
                    + " KiB (reserve " + Math.round(contiguous * s.heapSize()) / 1024 + " KiB)";
        }
        int a = allowed(now);
        return "one of the " + a + " session slots of TA " + uuid + (a < bound ? " (lowered from " + bound
                + " after a TA death or failed allocation)" : "");
    }
}
