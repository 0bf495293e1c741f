package dev.jtee.flow;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A gradient limit (in the style of Envoy's adaptive concurrency) that learns the concurrency a
 * service can take from round-trip times, with no lower cut-off on the RTT (samples of a few
 * microseconds count).
 *
 * <p>Algorithm, once per window (≥ {@code minWindow} and ≥ {@code minSamples} samples):
 * <ul>
 *   <li>a window with any {@link Outcome#DROPPED} sample: {@code limit × backoffRatio};</li>
 *   <li>otherwise {@code gradient = clamp(baseline × (1 + tolerance) / avgRtt, 0.5, 1)} and
 *       {@code limit ← (1−s)·limit + s·(limit × gradient + √limit / 2)}; the limit only grows while
 *       at least three quarters of it were in use (an idle service says nothing about its capacity).</li>
 * </ul>
 * The {@code baseline} (no-load RTT) is measured, not inferred: at start and then every
 * {@code probeInterval} the limit drops to {@code minLimit} for one window of {@code probeSamples}
 * samples and the mean RTT of that window, at low concurrency, becomes the baseline (it is not
 * lowered by noisy short windows in between, which would ratchet it down). Queueing can
 * therefore never leak into the baseline, which is what makes Gradient2-style limits creep upward
 * under steady overload; queueing shows up as RTT growth, a gradient below 1, and a limit that holds
 * or falls. The limit is always within [{@code minLimit}, {@code maxLimit}].
 *
 * <p>Thread safety: {@link #onSample} and {@link #currentLimit()} may be called from any thread
 * concurrently. Samples go to striped adders (no shared monitor); the thread whose sample closes a
 * window wins one CAS and recomputes the limit, the others carry on.
 */
public final class AdaptiveLimit implements Limit {
    private static final double MIN_GRADIENT = 0.5;

    private final NanoClock clock;
    private final int minLimit;
    private final int maxLimit;
    private final double tolerance;
    private final double smoothing;
    private final double backoffRatio;
    private final long minWindow;
    private final long minSamples;
    private final long probeSamples;
    private final long probeInterval;

    private final LongAdder rttSum = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final LongAdder drops = new LongAdder();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    /** End of the current window; Long.MAX_VALUE while the winning thread updates. */
    private final AtomicLong windowEnd;

    private volatile int limit;
    private volatile boolean probing;

    // Written only by the thread that won the window CAS; published by the volatile windowEnd write.
    private double estimate;
    private double baseline = Double.NaN;
    private long nextProbeAt;
    private long lastAvg;

    private AdaptiveLimit(Builder b) {
        this.clock = b.clock;
        this.minLimit = b.minLimit;
        this.maxLimit = b.maxLimit;
        this.tolerance = b.tolerance;
        this.smoothing = b.smoothing;
        this.backoffRatio = b.backoffRatio;
        this.minWindow = b.minWindowNanos;
        this.minSamples = b.minSamples;
        this.probeSamples = b.probeSamples;
        this.probeInterval = b.probeIntervalNanos;
        this.estimate = clamp(b.initialLimit);
        // Measure the baseline first: the initial limit may already be past the service's capacity.
        this.probing = true;
        this.limit = minLimit;
        this.windowEnd = new AtomicLong(clock.nanoTime() + minWindow);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int currentLimit() {
        return limit;
    }

    @Override
    public void onSample(long rttNanos, int inFlight, boolean dropped) {
        // While probing, only samples taken at probe concurrency describe the unloaded service.
        if (probing && inFlight > minLimit && !dropped) return;
        rttSum.add(Math.max(0L, rttNanos));
        samples.increment();
        if (dropped) drops.increment();
        int m = maxInFlight.get();
        while (inFlight > m && !maxInFlight.compareAndSet(m, inFlight)) m = maxInFlight.get();
        long now = clock.nanoTime();
        long end = windowEnd.get();
        if (now >= end && windowEnd.compareAndSet(end, Long.MAX_VALUE)) update(now);
    }

    private void update(long now) {
        if (samples.sum() < (probing ? probeSamples : minSamples)) {
            windowEnd.set(now + minWindow); // keep accumulating
            return;
        }
        long n = samples.sumThenReset();
        long sum = rttSum.sumThenReset();
        long d = drops.sumThenReset();
        int peak = maxInFlight.getAndSet(0);
        double avg = n == 0 ? 0 : (double) sum / n;
        lastAvg = (long) avg;
        if (probing) {
            if (d == 0 || Double.isNaN(baseline)) baseline = Math.max(1.0, avg);
            nextProbeAt = now + probeInterval;
            probing = false;
        } else {
            double target;
            if (d > 0) {
                target = estimate * backoffRatio;
            } else {
                double gradient = Math.max(MIN_GRADIENT, Math.min(1.0, baseline * (1.0 + tolerance) / Math.max(1.0, avg)));
                double grown = estimate * gradient + Math.sqrt(estimate) / 2;
                if (grown > estimate && peak < 0.75 * estimate) grown = estimate; // app-limited: learned nothing
                target = (1 - smoothing) * estimate + smoothing * grown;
            }
            estimate = clamp(target);
            if (now >= nextProbeAt) probing = true;
        }
        limit = probing ? minLimit : (int) estimate;
        windowEnd.set(now + Math.max(minWindow, 4 * lastAvg));
    }

    private double clamp(double v) {
        return Math.max(minLimit, Math.min(maxLimit, v));
    }

    /** The measured no-load round-trip time in nanoseconds, or -1 before the first probe. For tests and meters. */
    public long baselineNanos() {
        double b = baseline; // racy read of a winner-only field: a diagnostic snapshot
        return Double.isNaN(b) ? -1 : (long) b;
    }

    /** True while the limit is held at {@code minLimit} to measure the baseline. */
    public boolean isProbing() {
        return probing;
    }

    public int minLimit() {
        return minLimit;
    }

    public int maxLimit() {
        return maxLimit;
    }

    @Override
    public String toString() {
        return "AdaptiveLimit[limit=" + limit + ", min=" + minLimit + ", max=" + maxLimit + "]";
    }

    /** Builder; not thread-safe. Defaults: initial 10, min 1, max 1000, tolerance 0.1, smoothing 0.2,
     *  backoff 0.9, window ≥ 10 ms and ≥ 50 samples, probe of 200 samples every 10 s, system clock. */
    public static final class Builder {
        private NanoClock clock = NanoClock.system();
        private int initialLimit = 10;
        private int minLimit = 1;
        private int maxLimit = 1000;
        private double tolerance = 0.1;
        private double smoothing = 0.2;
        private double backoffRatio = 0.9;
        private long minWindowNanos = TimeUnit.MILLISECONDS.toNanos(10);
        private long minSamples = 50;
        private long probeSamples = 200;
        private long probeIntervalNanos = TimeUnit.SECONDS.toNanos(10);

        private Builder() {
        }

        public Builder clock(NanoClock clock) {
            this.clock = java.util.Objects.requireNonNull(clock);
            return this;
        }

        public Builder initialLimit(int v) {
            this.initialLimit = v;
            return this;
        }

        /** Lowest limit, also the concurrency used while probing the baseline. */
        public Builder minLimit(int v) {
            this.minLimit = v;
            return this;
        }

        public Builder maxLimit(int v) {
            this.maxLimit = v;
            return this;
        }

        /** RTT growth over the baseline tolerated before the limit falls (0.1 = 10 %). */
        public Builder tolerance(double v) {
            this.tolerance = v;
            return this;
        }

        /** Weight of each window's target in the new limit, in (0, 1]. */
        public Builder smoothing(double v) {
            this.smoothing = v;
            return this;
        }

        /** Multiplier applied on a window with drops, in (0, 1). */
        public Builder backoffRatio(double v) {
            this.backoffRatio = v;
            return this;
        }

        public Builder minWindow(long duration, TimeUnit unit) {
            this.minWindowNanos = unit.toNanos(duration);
            return this;
        }

        public Builder minSamples(long v) {
            this.minSamples = v;
            return this;
        }

        /** Samples (at probe concurrency) that make up a baseline measurement. */
        public Builder probeSamples(long v) {
            this.probeSamples = v;
            return this;
        }

        public Builder probeInterval(long duration, TimeUnit unit) {
            this.probeIntervalNanos = unit.toNanos(duration);
            return this;
        }

        public AdaptiveLimit build() {
            if (minLimit < 1 || maxLimit < minLimit) throw new IllegalArgumentException("need 1 ≤ min ≤ max: " + minLimit + ", " + maxLimit);
            if (!(tolerance >= 0)) throw new IllegalArgumentException("tolerance must be ≥ 0");
            if (!(smoothing > 0 && smoothing <= 1)) throw new IllegalArgumentException("smoothing must be in (0, 1]");
            if (!(backoffRatio > 0 && backoffRatio < 1)) throw new IllegalArgumentException("backoffRatio must be in (0, 1)");
            if (minWindowNanos <= 0 || minSamples < 1 || probeSamples < 1 || probeIntervalNanos <= 0) throw new IllegalArgumentException("window, samples and probe interval must be > 0");
            return new AdaptiveLimit(this);
        }
    }

    /** Changes only in {@link #onSample}, during a release, which then serves the waiters. */
    @Override
    public boolean risesByItself() {
        return false;
    }
}
