package dev.jtee.flow;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A named share of a {@link Limiter}'s permits, created by the builder and looked up with
 * {@link Limiter#partition(String)}. A partition may use idle capacity beyond its guaranteed share
 * (borrowing); when permits are scarce, freed permits go first to waiters of partitions still under
 * their share, so borrowed capacity flows back. The system partition alone may use the limiter's
 * reserve. A partition never holds more than its {@linkplain #ceiling() ceiling}. Immutable from the outside; safe to share between threads.
 */
public final class Partition {
    final Limiter owner;
    final int index;
    private final String name;
    final double share;
    final Policy policy;
    final boolean system;
    final TokenBucket rate; // null when not rate limited
    final LongAdder inFlight = new LongAdder();
    /** Most permits this partition may hold at once (see {@link Limiter.Builder#partitionCeiling}). */
    int ceiling = Integer.MAX_VALUE;
    /**
     * Permits this partition holds, counted exactly when a ceiling or headroom applies (taken by
     * CAS before the limiter's permit), else null.
     */
    AtomicInteger slots;
    /**
     * The limiter's own in-flight counter when this is its only partition (then every permit held is
     * this partition's and the adder is not updated); null otherwise.
     */
    AtomicInteger sole;
    /**
     * Limiter's fast-path capacity for this partition: the capacity itself when the limit is fixed
     * and no rate limit applies, 0 when a rate limit applies (no fast path), -1 to compute it from
     * the current limit.
     */
    int fastCap = -1;
    /**
     * Queued waits: joined without the limiter's lock, served and dropped under it; some may have
     * been decided by their waiters already.
     */
    /** Created by {@link Limiter#join}: dropped once left by every joiner and idle. */
    boolean dynamic;
    /** Joins not yet left (dynamic partitions); written under the limiter's lock. */
    volatile int joined;
    /** Dropped from its limiter (dynamic partitions); written under the limiter's lock. */
    volatile boolean dropped;
    /** The rejection counters of a dynamic partition, by {@link Admission} ordinal (null without meters). */
    io.micrometer.core.instrument.Counter[] rejections;
    java.util.List<io.micrometer.core.instrument.Meter> meters;
    final ConcurrentLinkedDeque<Wait> waiters = new ConcurrentLinkedDeque<>();
    /** Nodes in {@link #waiters}, decided ones included (the deque's own size() is O(n)). */
    final AtomicInteger nodes = new AtomicInteger();

    Partition(Limiter owner, int index, String name, double share, Policy policy, boolean system, TokenBucket rate) {
        this.owner = owner;
        this.index = index;
        this.name = name;
        this.share = share;
        this.policy = policy;
        this.system = system;
        this.rate = rate;
    }

    public String name() {
        return name;
    }

    /** Guaranteed fraction of the limit (less the reserve), in [0, 1]. */
    public double share() {
        return share;
    }

    /** Policy used by acquires that do not name one. */
    public Policy policy() {
        return policy;
    }

    /** Most permits this partition may hold at once, borrowing included ({@code Integer.MAX_VALUE}: only the limit). */
    public int ceiling() {
        return ceiling;
    }

    /** True for the partition that may use the reserve. */
    public boolean isSystem() {
        return system;
    }

    /** Permits this partition holds now (a snapshot). */
    public int inFlight() {
        return (int) held();
    }

    long held() {
        AtomicInteger s = sole;
        return s != null ? s.get() : inFlight.sum();
    }

    void increment() {
        if (sole == null) inFlight.increment();
    }

    void decrement() {
        if (sole == null) inFlight.decrement();
    }

    @Override
    public String toString() {
        return "Partition[" + name + ", share=" + share + (system ? ", system" : "") + "]";
    }
}
