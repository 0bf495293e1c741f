package dev.jtee.stress;

/**
 * A service of known capacity for tests and demos: {@code servers} servers, each serving one call
 * in {@code servers / capacity} seconds, FIFO when all are busy. Start and finish times are
 * computed (not slept), so the capacity is exact however late the caller's thread wakes. Without
 * queueing, a call that finds every server busy is refused at once with TEE_ERROR_BUSY (origin TEE),
 * as flow control's fail-fast policy answers.
 */
final class SimulatedService implements Target {
    private static final long BUSY = Outcome.of(dev.jtee.api.TeeResult.BUSY, dev.jtee.api.Origin.TEE);
    private final double capacity;
    private final long serviceNanos;
    private final long[] freeAt;
    private final Ticker ticker;
    private final boolean queueing;

    SimulatedService(double capacityPerSecond, int servers, Ticker ticker) {
        this(capacityPerSecond, servers, true, ticker);
    }

    SimulatedService(double capacityPerSecond, int servers, boolean queueing, Ticker ticker) {
        if (!(capacityPerSecond > 0) || servers < 1) {
            throw new IllegalArgumentException("capacity must be > 0 and servers ≥ 1");
        }
        this.capacity = capacityPerSecond;
        this.serviceNanos = Math.round(servers * 1e9 / capacityPerSecond);
        this.freeAt = new long[servers];
        this.ticker = ticker;
        this.queueing = queueing;
        long now = ticker.nanoTime();
        java.util.Arrays.fill(freeAt, now);
    }

    @Override
    public Caller newCaller() {
        return this::serve;
    }

    private long serve() {
        long finish;
        synchronized (freeAt) {
            long now = ticker.nanoTime();
            int best = 0;
            for (int i = 1; i < freeAt.length; i++) {
                if (freeAt[i] < freeAt[best]) {
                    best = i;
                }
            }
            if (!queueing && freeAt[best] > now) {
                return BUSY;
            }
            finish = Math.max(now, freeAt[best]) + serviceNanos;
            freeAt[best] = finish;
        }
        ticker.awaitNanos(finish);
        return Outcome.SUCCESS;
    }

    /** The capacity this service was built with, calls per second. */
    double capacity() {
        return capacity;
    }

    @Override
    public String describe() {
        return "simulated service: " + freeAt.length + " servers, capacity " + Format.rate(capacity) + (queueing ? "" : ", no queueing");
    }
}
