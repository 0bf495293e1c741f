package dev.jtee.client;

import dev.jtee.flow.NanoClock;
import dev.jtee.flow.Policy;
import dev.jtee.flow.QueueOrder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;

/**
 * How the driver admits one context's calls into the secure world: the fix for the seed's flood
 * of calls. Immutable; one per {@link Context} ({@link Tee#newContext(FlowControl)}).
 *
 * <p>Defaults ({@link #defaults()}):
 * <ul>
 *   <li>in flight: at most the world's secure threads ({@code CFG_NUM_THREADS}) calls of the
 *       context inside the secure world at once ({@link Builder#maxInFlight}, fixed unless
 *       {@link Builder#adaptive});</li>
 *   <li>instance-aware: a call for a TA instance that already runs a call of this context waits in
 *       the normal world instead of holding a secure thread, so one hot single-instance TA cannot
 *       take every secure thread (optee_os issue 4438);</li>
 *   <li>sessions: at most {@value #DEFAULT_MAX_SESSIONS_PER_TA} sessions of the context open at
 *       once on a single-instance TA, whose sessions all keep their state on one heap (the seed's
 *       32 KiB); a further open waits like a call. The driver asks the world for a TA's flags
 *       before its first open (jtee's TA-info pseudo-TA), so the bound holds from the first open;
 *       a world that cannot say (a real device) has every TA bounded. Multi-instance TAs give each
 *       session an instance of its own and are not bounded here (the world answers OUT_OF_MEMORY
 *       when secure RAM runs out);</li>
 *   <li>heap-aware: the driver reads the TA heaps through OP-TEE's stats pseudo-TA (at most every
 *       {@link #DEFAULT_TELEMETRY_INTERVAL}); while a bounded TA's heap is above
 *       {@value #DEFAULT_HEAP_HIGH_WATER} of its size, or its largest free block is estimated
 *       (from {@code free2_sum}) below {@value #DEFAULT_HEAP_CONTIGUOUS} of it — a fragmented heap
 *       fails a TA's big allocations long before it is full — new sessions to it wait; after a TA death or a
 *       failed allocation its session limit halves and grows back by one every
 *       {@link #DEFAULT_RECOVERY_STEP}, and after a death its opens are held back
 *       {@link #DEFAULT_DEATH_BACKOFF} (doubling with each death in a row, up to
 *       {@link #DEFAULT_MAX_DEATH_BACKOFF});</li>
 *   <li>queue: {@value #DEFAULT_QUEUE_CAPACITY} waiting calls, FIFO, policy BLOCK, each waiting at
 *       most {@link #DEFAULT_DEADLINE}; no rate limit; no meters.</li>
 * </ul>
 * A call refused (queue full, rate limited) or still waiting at its deadline ends with
 * {@code TeeException(BUSY, COMMS)} saying why; a cancelled waiting call ends with CANCEL.
 *
 * <p>{@link #off()} is OP-TEE's plain driver: calls enter at once; with every secure thread busy
 * they wait in the driver's FIFO queue, unbounded, as the Linux driver does.
 */
public final class FlowControl {
    public static final int DEFAULT_QUEUE_CAPACITY = 256;
    public static final int DEFAULT_MAX_SESSIONS_PER_TA = 16;
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    public static final double DEFAULT_HEAP_HIGH_WATER = 0.75;
    public static final double DEFAULT_HEAP_CONTIGUOUS = 0.25;
    public static final Duration DEFAULT_TELEMETRY_INTERVAL = Duration.ofMillis(2);
    public static final Duration DEFAULT_RECOVERY_STEP = Duration.ofMillis(50);
    public static final Duration DEFAULT_DEATH_BACKOFF = Duration.ofMillis(10);
    public static final Duration DEFAULT_MAX_DEATH_BACKOFF = Duration.ofSeconds(1);

    private static final FlowControl DEFAULTS = builder().build();
    private static final FlowControl OFF = new Builder().enabled(false).build();

    final boolean enabled;
    final int maxInFlight;
    final boolean adaptive;
    final boolean instanceAware;
    final int maxSessionsPerTa;
    final int queueCapacity;
    final QueueOrder queueOrder;
    final Policy policy;
    final long deadlineNanos;
    final double ratePerSecond;
    final int rateBurst;
    final MeterRegistry meterRegistry;
    final NanoClock clock;
    final double heapHighWater;
    final double heapContiguous;
    final long telemetryNanos;
    final long recoveryStepNanos;
    final long deathBackoffNanos;
    final long maxDeathBackoffNanos;

    private FlowControl(Builder b) {
        heapHighWater = b.heapHighWater;
        heapContiguous = b.heapContiguous;
        telemetryNanos = b.telemetryInterval.toNanos();
        recoveryStepNanos = b.recoveryStep.toNanos();
        deathBackoffNanos = b.deathBackoff.toNanos();
        maxDeathBackoffNanos = b.maxDeathBackoff.toNanos();
        enabled = b.enabled;
        maxInFlight = b.maxInFlight;
        adaptive = b.adaptive;
        instanceAware = b.instanceAware;
        maxSessionsPerTa = b.maxSessionsPerTa;
        queueCapacity = b.queueCapacity;
        queueOrder = b.queueOrder;
        policy = b.policy;
        deadlineNanos = b.deadline.toNanos();
        ratePerSecond = b.ratePerSecond;
        rateBurst = b.rateBurst;
        meterRegistry = b.meterRegistry;
        clock = b.clock;
    }

    /** Flow control on, with the defaults above. */
    public static FlowControl defaults() {
        return DEFAULTS;
    }

    /** No flow control: OP-TEE's plain driver (unbounded FIFO queue on the secure-thread limit). */
    public static FlowControl off() {
        return OFF;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration, to change a few settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.maxInFlight = maxInFlight;
        b.adaptive = adaptive;
        b.instanceAware = instanceAware;
        b.maxSessionsPerTa = maxSessionsPerTa;
        b.queueCapacity = queueCapacity;
        b.queueOrder = queueOrder;
        b.policy = policy;
        b.deadline = Duration.ofNanos(deadlineNanos);
        b.ratePerSecond = ratePerSecond;
        b.rateBurst = rateBurst;
        b.meterRegistry = meterRegistry;
        b.clock = clock;
        b.heapHighWater = heapHighWater;
        b.heapContiguous = heapContiguous;
        b.telemetryInterval = Duration.ofNanos(telemetryNanos);
        b.recoveryStep = Duration.ofNanos(recoveryStepNanos);
        b.deathBackoff = Duration.ofNanos(deathBackoffNanos);
        b.maxDeathBackoff = Duration.ofNanos(maxDeathBackoffNanos);
        return b;
    }

    /** The fraction of a bounded TA's heap above which its new sessions wait (1 or more: never). */
    public double heapHighWater() {
        return heapHighWater;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** The in-flight limit asked for; 0 means the world's secure-thread count. */
    public int maxInFlight() {
        return maxInFlight;
    }

    public boolean isAdaptive() {
        return adaptive;
    }

    public boolean isInstanceAware() {
        return instanceAware;
    }

    public int maxSessionsPerTa() {
        return maxSessionsPerTa;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public QueueOrder queueOrder() {
        return queueOrder;
    }

    public Policy policy() {
        return policy;
    }

    public Duration deadline() {
        return Duration.ofNanos(deadlineNanos);
    }

    /** Calls per second allowed (0: no rate limit). */
    public double ratePerSecond() {
        return ratePerSecond;
    }

    public int rateBurst() {
        return rateBurst;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "FlowControl[off]";
        }
        return "FlowControl[in flight ≤ " + (maxInFlight == 0 ? "secure threads" : maxInFlight) + (adaptive ? " (adaptive)" : "")
                + (instanceAware ? ", instance-aware" : "") + ", sessions/TA ≤ " + maxSessionsPerTa
                + ", queue " + queueCapacity + " " + queueOrder + " " + policy + ", deadline " + deadline().toMillis() + " ms"
                + (ratePerSecond > 0 ? ", rate " + ratePerSecond + "/s burst " + rateBurst : "")
                + (heapHighWater < 1 ? ", heap high-water " + Math.round(heapHighWater * 100) + " % and contiguous reserve "
                        + Math.round(heapContiguous * 100) + " % (stats pseudo-TA every " + telemetryNanos / 1_000_000 + " ms)" : "")
                + ", death back-off " + deathBackoffNanos / 1_000_000 + "–" + maxDeathBackoffNanos / 1_000_000 + " ms]";
    }

    /** Builder; not thread-safe. Starts from the {@linkplain FlowControl defaults}. */
    public static final class Builder {
        private boolean enabled = true;
        private int maxInFlight;
        private boolean adaptive;
        private boolean instanceAware = true;
        private int maxSessionsPerTa = DEFAULT_MAX_SESSIONS_PER_TA;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private QueueOrder queueOrder = QueueOrder.FIFO;
        private Policy policy = Policy.BLOCK;
        private Duration deadline = DEFAULT_DEADLINE;
        private double ratePerSecond;
        private int rateBurst;
        private MeterRegistry meterRegistry;
        private NanoClock clock = NanoClock.system();
        private double heapHighWater = DEFAULT_HEAP_HIGH_WATER;
        private double heapContiguous = DEFAULT_HEAP_CONTIGUOUS;
        private Duration telemetryInterval = DEFAULT_TELEMETRY_INTERVAL;
        private Duration recoveryStep = DEFAULT_RECOVERY_STEP;
        private Duration deathBackoff = DEFAULT_DEATH_BACKOFF;
        private Duration maxDeathBackoff = DEFAULT_MAX_DEATH_BACKOFF;

        private Builder() {
        }

        /**
         * New sessions to a bounded TA wait while its heap holds more than this fraction of its
         * size (more than 0; 1 or more turns heap awareness off).
         */
        public Builder heapHighWater(double fraction) {
            if (!(fraction > 0)) throw new IllegalArgumentException("heapHighWater must be > 0: " + fraction);
            this.heapHighWater = fraction;
            return this;
        }

        /**
         * New sessions to a bounded TA wait while its largest free block, estimated from the
         * stats pseudo-TA's {@code free2_sum}, is below this fraction of its heap (0 turns it off).
         */
        public Builder heapContiguous(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException("heapContiguous must be in [0, 1): " + fraction);
            this.heapContiguous = fraction;
            return this;
        }

        /** How old the heap telemetry of a TA may be when an open to it is admitted. */
        public Builder telemetryInterval(Duration d) {
            if (d.isNegative()) throw new IllegalArgumentException("telemetryInterval must be ≥ 0: " + d);
            this.telemetryInterval = d;
            return this;
        }

        /** After a TA death or failed allocation the session limit halves, then grows by one per {@code step}. */
        public Builder sessionRecovery(Duration step) {
            if (step.isNegative() || step.isZero()) throw new IllegalArgumentException("sessionRecovery must be > 0: " + step);
            this.recoveryStep = step;
            return this;
        }

        /** After a TA death its opens wait {@code first}, doubling with each death in a row up to {@code max}. */
        public Builder deathBackoff(Duration first, Duration max) {
            if (first.isNegative() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("deathBackoff needs 0 ≤ first ≤ max: " + first + ", " + max);
            }
            this.deathBackoff = first;
            this.maxDeathBackoff = max;
            return this;
        }

        /** false gives {@link FlowControl#off()}: every other setting is ignored. */
        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        /** Most calls of the context inside the secure world at once; 0 = the secure-thread count. */
        public Builder maxInFlight(int n) {
            if (n < 0) throw new IllegalArgumentException("maxInFlight must be ≥ 0 (0 = secure threads): " + n);
            this.maxInFlight = n;
            return this;
        }

        /** Learn the in-flight limit from round-trip times, between 1 and {@link #maxInFlight}. */
        public Builder adaptive(boolean on) {
            this.adaptive = on;
            return this;
        }

        /** Wait for a busy TA instance in the normal world (on by default). */
        public Builder instanceAware(boolean on) {
            this.instanceAware = on;
            return this;
        }

        /** Most sessions of the context open at once on one single-instance TA (≥ 1). */
        public Builder maxSessionsPerTa(int n) {
            if (n < 1) throw new IllegalArgumentException("maxSessionsPerTa must be ≥ 1: " + n);
            this.maxSessionsPerTa = n;
            return this;
        }

        /** Most calls waiting at once (0: none wait, a call that cannot enter is refused). */
        public Builder queueCapacity(int n) {
            if (n < 0) throw new IllegalArgumentException("queueCapacity must be ≥ 0: " + n);
            this.queueCapacity = n;
            return this;
        }

        public Builder queueOrder(QueueOrder order) {
            this.queueOrder = Objects.requireNonNull(order);
            return this;
        }

        /** BLOCK (wait up to the deadline) or FAIL_FAST (refuse at once when nothing is free). */
        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy);
            return this;
        }

        /** Longest a call waits in the normal world before it is refused with BUSY. */
        public Builder deadline(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("deadline must be > 0: " + d);
            this.deadline = d;
            return this;
        }

        /** A token bucket over the context's calls: {@code perSecond} with bursts of {@code burst}. */
        public Builder rateLimit(double perSecond, int burst) {
            if (!(perSecond > 0) || burst < 1) throw new IllegalArgumentException("rate must be > 0 and burst ≥ 1");
            this.ratePerSecond = perSecond;
            this.rateBurst = burst;
            return this;
        }

        /** Registers the {@code jtee.flow.*} meters of the context's limiters there. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = registry;
            return this;
        }

        /** The clock deadlines and rates are measured with (tests inject a manual one). */
        public Builder clock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public FlowControl build() {
            return new FlowControl(this);
        }
    }
}
