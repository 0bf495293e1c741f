package dev.jtee.client;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.flow.NanoClock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The heaps of the loaded TAs as the world reports them through OP-TEE's stats pseudo-TA
 * ({@code d96a5b40-e2c7-b1af-8794-1002a5d5c61b}, STATS_CMD_TA_STATS: one {@code struct pta_stats_ta}
 * per TA instance), read through the driver like any client call — so it works the same in front
 * of an OP-TEE device built with {@code CFG_TA_STATS=y}. A world without it (ITEM_NOT_FOUND or
 * NOT_SUPPORTED) makes every sample null for good. One per context; sampled at most once per
 * interval, by the opener that finds the sample stale or in the background for waiting opens.
 */
final class TaTelemetry implements AutoCloseable {
    static final TeeUuid STATS = TeeUuid.parse("d96a5b40-e2c7-b1af-8794-1002a5d5c61b");
    static final int CMD_TA_STATS = 3;
    /** sizeof(struct pta_stats_ta): TEE_UUID, u32 panicked, u32 sess_num, pta_stats_alloc (char[32], u64, 6 × u32). */
    static final int RECORD_SIZE = 16 + 4 + 4 + 32 + 8 + 6 * 4;

    /**
     * One TA as the last sample saw it: its live instance's heap (the fullest, should there be
     * several records), whether an instance of it is panicked, and its failed allocations.
     */
    record Sample(long heapSize, long allocated, long free2Sum, long allocFailures, boolean panicked, int sessions) {
        double heapUse() {
            return heapSize == 0 ? 0 : (double) allocated / heapSize;
        }

        /**
         * A lower estimate of the largest free block: the free blocks' sizes weighted by size
         * ({@code free2_sum / free}), with every byte not allocated counted free.
         */
        long contiguousFree() {
            long free = heapSize - allocated;
            return free <= 0 ? 0 : free2Sum / free;
        }
    }

    private final Driver driver;
    private final NanoClock clock;
    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private volatile Map<TeeUuid, Sample> samples = Map.of();
    private volatile long sampledAt;
    private volatile boolean sampled;
    private volatile boolean unavailable;
    private volatile boolean closed;
    // guarded by lock
    private final CallFrame frame = new CallFrame();
    private byte[] buffer = new byte[16 * RECORD_SIZE];
    private int session;

    TaTelemetry(Driver driver, NanoClock clock, long intervalNanos) {
        this.driver = driver;
        this.clock = clock;
        this.intervalNanos = intervalNanos;
    }

    /** The last sample of {@code uuid}, or null (not loaded, or no telemetry). */
    Sample sample(TeeUuid uuid) {
        return samples.get(uuid);
    }

    boolean available() {
        return !unavailable;
    }

    /** Samples now if the last sample is older than the interval and nobody else is sampling. */
    void refreshIfStale() {
        if (stale() && lock.tryLock()) {
            try {
                if (stale()) {
                    refresh();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** As {@link #refreshIfStale}, on a virtual thread: for callers that must not block (a limit read under a lock). */
    void refreshSoon() {
        if (stale() && refreshQueued.compareAndSet(false, true)) {
            Thread.startVirtualThread(() -> {
                try {
                    refreshIfStale();
                } finally {
                    refreshQueued.set(false);
                }
            });
        }
    }

    private boolean stale() {
        return !unavailable && !closed && (!sampled || clock.nanoTime() - sampledAt >= intervalNanos);
    }

    private void refresh() {
        try {
            if (session == 0 && !openSession()) {
                return;
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                frame.clear();
                frame.session = session;
                frame.command = CMD_TA_STATS;
                frame.paramTypes = ParamTypes.pack(ParamType.MEMREF_OUTPUT, ParamType.NONE, ParamType.NONE, ParamType.NONE);
                frame.buffer[0] = buffer;
                frame.size[0] = buffer.length;
                int r = driver.systemCall(Driver.INVOKE, frame);
                if (r == TeeResult.SHORT_BUFFER.code() && frame.size[0] > buffer.length && frame.size[0] < (1 << 24)) {
                    buffer = new byte[(int) frame.size[0] + 8 * RECORD_SIZE];
                    continue;
                }
                if (r == 0) {
                    samples = parse(buffer, (int) Math.min(frame.size[0], buffer.length));
                } else if (r == TeeResult.ITEM_NOT_FOUND.code()) {
                    samples = Map.of(); // no TA loaded
                } else if (r == TeeResult.NOT_SUPPORTED.code()) {
                    unavailable = true; // a device built without CFG_TA_STATS
                } else {
                    session = 0; // e.g. the session is gone with its connection: open anew next time
                }
                break;
            }
        } catch (TeeException e) {
            session = 0; // the transport failed: try again at the next interval
        }
        sampledAt = clock.nanoTime();
        sampled = true;
    }

    private boolean openSession() {
        frame.clear();
        frame.uuid = STATS;
        frame.clientUuid = TeeUuid.NIL;
        int r = driver.systemCall(Driver.OPEN, frame);
        if (r != 0) {
            if (r == TeeResult.ITEM_NOT_FOUND.code() || r == TeeResult.NOT_SUPPORTED.code()) {
                unavailable = true;
            }
            return false;
        }
        session = frame.session;
        return true;
    }

    static Map<TeeUuid, Sample> parse(byte[] bytes, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.nativeOrder());
        Map<TeeUuid, Sample> out = new HashMap<>();
        while (b.remaining() >= RECORD_SIZE) {
            TeeUuid uuid = TeeUuid.readStruct(b);
            boolean panicked = b.getInt() != 0;
            int sessions = b.getInt();
            b.position(b.position() + 32); // desc
            long free2Sum = b.getLong();
            long allocated = Integer.toUnsignedLong(b.getInt());
            b.getInt(); // max_allocated
            long size = Integer.toUnsignedLong(b.getInt());
            long fails = Integer.toUnsignedLong(b.getInt());
            b.position(b.position() + 8); // biggest_alloc_fail, biggest_alloc_fail_used
            Sample old = out.get(uuid);
            Sample s = panicked ? new Sample(0, 0, 0, fails, true, sessions) : new Sample(size, allocated, free2Sum, fails, false, sessions);
            out.put(uuid, old == null ? s : merge(old, s));
        }
        return out;
    }

    private static Sample merge(Sample a, Sample b) {
        Sample live = a.allocated >= b.allocated ? a : b;
        return new Sample(live.heapSize, live.allocated, live.free2Sum, a.allocFailures + b.allocFailures,
                a.panicked || b.panicked, a.sessions + b.sessions);
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            if (session != 0 && !driver.isClosed()) {
                frame.clear();
                frame.session = session;
                driver.systemCall(Driver.CLOSE, frame);
            }
            session = 0;
        } catch (TeeException e) {
            // closing is best effort: the world drops the session with the connection
        } finally {
            lock.unlock();
        }
    }
}
