package dev.jtee.client;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.flow.AdaptiveLimit;
import dev.jtee.flow.Admission;
import dev.jtee.flow.FixedLimit;
import dev.jtee.flow.Limit;
import dev.jtee.flow.Limiter;
import dev.jtee.flow.NanoClock;
import dev.jtee.flow.Outcome;
import dev.jtee.flow.Permit;
import dev.jtee.flow.Policy;
import dev.jtee.flow.Refusal;
import dev.jtee.flow.TokenBucket;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One context's admission state: its {@link FlowControl}, the in-flight limiter, one gate per TA
 * instance its sessions use, one session-slot limiter per TA, and the conservation counters.
 * With flow control off only the counters are used.
 *
 * <p>A call waits in at most one place at a time (session slot, then instance gate, then in-flight
 * permit), so {@link #waiting} is the number of this context's calls waiting in the normal world and
 * the queue capacity bounds it over all three.
 */
final class ContextFlow {
    private static final AtomicLong IDS = new AtomicLong();

    final FlowControl config;
    private final FlowRefusal.Reason queueFull;
    private final FlowRefusal.Reason deadlinePassed;
    private final FlowRefusal.Reason rateLimited;
    private final FlowRefusal.Reason cancelledWhileWaiting;
    final boolean on;
    final NanoClock clock;
    final String name;
    /** Calls inside the secure world (null when off). */
    final Limiter inFlight;
    final boolean sampled;
    private final TokenBucket rate;

    /** Gates by instance id, and of single-instance TAs by TA (guarded by this). */
    private final Map<Integer, Gate> gates = new HashMap<>();
    private final Map<TeeUuid, Gate> taGates = new HashMap<>();
    /** Session slots by TA (guarded by this). */
    private final Map<TeeUuid, SessionSlots> slots = new HashMap<>();
    /** The TA heaps, read when a TA gets session slots (guarded by this). */
    private TaTelemetry telemetry;

    final LongAdder submitted = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder refusedQueueFull = new LongAdder();
    final LongAdder refusedDeadline = new LongAdder();
    final LongAdder refusedRateLimited = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final AtomicInteger waiting = new AtomicInteger();
    final AtomicInteger peakWaiting = new AtomicInteger();

    /** A TA instance's gate: one call of this context inside the instance at a time. */
    static final class Gate {
        /** The instance, or 0 for the gate of a single-instance TA (whichever instance serves it). */
        final int instance;
        final TeeUuid uuid;
        final CallCombiner combiner = new CallCombiner();
        int refs; // sessions using it, guarded by the ContextFlow

        Gate(int instance, TeeUuid uuid) {
            this.instance = instance;
            this.uuid = uuid;
        }
    }

    ContextFlow(FlowControl config, int secureThreads) {
        this.config = config;
        // Refusals come at up to ~10^5 a second when many callers wait: worded once here.
        queueFull = new FlowRefusal.Reason(TeeResult.BUSY, queueFullWhy(null));
        deadlinePassed = new FlowRefusal.Reason(TeeResult.BUSY, deadlineWhy(null));
        rateLimited = new FlowRefusal.Reason(TeeResult.BUSY, Refusal.rateLimited(config.ratePerSecond, config.rateBurst));
        cancelledWhileWaiting = new FlowRefusal.Reason(TeeResult.CANCEL, Refusal.cancelled());
        this.on = config.enabled;
        this.clock = config.clock;
        this.name = "context-" + IDS.incrementAndGet();
        if (on) {
            int max = config.maxInFlight == 0 ? Math.max(1, secureThreads) : config.maxInFlight;
            Limit limit = config.adaptive
                    ? AdaptiveLimit.builder().clock(clock).minLimit(1).maxLimit(max).initialLimit(max).build()
                    : new FixedLimit(max);
            inFlight = Limiter.builder().name(name).clock(clock).limit(limit)
                    .queueCapacity(config.queueCapacity).queueOrder(config.queueOrder).policy(config.policy)
                    .meterRegistry(config.meterRegistry).build();
            sampled = config.adaptive;
            rate = config.ratePerSecond > 0 ? new TokenBucket(config.ratePerSecond, config.rateBurst, clock) : null;
        } else {
            inFlight = null;
            sampled = false;
            rate = null;
        }
        if (config.meterRegistry != null) {
            register(config.meterRegistry);
        }
    }

    // ---- admission

    long deadline() {
        long now = clock.nanoTime();
        long d = now + config.deadlineNanos;
        return d - now < 0 || d == Limiter.NO_DEADLINE ? Limiter.NO_DEADLINE - 1 : d;
    }

    /**
     * What a call admitted here may still wait beyond this process ({@link CallFrame#admissionWaitNanos}):
     * nothing under FAIL_FAST, else the rest of its {@code deadline}, so a daemon's queue does not
     * add a second wait to the one spent here.
     */
    long admissionWait(long deadline) {
        if (config.policy == Policy.FAIL_FAST) {
            return 0;
        }
        if (deadline >= Limiter.NO_DEADLINE - 1) {
            return -1;
        }
        return Math.max(0, deadline - clock.nanoTime());
    }

    /** Refuses the call at once if the rate limit has no token (RATE_LIMITED, or null when there is room). */
    Admission rateCheck() {
        return rate == null || rate.tryAcquire() ? null : Admission.RATE_LIMITED;
    }

    /**
     * Takes {@code permit} of {@code limiter}, waiting as the policy says: a free permit is taken
     * at once (allocation-free); otherwise the call joins the wait if the context's queue has room
     * (BLOCK) or is refused (FAIL_FAST or full). {@code bounded} false (closing a session): wait
     * without deadline or queue limit — a close is never refused.
     */
    Admission admit(Limiter limiter, Permit permit, Operation op, long deadline, boolean bounded) {
        if (limiter.tryAcquire(permit)) {
            return Admission.GRANTED;
        }
        if (bounded && config.policy == Policy.FAIL_FAST) {
            return Admission.QUEUE_FULL;
        }
        int w = waiting.incrementAndGet();
        try {
            if (bounded && w > config.queueCapacity) {
                return Admission.QUEUE_FULL;
            }
            for (int p = peakWaiting.get(); w > p && !peakWaiting.compareAndSet(p, w); p = peakWaiting.get()) {
                // raise the peak
            }
            if (op != null) {
                op.flowPermit = permit;
                if (op.cancelRequested) {
                    return Admission.CANCELLED;
                }
            }
            return limiter.acquire(permit, limiter.defaultPartition(), Policy.BLOCK, bounded ? deadline : Limiter.NO_DEADLINE);
        } finally {
            if (op != null) {
                op.flowPermit = null;
            }
            waiting.decrementAndGet();
        }
    }

    /** Counts a refusal and says why, as the caller will see it. */
    TeeException refusal(Admission a, Driver driver) {
        return refusal(a, driver, null);
    }

    /** As {@link #refusal(Admission, Driver)}, naming what the call waited for. */
    TeeException refusal(Admission a, Driver driver, String waitingFor) {
        return switch (a) {
            case QUEUE_FULL -> {
                refusedQueueFull.increment();
                yield waitingFor == null ? queueFull.refusal() : new FlowRefusal(TeeResult.BUSY, queueFullWhy(waitingFor));
            }
            case DEADLINE -> {
                refusedDeadline.increment();
                yield waitingFor == null ? deadlinePassed.refusal() : new FlowRefusal(TeeResult.BUSY, deadlineWhy(waitingFor));
            }
            case RATE_LIMITED -> {
                refusedRateLimited.increment();
                yield rateLimited.refusal();
            }
            case CANCELLED -> {
                cancelled.increment();
                yield cancelledWhileWaiting.refusal();
            }
            default -> {
                cancelled.increment();
                yield driver.isClosed()
                        ? new TeeException(TeeResult.COMMUNICATION, Origin.COMMS, "the TEE was closed")
                        : new TeeException(TeeResult.BAD_STATE, Origin.API, "the context is closed");
            }
        };
    }

    private String queueFullWhy(String waitingFor) {
        return Refusal.queueFull(config.policy, config.queueCapacity, waitingFor);
    }

    private String deadlineWhy(String waitingFor) {
        return Refusal.deadline(config.deadlineNanos, waitingFor);
    }

    void release(Permit permit, Outcome outcome, long startNanos) {
        inFlight.release(permit, outcome, sampled ? clock.nanoTime() - startNanos : 0);
    }

    /** Asks a call of {@code op} waiting for a permit to give up (it ends with CANCEL). */
    void cancel(Operation op) {
        op.cancelRequested = true;
        // the waiter may be between publishing its permit and starting to wait: retry until
        // the wait is seen (cancel() answers true) or the waiter has moved on
        for (Permit p = op.flowPermit; p != null && op.flowPermit == p && !p.cancel(); ) {
            Thread.onSpinWait();
        }
        CallCombiner.cancel(op.combining);
    }

    // ---- instance gates and session slots

    /** The gate of a single-instance TA: every session of this context on it, opens included, shares it. */
    synchronized Gate taGate(TeeUuid uuid) {
        return taGates.computeIfAbsent(uuid, u -> new Gate(0, u));
    }

    /** A new session on {@code instance} of a TA with an instance per session (or an unknown model): its gate, with one more user. */
    synchronized Gate retain(int instance, TeeUuid uuid) {
        Gate g = gates.computeIfAbsent(instance, i -> new Gate(i, uuid));
        g.refs++;
        return g;
    }

    /** A session let go of its gate; an instance's gate goes with its last session, a TA's stays. */
    synchronized void release(Gate g) {
        if (g.instance != 0 && --g.refs == 0) {
            gates.remove(g.instance, g);
        }
    }

    /** The session slots of this context on {@code uuid}, a TA whose sessions share one instance. */
    synchronized SessionSlots sessionSlots(TeeUuid uuid, Driver driver) {
        SessionSlots s = slots.get(uuid);
        if (s == null) {
            if (telemetry == null) {
                telemetry = new TaTelemetry(driver, clock, config.telemetryNanos);
            }
            s = new SessionSlots(uuid, config, telemetry, name + "-sessions-" + uuid);
            slots.put(uuid, s);
        }
        return s;
    }

    /** TA deaths this context's sessions reported (each counted once), over every TA. */
    synchronized long deaths() {
        long n = 0;
        for (SessionSlots s : slots.values()) {
            n += s.deaths();
        }
        return n;
    }

    /** Ends every wait of this context (CLOSED: the context or the TEE is closing). */
    synchronized void close() {
        if (inFlight != null) {
            inFlight.close();
        }
        for (Gate g : gates.values()) {
            g.combiner.close();
        }
        for (Gate g : taGates.values()) {
            g.combiner.close();
        }
        for (SessionSlots s : slots.values()) {
            s.limiter.close();
        }
    }

    /** Closes the telemetry's session on the stats pseudo-TA, after the context's own sessions. */
    void closeTelemetry() {
        TaTelemetry t;
        synchronized (this) {
            t = telemetry;
        }
        if (t != null) {
            t.close();
        }
    }

    // ---- introspection

    FlowStats stats() {
        long qf = refusedQueueFull.sum();
        long dl = refusedDeadline.sum();
        long rl = refusedRateLimited.sum();
        // read the outcomes before the submissions so a snapshot never shows more ended than submitted
        long done = completed.sum();
        long can = cancelled.sum();
        return new FlowStats(submitted.sum(), done, qf + dl + rl, qf, dl, rl, can,
                inFlight == null ? 0 : inFlight.inFlight(), inFlight == null ? 0 : inFlight.limit(),
                waiting.get(), peakWaiting.get());
    }

    private void register(MeterRegistry r) {
        String[] tag = {"context", name};
        FunctionCounter.builder("jtee.client.calls", submitted, LongAdder::sum).tags(tag).tag("outcome", "submitted")
                .description("calls handed to the driver").register(r);
        FunctionCounter.builder("jtee.client.calls", completed, LongAdder::sum).tags(tag).tag("outcome", "completed").register(r);
        FunctionCounter.builder("jtee.client.calls", refusedQueueFull, LongAdder::sum).tags(tag).tag("outcome", "refused_queue_full").register(r);
        FunctionCounter.builder("jtee.client.calls", refusedDeadline, LongAdder::sum).tags(tag).tag("outcome", "refused_deadline").register(r);
        FunctionCounter.builder("jtee.client.calls", refusedRateLimited, LongAdder::sum).tags(tag).tag("outcome", "refused_rate_limited").register(r);
        FunctionCounter.builder("jtee.client.calls", cancelled, LongAdder::sum).tags(tag).tag("outcome", "cancelled").register(r);
        Gauge.builder("jtee.client.waiting", waiting, AtomicInteger::get).tags(tag)
                .description("calls waiting in the normal world (session slot, instance gate or in-flight permit)").register(r);
    }
}
