package dev.jtee.flow;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission control: a concurrency limit ({@link Limit}, fixed or adaptive), optional token-bucket
 * rate limits, partitions with guaranteed shares and a system reserve, and a bounded,
 * deadline-aware, cancellable wait queue. Built with {@link #builder()}.
 *
 * <pre>{@code
 * Permit permit = limiter.newPermit();                 // once per caller, then reused
 * Admission a = limiter.acquire(permit, partition, deadlineNanos);
 * if (a.isGranted()) {
 *     try { ... } finally { limiter.release(permit, Outcome.SUCCESS, rttNanos); }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Every method may be called from any thread. A {@link Permit} is acquired by
 * one caller at a time (acquiring a held or queued permit throws; two threads racing to acquire
 * the same idle permit is a caller bug the fast path does not detect); it may be released from
 * another thread, exactly once (a second release always throws).
 *
 * <p><b>Hot path.</b> When a permit is free and nobody is queued, acquire and release are
 * lock-free and allocation-free. Without rate limits, acquire is one CAS on the in-flight counter
 * (the permit goes idle → held by an ordered store) and release is one CAS on the permit plus one
 * decrement of the counter; a striped-adder update per partition is added only when there are
 * several partitions, a token-bucket CAS if rate limited, and the limit's sample recording if it
 * {@linkplain Limit#wantsSamples() wants samples}. Waiting callers join the queue and leave it at
 * their deadline or on cancellation without the lock; it is taken only to hand a free permit to a
 * waiter.
 *
 * <p><b>Fairness.</b> While anyone is queued, new callers do not take freed permits: each freed
 * permit is handed directly to a waiter (no barging). Waiters of partitions under their guaranteed
 * share are served before borrowers; within that, by {@link QueueOrder}. The in-flight count never
 * exceeds the limit; callers outside the system partition never use the last {@code reserve}
 * permits (the reserve is kept only while the limit exceeds it).
 *
 * <p><b>Conservation.</b> Every acquire returns exactly one {@link Admission}: GRANTED (then the
 * permit must be released once) or a refusal; a second release is refused with
 * {@link IllegalStateException} and changes nothing. The deadline bounds only the wait: a call
 * that finds a free permit is granted even if its deadline has passed.
 */
public final class Limiter implements AutoCloseable {
    /** Longest single park where waiters must look again: a limit that rises by itself, or an injected clock. */
    static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long the next waiter in line keeps looking for its permit (yielding) before it parks. */
    static final long HEAD_LOOK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Waiters looking now, over all limiters: fewer than the cores, so they never crowd out the permits' holders. */
    private static final AtomicInteger LOOKERS = new AtomicInteger();
    private static final int MAX_LOOKERS = Runtime.getRuntime().availableProcessors() - 1;
    /** Deadline meaning "wait as long as it takes". */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final String name;
    private final NanoClock clock;
    private final Limit limit;
    private final int reserve;
    /** Free permits a partition that holds some may not take (see {@link Builder#headroom}). */
    private final int headroom;
    private final QueueOrder order;
    private final int queueCapacity;
    /** Declared partitions, then the dynamic ones that exist now; replaced (copy on write) under the lock. */
    private volatile Partition[] partitions;
    private final Map<String, Partition> byName;
    /** Most dynamic partitions at once (0: none may be created); see {@link Builder#dynamicPartitions}. */
    private final int dynamicMax;
    private final double dynamicShare;
    private final Policy dynamicPolicy;
    private final int ceiling;
    /** Dynamic partitions by key; guarded by the lock. */
    private final Map<String, Partition> dynamic = new java.util.HashMap<>();
    private final MeterRegistry registry;
    private final Partition defaultPartition;
    private final TokenBucket rate;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Waiters in all partitions' queues; changed only under the lock, read without it. */
    private final AtomicInteger queued = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final FlowMetrics metrics;
    private volatile boolean closed;
    private final AtomicLong seq = new AtomicLong();
    /** Whether {@link Limit#onSample} is called at all (false for a {@link FixedLimit}). */
    private final boolean sampled;
    /** Whether waiters look again every {@link #MAX_PARK_NANOS} instead of parking until their deadline. */
    private final boolean polls;
    /** Whether partitions count their own permits (with one partition its count is {@link #inFlight}). */
    private final boolean counted;

    private Limiter(Builder b) {
        this.name = b.name;
        this.clock = b.clock;
        this.limit = b.limit;
        this.reserve = b.reserve;
        this.headroom = b.headroom;
        this.order = b.order;
        this.queueCapacity = b.queueCapacity;
        this.dynamicMax = b.dynamicMax;
        this.dynamicShare = b.dynamicMax > 0 ? 1.0 / b.dynamicMax : 0;
        this.dynamicPolicy = b.policy;
        this.ceiling = b.ceiling;
        this.registry = b.registry;
        List<Builder.Spec> specs = new ArrayList<>(b.specs.values());
        if (specs.isEmpty()) specs.add(new Builder.Spec("default", b.dynamicMax > 0 ? 0.0 : 1.0, b.policy, false));
        Partition[] partitions = new Partition[specs.size()];
        Map<String, Partition> map = new LinkedHashMap<>();
        Partition first = null;
        for (int i = 0; i < specs.size(); i++) {
            Builder.Spec s = specs.get(i);
            TokenBucket tb = s.rate > 0 ? new TokenBucket(s.rate, s.burst, clock) : null;
            Partition p = new Partition(this, i, s.name, s.share, s.policy == null ? b.policy : s.policy, s.system, tb);
            if (b.ceiling < Integer.MAX_VALUE || b.headroom > 0) {
                p.ceiling = s.system ? Integer.MAX_VALUE : b.ceiling;
                p.slots = new AtomicInteger();
            }
            partitions[i] = p;
            map.put(s.name, p);
            if (first == null && !s.system) first = p;
        }
        this.byName = Collections.unmodifiableMap(map);
        this.defaultPartition = first != null ? first : partitions[0];
        this.rate = b.rate > 0 ? new TokenBucket(b.rate, b.burst, clock) : null;
        if (partitions.length == 1 && dynamicMax == 0) partitions[0].sole = inFlight;
        this.counted = partitions.length > 1 || dynamicMax > 0;
        this.partitions = partitions;
        this.sampled = limit.wantsSamples();
        this.polls = limit.risesByItself() || clock != NanoClock.system();
        int fixedLimit = limit instanceof FixedLimit f ? f.currentLimit() : 0;
        for (Partition p : partitions) {
            p.fastCap = p.rate != null || rate != null ? 0 : fixedLimit > 0 ? capacity(p, fixedLimit) : -1;
        }
        this.metrics = new FlowMetrics(b.registry, name, this, partitions);
    }

    /**
     * The dynamic partition of {@code key} (e.g. one client process), created on its first join;
     * each join is matched by one {@link #leave}. A partition is dropped once every joiner left
     * and it holds no permit and has no waiter. Null when {@link Builder#dynamicPartitions} of
     * them exist already (the caller refuses with {@link Refusal#partitions}). Allocates only when
     * it creates a partition; never on acquire or release.
     */
    public Partition join(String key) {
        Objects.requireNonNull(key, "key");
        if (dynamicMax == 0) throw new IllegalStateException("limiter " + name + " has no dynamic partitions");
        lock.lock();
        try {
            Partition p = dynamic.get(key);
            if (p == null) {
                if (dynamic.size() >= dynamicMax || closed) return null;
                p = new Partition(this, -1, key, dynamicShare, dynamicPolicy, false, null);
                if (ceiling < Integer.MAX_VALUE || headroom > 0) {
                    p.ceiling = ceiling;
                    p.slots = new AtomicInteger();
                }
                p.dynamic = true;
                p.fastCap = limit instanceof FixedLimit f ? capacity(p, f.currentLimit()) : -1;
                metrics.register(p, registry, name);
                dynamic.put(key, p);
                Partition[] now = partitions;
                Partition[] next = java.util.Arrays.copyOf(now, now.length + 1);
                next[now.length] = p;
                partitions = next;
            }
            p.joined++;
            return p;
        } finally {
            lock.unlock();
        }
    }

    /** Ends one {@link #join} of {@code p}: dropped now if that was the last and it holds and awaits nothing, else at its last release. */
    public void leave(Partition p) {
        if (p.owner != this || !p.dynamic) throw new IllegalArgumentException("not a dynamic partition of limiter " + name + ": " + p);
        lock.lock();
        try {
            if (p.joined == 0) throw new IllegalStateException("partition " + p.name() + " left more often than joined");
            p.joined--;
            dropIfIdle(p);
        } finally {
            lock.unlock();
        }
    }

    /** Dynamic partitions that exist now (joined, or still holding permits or waiters). */
    public int dynamicPartitions() {
        lock.lock();
        try {
            return dynamic.size();
        } finally {
            lock.unlock();
        }
    }

    /** Drops a dynamic partition nobody joins that holds no permit and has no live waiter. Under the lock. */
    private void dropIfIdle(Partition p) {
        if (p.joined > 0 || p.dropped || p.held() != 0) return;
        for (Wait w : p.waiters) {
            if (!w.decided()) return;
        }
        p.dropped = true;
        dynamic.remove(p.name());
        Partition[] now = partitions;
        Partition[] next = new Partition[now.length - 1];
        for (int i = 0, j = 0; i < now.length; i++) {
            if (now[i] != p) next[j++] = now[i];
        }
        partitions = next;
        metrics.unregister(p, registry);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new reusable permit for this limiter (allocate once per caller, not per call). */
    public Permit newPermit() {
        return new Permit(this);
    }

    /** The partition named {@code name}; throws if there is none. */
    public Partition partition(String name) {
        Partition p = byName.get(name);
        if (p == null) throw new IllegalArgumentException("no partition '" + name + "' in limiter " + this.name + " (has " + byName.keySet() + ")");
        return p;
    }

    /** The first non-system partition declared (or "default" when none was). */
    public Partition defaultPartition() {
        return defaultPartition;
    }

    public List<Partition> partitions() {
        return List.of(partitions);
    }

    /** Acquires for the default partition with its policy. */
    public Admission acquire(Permit permit, long deadlineNanos) {
        return acquire(permit, defaultPartition, defaultPartition.policy, deadlineNanos);
    }

    /** Acquires for {@code partition} with its policy. */
    public Admission acquire(Permit permit, Partition partition, long deadlineNanos) {
        return acquire(permit, partition, partition.policy, deadlineNanos);
    }

    /**
     * Acquires a permit for {@code partition}. With {@link Policy#BLOCK} the caller may wait in the
     * queue until {@code deadlineNanos} (on this limiter's clock; {@link #NO_DEADLINE} for none);
     * the wait ends early with CANCELLED on {@link Permit#cancel()} or an interrupt (the interrupt
     * flag is kept). Blocks only the calling thread (virtual threads welcome).
     */
    public Admission acquire(Permit permit, Partition partition, Policy policy, long deadlineNanos) {
        if (permit.owner != this) throw new IllegalArgumentException("permit belongs to another limiter");
        Partition p = partition;
        if (p.owner != this) throw new IllegalArgumentException("partition belongs to another limiter: " + p);
        // Fast path: no rate limit, nobody queued, a permit free. The permit goes IDLE -> HELD with
        // no intermediate ACQUIRING (a concurrent cancel() sees IDLE or HELD and returns false, as
        // it would just before or just after the call), ordered by the in-flight CAS.
        int cap = p.fastCap; // 0 when rate limited: no fast path
        if (cap < 0) cap = capacity(p, limit.currentLimit());
        if (permit.state() == Permit.IDLE && !closed && queued.get() == 0 && take(p, cap)) {
            if (counted) p.inFlight.increment();
            permit.partition = p;
            permit.setStateRelease(Permit.HELD);
            return Admission.GRANTED;
        }
        return acquireGeneral(permit, p, policy, deadlineNanos);
    }

    /**
     * Takes a permit only if one is free for the default partition now and nobody is queued; never
     * waits. Unlike {@code acquire(..., FAIL_FAST, ...)} a false answer is not counted as a
     * rejection: it is a probe before a caller decides whether (and where) to wait.
     */
    public boolean tryAcquire(Permit permit) {
        return tryAcquire(permit, defaultPartition);
    }

    /**
     * Takes a permit only if one is free for {@code partition} now and nobody is queued; never
     * waits and records no rejection (see {@link #tryAcquire(Permit)}).
     */
    public boolean tryAcquire(Permit permit, Partition partition) {
        if (permit.owner != this) throw new IllegalArgumentException("permit belongs to another limiter");
        Partition p = partition;
        if (p.owner != this) throw new IllegalArgumentException("partition belongs to another limiter: " + p);
        int cap = p.fastCap;
        if (cap < 0) cap = capacity(p, limit.currentLimit());
        if (permit.state() == Permit.IDLE && !closed && queued.get() == 0) {
            if (!take(p, cap)) return false;
            if (counted) p.inFlight.increment();
            permit.partition = p;
            permit.setStateRelease(Permit.HELD);
            return true;
        }
        Admission a = acquireGeneral(permit, p, Policy.FAIL_FAST, NO_DEADLINE, false);
        return a == Admission.GRANTED;
    }

    private Admission acquireGeneral(Permit permit, Partition p, Policy policy, long deadlineNanos) {
        return acquireGeneral(permit, p, policy, deadlineNanos, true);
    }

    private Admission acquireGeneral(Permit permit, Partition p, Policy policy, long deadlineNanos, boolean record) {
        permit.cancelRequested = false; // before publishing ACQUIRING, so a cancel that sees it sticks
        if (!permit.casState(Permit.IDLE, Permit.ACQUIRING)) throw new IllegalStateException("permit is in use (held or acquiring)");
        permit.partition = p;
        if (p.dropped) {
            permit.setState(Permit.IDLE);
            throw new IllegalStateException("partition " + p.name() + " was left by all its joiners and dropped");
        }
        if (closed) return refuse(permit, p, Admission.CLOSED);
        if (p.rate != null && !p.rate.tryAcquire()) return refuse(permit, p, Admission.RATE_LIMITED);
        if (rate != null && !rate.tryAcquire()) return refuse(permit, p, Admission.RATE_LIMITED);
        if (queued.get() == 0 && take(p, capacity(p, limit.currentLimit()))) return grant(permit, p);
        if (!record && p.rate == null && rate == null) {
            permit.setState(Permit.IDLE); // a quiet probe: no room now, nothing recorded
            return Admission.QUEUE_FULL;
        }
        return acquireSlow(permit, p, policy, deadlineNanos);
    }

    /**
     * Returns a held permit. {@code outcome} says whether {@code rttNanos} is a sample for the
     * limit; {@link Outcome#DROPPED} makes an adaptive limit back off. Throws
     * {@link IllegalStateException} if the permit is not held (e.g. released twice).
     */
    public void release(Permit permit, Outcome outcome, long rttNanos) {
        Objects.requireNonNull(outcome, "outcome");
        if (permit.owner != this) throw new IllegalArgumentException("permit belongs to another limiter");
        // The volatile read of HELD makes the acquirer's write of `partition` visible to this thread.
        if (!permit.isHeld()) throw new IllegalStateException("permit is not held: released twice or never granted");
        Partition p = permit.partition;
        if (!permit.casState(Permit.HELD, Permit.IDLE)) throw new IllegalStateException("permit is not held: released twice or never granted");
        if (counted) p.inFlight.decrement();
        if (p.slots != null) p.slots.decrementAndGet();
        int n = inFlight.getAndDecrement();
        if (sampled && outcome != Outcome.IGNORED) limit.onSample(rttNanos, n, outcome == Outcome.DROPPED);
        // Decrement first, then look for waiters: a waiter publishes itself first, then looks for
        // room, so one of the two always sees the other (no lost wake-up).
        if (queued.get() > 0) drain();
        if (p.dynamic && p.joined == 0) dropLater(p); // its last call after everyone left
    }

    private void dropLater(Partition p) {
        lock.lock();
        try {
            dropIfIdle(p);
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        lock.lock();
        try {
            drainLocked(clock.nanoTime());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Why an acquire of {@code partition} ended with {@code a} (not GRANTED), worded by
     * {@link Refusal}: what a caller that admits through this limiter tells its own caller.
     * {@code budgetNanos} is how long a DEADLINE refusal waited at most.
     */
    public String why(Admission a, Partition partition, long budgetNanos) {
        return why(a, partition, partition.policy, budgetNanos);
    }

    /** {@link #why(Admission, Partition, long)} for an acquire that named its own {@code policy}. */
    public String why(Admission a, Partition partition, Policy policy, long budgetNanos) {
        return switch (a) {
            case GRANTED -> throw new IllegalArgumentException("GRANTED is no refusal");
            case QUEUE_FULL -> Refusal.queueFull(policy, queueCapacity, null);
            case DEADLINE -> Refusal.deadline(budgetNanos, null);
            case RATE_LIMITED -> partition.rate != null
                    ? Refusal.rateLimited(partition.rate.ratePerSecond(), partition.rate.burst())
                    : Refusal.rateLimited(rate.ratePerSecond(), rate.burst());
            case CANCELLED -> Refusal.cancelled();
            case CLOSED -> Refusal.closed("limiter " + name);
        };
    }

    /** Current limit (from the {@link Limit}). */
    public int limit() {
        return limit.currentLimit();
    }

    /** Permits held now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Callers waiting now. */
    public int queueDepth() {
        return queued.get();
    }

    public String name() {
        return name;
    }

    public NanoClock clock() {
        return clock;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Refuses every later acquire with CLOSED and ends every wait with CLOSED. Held permits stay
     * valid and must still be released.
     */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            for (Partition p : partitions) {
                for (Wait w; (w = p.waiters.pollFirst()) != null; ) {
                    p.nodes.decrementAndGet();
                    if (w.decide(Admission.CLOSED)) {
                        queued.decrementAndGet();
                        LockSupport.unpark(w.waiter);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- internals ----

    private int capacity(Partition p, int l) {
        return p.system || l <= reserve ? l : l - reserve;
    }

    /**
     * Takes one of the {@code cap} permits for {@code p} (counted in {@link #inFlight}, and in the
     * partition's slots when it has a ceiling or headroom applies): false if none is free for it.
     * A partition at its ceiling takes none; one that holds permits leaves the last
     * {@link #headroom} to partitions that hold none. The slot is taken first (so a partition's
     * count is exact when the headroom is judged) and given back if the permit is not there.
     */
    private boolean take(Partition p, int cap) {
        AtomicInteger s = p.slots;
        if (s == null) {
            for (int n = inFlight.get(); n < cap; n = inFlight.get()) {
                if (inFlight.compareAndSet(n, n + 1)) return true;
            }
            return false;
        }
        for (int k = s.get(); ; k = s.get()) {
            if (k >= p.ceiling) return false;
            int c = bound(k, cap);
            if (inFlight.get() >= c) return false;
            if (!s.compareAndSet(k, k + 1)) continue;
            for (int n = inFlight.get(); n < c; n = inFlight.get()) {
                if (inFlight.compareAndSet(n, n + 1)) return true;
            }
            s.decrementAndGet();
            // a drain may have passed this partition over while the slot was taken: look again
            if (queued.get() > 0 && !lock.isHeldByCurrentThread()) drain();
            return false;
        }
    }

    /** The permits a partition that holds {@code held} may fill up to: all of {@code cap}, less the headroom once it holds some. */
    private int bound(int held, int cap) {
        return held > 0 && cap > headroom ? cap - headroom : cap;
    }

    private Admission grant(Permit permit, Partition p) {
        p.increment();
        permit.setState(Permit.HELD);
        return Admission.GRANTED;
    }

    private Admission refuse(Permit permit, Partition p, Admission reason) {
        permit.setState(Permit.IDLE);
        metrics.rejected(p, reason);
        return reason;
    }

    private static boolean expired(long now, long deadline) {
        return deadline != NO_DEADLINE && deadline - now <= 0;
    }

    /**
     * Joins the queue without the lock: a thousand callers joining and leaving at once do not
     * queue behind each other. The lock is taken only to hand over a permit that looks free.
     */
    private Admission acquireSlow(Permit permit, Partition p, Policy policy, long deadline) {
        if (closed) return refuse(permit, p, Admission.CLOSED);
        if (inFlight.get() < capacity(p, limit.currentLimit())) {
            lock.lock();
            try {
                drainLocked(clock.nanoTime());
                // After draining no queued waiter can use a free permit, so taking one is no barging.
                if (take(p, capacity(p, limit.currentLimit()))) return grant(permit, p);
            } finally {
                lock.unlock();
            }
        }
        long now = clock.nanoTime();
        if (policy == Policy.FAIL_FAST) return refuse(permit, p, Admission.QUEUE_FULL);
        if (expired(now, deadline)) return refuse(permit, p, Admission.DEADLINE);
        if (permit.cancelRequested) return refuse(permit, p, Admission.CANCELLED);
        Wait w = new Wait(permit, Thread.currentThread(), deadline, seq.incrementAndGet(), now);
        permit.wait = w;
        p.waiters.addLast(w);
        // counted once in the queue, so that a waiter counted in queueDepth() is also in its place
        if (queued.incrementAndGet() > queueCapacity && w.decide(Admission.QUEUE_FULL)) {
            queued.decrementAndGet(); // the node stays behind for a drain to drop
            p.nodes.incrementAndGet();
            permit.wait = null;
            return refuse(permit, p, Admission.QUEUE_FULL);
        }
        if (p.nodes.incrementAndGet() > 2 * queued.get() + 64 && lock.tryLock()) {
            try {
                compact(p);
            } finally {
                lock.unlock();
            }
        }
        // A release that freed a permit before we were in the queue found no one to hand it to;
        // a close that emptied the queues before we were in them did not end our wait.
        if (closed) {
            giveUp(w, Admission.CLOSED);
        } else if (inFlight.get() < capacity(p, limit.currentLimit())) {
            drain();
        }
        return await(w, p);
    }

    /** Drops waits their owners ended that no drain has met yet. Under the lock. */
    private static void compact(Partition p) {
        for (Iterator<Wait> it = p.waiters.iterator(); it.hasNext(); ) {
            if (it.next().decided()) {
                it.remove();
                p.nodes.decrementAndGet();
            }
        }
    }

    /**
     * Waits for the verdict. The waiter ends its own wait at its deadline, on cancellation or
     * interrupt, by deciding its node — no lock, so a thousand waiters expiring at once do not
     * queue behind each other. It parks until its deadline; only a limit that can rise by itself,
     * or a clock that is not the system's (simulated time cannot wake anyone), makes it look again
     * every {@link #MAX_PARK_NANOS}.
     */
    private Admission await(Wait w, Partition p) {
        Permit permit = w.permit;
        boolean interrupted = false;
        Admission v;
        for (;;) {
            v = w.verdict();
            if (v != null) break;
            if (Thread.interrupted()) interrupted = true;
            long now = clock.nanoTime();
            if (interrupted || permit.cancelRequested) {
                v = giveUp(w, Admission.CANCELLED);
            } else if (expired(now, w.deadline)) {
                v = giveUp(w, Admission.DEADLINE);
            } else {
                if (lookAtHead(w, p)) continue;
                long left = w.deadline == NO_DEADLINE ? Long.MAX_VALUE : w.deadline - now;
                long park = polls ? Math.min(MAX_PARK_NANOS, left) : left;
                if (park == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, park);
                }
                // A Limit that rises on its own (not during a release) would otherwise leave
                // waiters parked beside free permits until the next release.
                if (polls && !w.decided() && inFlight.get() < limit.currentLimit()) {
                    lock.lock();
                    try {
                        drainLocked(clock.nanoTime());
                    } finally {
                        lock.unlock();
                    }
                }
                continue;
            }
            break;
        }
        permit.wait = null;
        if (interrupted) Thread.currentThread().interrupt();
        metrics.waited(clock.nanoTime() - w.enqueuedAt);
        if (v == Admission.GRANTED) {
            permit.setState(Permit.HELD); // counters were moved by the thread that handed it over
            return v;
        }
        return refuse(permit, p, v);
    }

    /**
     * The next waiter in line keeps looking for its permit for a while instead of parking, so
     * that the hand-off to it costs no wake-up: while a short call holds the permit, the next one
     * is running the moment it is released (drainLocked wakes the one behind the waiter it serves,
     * off the critical path). It yields rather than spins, so it never keeps the holder from a
     * core it shares, and a core it has to itself does not go idle (waking an idle core is what
     * makes a hand-off slow, on virtual machines above all). At most one such waiter per core
     * but one, over all limiters. True if the wait was decided meanwhile.
     */
    private boolean lookAtHead(Wait w, Partition p) {
        if (head(p) != w || MAX_LOOKERS < 1) return false;
        if (LOOKERS.incrementAndGet() > MAX_LOOKERS) {
            LOOKERS.decrementAndGet();
            return false;
        }
        try {
            long start = System.nanoTime();
            while (!w.decided()) {
                if (System.nanoTime() - start > HEAD_LOOK_NANOS || w.permit.cancelRequested) return false;
                Thread.yield();
            }
            return true;
        } finally {
            LOOKERS.decrementAndGet();
        }
    }

    /** The waiter ends its own wait, unless the limiter decided it first; returns the final verdict. */
    private Admission giveUp(Wait w, Admission reason) {
        if (w.decide(reason)) {
            queued.decrementAndGet(); // the node stays queued until a drain meets it
            Partition p = w.permit.partition;
            if (p.dynamic && p.joined == 0) dropLater(p);
            return reason;
        }
        return w.verdict();
    }

    /** Hands free permits to eligible waiters, best first; drops expired ones. Caller holds the lock. */
    private void drainLocked(long now) {
        while (queued.get() > 0) {
            int l = limit.currentLimit();
            int n = inFlight.get();
            if (n >= l) return;
            int normalCap = l <= reserve ? l : l - reserve;
            Partition q = pickLocked(n < normalCap, normalCap, n, l);
            if (q == null) return;
            Wait w = head(q);
            if (expired(now, w.deadline)) {
                remove(q, w);
                if (w.decide(Admission.DEADLINE)) {
                    queued.decrementAndGet();
                    LockSupport.unpark(w.waiter);
                }
                continue;
            }
            if (q.slots != null) {
                if (!take(q, capacity(q, l))) continue; // a fast-path caller raced us; re-read
            } else if (!inFlight.compareAndSet(n, n + 1)) {
                continue; // a fast-path caller raced us; re-read
            }
            remove(q, w);
            if (!w.decide(Admission.GRANTED)) {
                if (q.slots != null) q.slots.decrementAndGet();
                inFlight.decrementAndGet(); // its waiter gave up just now: the permit stays free
                continue;
            }
            queued.decrementAndGet();
            q.increment();
            LockSupport.unpark(w.waiter);
            Wait next = head(q);
            if (next != null) {
                LockSupport.unpark(next.waiter); // the next in line starts looking (lookAtHead)
            }
        }
    }

    /** The wait served next in {@code q}: its first (FIFO) or last (LIFO). */
    private Wait head(Partition q) {
        return order == QueueOrder.FIFO ? q.waiters.peekFirst() : q.waiters.peekLast();
    }

    /** Takes {@code w}, found at the head, out of the queue (others may have joined behind it meanwhile). */
    private void remove(Partition q, Wait w) {
        if (order == QueueOrder.FIFO ? q.waiters.removeFirstOccurrence(w) : q.waiters.removeLastOccurrence(w)) {
            q.nodes.decrementAndGet();
        }
    }

    /** The partition whose waiter is served next: under-share partitions first, then queue order. */
    private Partition pickLocked(boolean normalAllowed, int normalCap, int inFlightNow, int limitNow) {
        Partition best = null;
        boolean bestUnder = false;
        long bestSeq = 0;
        for (Partition q : partitions) { // under the lock: the array is replaced only there
            Wait head;
            while ((head = head(q)) != null && head.decided()) {
                remove(q, head); // its waiter gave up; counted out of `queued` then
            }
            if (head == null || (!q.system && !normalAllowed)) continue;
            if (q.slots != null) {
                int k = q.slots.get();
                if (k >= q.ceiling || inFlightNow >= bound(k, q.system ? limitNow : normalCap)) continue; // at its ceiling, or the headroom is for others
            }
            boolean under = q.held() < guarantee(q, normalCap);
            boolean better = best == null
                    || (under && !bestUnder)
                    || (under == bestUnder && (order == QueueOrder.FIFO ? head.seq < bestSeq : head.seq > bestSeq));
            if (better) {
                best = q;
                bestUnder = under;
                bestSeq = head.seq;
            }
        }
        return best;
    }

    private long guarantee(Partition q, int normalCap) {
        long g = (long) Math.ceil(q.share * normalCap - 1e-9);
        return q.system ? g + reserve : g;
    }

    @Override
    public String toString() {
        return "Limiter[" + name + ", limit=" + limit() + ", inFlight=" + inFlight() + ", queued=" + queueDepth() + "]";
    }

    /**
     * Builder; not thread-safe. Defaults: name "default", system clock, queue capacity 64, FIFO,
     * policy BLOCK, no reserve, no rate limit, no meters, one partition "default" with share 1 when
     * none is declared. A {@link Limit} is required.
     */
    public static final class Builder {
        static final class Spec {
            final String name;
            final double share;
            final Policy policy;
            final boolean system;
            double rate;
            int burst;

            Spec(String name, double share, Policy policy, boolean system) {
                this.name = name;
                this.share = share;
                this.policy = policy;
                this.system = system;
            }
        }

        private String name = "default";
        private NanoClock clock = NanoClock.system();
        private Limit limit;
        private int reserve;
        private int ceiling = Integer.MAX_VALUE;
        private int headroom;
        private QueueOrder order = QueueOrder.FIFO;
        private int queueCapacity = 64;
        private int dynamicMax;
        private Policy policy = Policy.BLOCK;
        private final Map<String, Spec> specs = new LinkedHashMap<>();
        private double rate;
        private int burst;
        private MeterRegistry registry;

        private Builder() {
        }

        /** Name used as the {@code limiter} tag of the meters. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        public Builder clock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder limit(Limit limit) {
            this.limit = Objects.requireNonNull(limit);
            return this;
        }

        /** Shorthand for {@code limit(new FixedLimit(n))}. */
        public Builder fixedLimit(int n) {
            return limit(new FixedLimit(n));
        }

        /** Most callers that may wait at once, over all partitions (0: nobody waits). */
        public Builder queueCapacity(int capacity) {
            if (capacity < 0) throw new IllegalArgumentException("queue capacity must be ≥ 0");
            this.queueCapacity = capacity;
            return this;
        }

        public Builder queueOrder(QueueOrder order) {
            this.order = Objects.requireNonNull(order);
            return this;
        }

        /** Policy of partitions declared without one. */
        public Builder policy(Policy policy) {
            this.policy = Objects.requireNonNull(policy);
            return this;
        }

        /** Declares a partition guaranteed {@code share} of the limit (less the reserve). */
        public Builder partition(String name, double share) {
            return add(new Spec(name, share, null, false));
        }

        public Builder partition(String name, double share, Policy policy) {
            return add(new Spec(name, share, Objects.requireNonNull(policy), false));
        }

        /** Declares the system partition: its share plus the reserve. At most one. */
        public Builder systemPartition(String name, double share) {
            return add(new Spec(name, share, null, true));
        }

        /** Permits kept back for the system partition (OP-TEE keeps one thread for system sessions). */
        public Builder reserve(int permits) {
            if (permits < 0) throw new IllegalArgumentException("reserve must be ≥ 0");
            this.reserve = permits;
            return this;
        }

        /**
         * Most permits any one partition (but the system partition) may hold at once, borrowing
         * included (default: no ceiling but the limit). A partition at its ceiling waits even
         * while permits are free: callers that hold their permits for ever (a call that never
         * returns) take at most this many, and the rest stays for the other partitions.
         */
        public Builder partitionCeiling(int permits) {
            if (permits < 1) throw new IllegalArgumentException("partition ceiling must be ≥ 1");
            this.ceiling = permits;
            return this;
        }

        /**
         * Free permits a partition that already holds some may not take (default 0): the last
         * {@code permits} go only to partitions that hold none, so a newcomer is served at once
         * even while others hold all they may. Kept only while the limit exceeds it.
         */
        public Builder headroom(int permits) {
            if (permits < 0) throw new IllegalArgumentException("headroom must be ≥ 0");
            this.headroom = permits;
            return this;
        }

        /**
         * Lets up to {@code max} partitions be created at run time by {@link Limiter#join} (one per
         * client, say), each guaranteed 1/{@code max} of the limit, with the builder's policy and
         * {@linkplain #partitionCeiling ceiling}. With none declared, the default partition then
         * has no guaranteed share.
         */
        public Builder dynamicPartitions(int max) {
            if (max < 1) throw new IllegalArgumentException("dynamic partitions must be ≥ 1");
            this.dynamicMax = max;
            return this;
        }

        /** A token bucket over all partitions. */
        public Builder rateLimit(double perSecond, int burst) {
            this.rate = perSecond;
            this.burst = burst;
            return this;
        }

        /** A token bucket for one declared partition. */
        public Builder rateLimit(String partition, double perSecond, int burst) {
            Spec s = specs.get(partition);
            if (s == null) throw new IllegalArgumentException("declare partition '" + partition + "' first");
            s.rate = perSecond;
            s.burst = burst;
            return this;
        }

        /** Registers the {@code jtee.flow.*} meters there. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        private Builder add(Spec s) {
            if (!(s.share >= 0 && s.share <= 1)) throw new IllegalArgumentException("share must be in [0, 1]: " + s.share);
            if (specs.putIfAbsent(s.name, s) != null) throw new IllegalArgumentException("duplicate partition " + s.name);
            return this;
        }

        public Limiter build() {
            if (limit == null) throw new IllegalStateException("a Limit is required");
            double sum = 0;
            int systems = 0;
            for (Spec s : specs.values()) {
                sum += s.share;
                if (s.system) systems++;
            }
            if (sum > 1 + 1e-9) throw new IllegalArgumentException("partition shares add up to " + sum + " > 1");
            if (systems > 1) throw new IllegalArgumentException("at most one system partition");
            if (reserve > 0 && systems == 0) throw new IllegalArgumentException("a reserve needs a system partition");
            return new Limiter(this);
        }
    }
}
