package dev.jtee.client;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A secure world for the client's tests: a fixed number of secure threads (THREAD_LIMIT when none
 * is free), a record of every call that ran (a copy of its frame), a handler that plays the TA
 * (reads and changes the frame, may block), and switches to answer THREAD_LIMIT some times or to
 * fail as a transport would.
 */
final class FakeWorld implements SecureWorldPort {
    enum Kind { OPEN, INVOKE, CLOSE }

    /** A copy of one frame as the world received it. */
    record Call(Kind kind, int session, int command, int cancelId, int paramTypes, int[] a, int[] b,
                byte[][] buffer, int[] offset, long[] size, TeeUuid uuid, int login, TeeUuid clientUuid,
                int connectionData, Thread thread) {
    }

    /** Plays the TA: reads the request, writes the reply (result and origin start as SUCCESS / TRUSTED_APP). */
    interface Handler {
        void handle(Kind kind, CallFrame f) throws Exception;
    }

    private final int secureThreads;
    private final Semaphore free;
    private final AtomicInteger nextSession = new AtomicInteger();
    final Set<Integer> openSessions = ConcurrentHashMap.newKeySet();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<int[]> cancellations = new CopyOnWriteArrayList<>();
    /** Answer THREAD_LIMIT this many more times, whatever the free threads. */
    final AtomicInteger threadLimitAnswers = new AtomicInteger();
    final AtomicInteger threadLimitsGiven = new AtomicInteger();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxInside = new AtomicInteger();
    volatile Handler handler = (k, f) -> { };
    /** Thrown from every call, as a broken transport would. */
    volatile Throwable transportFailure;
    volatile boolean closed;
    /**
     * TA flags the world's TA-info pseudo-TA reports (TA_FLAG_*), by TA; TAs not listed are
     * multi-instance (flags 0). The pseudo-TA's calls take no secure thread and are not recorded.
     */
    final java.util.Map<TeeUuid, Integer> taFlags = new ConcurrentHashMap<>();
    /** Whether the TA-info pseudo-TA exists (false: a real device, every TA's model unknown). */
    volatile boolean taInfo = true;
    private static final int PTA_SESSION = 0x7fff_0000;
    private final Set<Integer> ptaSessions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextPtaSession = new AtomicInteger(PTA_SESSION);

    FakeWorld(int secureThreads) {
        this.secureThreads = secureThreads;
        this.free = new Semaphore(secureThreads);
    }

    @Override
    public int openSession(CallFrame frame) {
        return call(Kind.OPEN, frame);
    }

    @Override
    public int invokeCommand(CallFrame frame) {
        return call(Kind.INVOKE, frame);
    }

    @Override
    public int closeSession(CallFrame frame) {
        return call(Kind.CLOSE, frame);
    }

    private int call(Kind kind, CallFrame f) {
        Throwable failure = transportFailure;
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (kind == Kind.OPEN ? TaModels.TA_INFO.equals(f.uuid) || TaTelemetry.STATS.equals(f.uuid) : ptaSessions.contains(f.session)) {
            return pseudoTa(kind, f);
        }
        if (threadLimitAnswers.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 || !free.tryAcquire()) {
            threadLimitsGiven.incrementAndGet();
            return THREAD_LIMIT;
        }
        int now = inside.incrementAndGet();
        maxInside.accumulateAndGet(now, Math::max);
        try {
            calls.add(copy(kind, f));
            f.result = TeeResult.SUCCESS.code();
            f.origin = Origin.TRUSTED_APP.value();
            if (kind != Kind.OPEN && !openSessions.contains(f.session)) {
                // the driver's answer for an id it does not know
                f.result = TeeResult.BAD_PARAMETERS.code();
                f.origin = Origin.COMMS.value();
                return OK;
            }
            int id = kind == Kind.OPEN ? nextSession.incrementAndGet() : f.session;
            if (kind == Kind.OPEN) {
                f.session = id;
            }
            try {
                handler.handle(kind, f);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (kind == Kind.OPEN && f.result == 0) {
                openSessions.add(id);
            } else if (kind == Kind.CLOSE) {
                openSessions.remove(id);
            }
            return OK;
        } finally {
            inside.decrementAndGet();
            free.release();
        }
    }

    /** The TA-info pseudo-TA (when {@link #taInfo}); no stats pseudo-TA. */
    private int pseudoTa(Kind kind, CallFrame f) {
        f.origin = Origin.TRUSTED_APP.value();
        f.result = TeeResult.SUCCESS.code();
        switch (kind) {
            case OPEN -> {
                if (!taInfo || TaTelemetry.STATS.equals(f.uuid)) {
                    f.result = TeeResult.ITEM_NOT_FOUND.code();
                    f.origin = Origin.TEE.value();
                } else {
                    f.session = nextPtaSession.incrementAndGet();
                    ptaSessions.add(f.session);
                }
            }
            case INVOKE -> {
                java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(f.buffer[0], f.offset[0], 16).order(java.nio.ByteOrder.nativeOrder());
                f.valueA[1] = taFlags.getOrDefault(TeeUuid.readStruct(b), 0);
            }
            case CLOSE -> ptaSessions.remove(f.session);
        }
        return OK;
    }

    private static Call copy(Kind kind, CallFrame f) {
        return new Call(kind, f.session, f.command, f.cancelId, f.paramTypes, f.valueA.clone(), f.valueB.clone(),
                f.buffer.clone(), f.offset.clone(), f.size.clone(), f.uuid, f.login, f.clientUuid, f.connectionData,
                Thread.currentThread());
    }

    /** The calls of one kind that ran, in order. */
    List<Call> calls(Kind kind) {
        return calls.stream().filter(c -> c.kind() == kind).toList();
    }

    Call lastInvoke() {
        List<Call> invokes = calls(Kind.INVOKE);
        return invokes.get(invokes.size() - 1);
    }

    @Override
    public void requestCancellation(int session, int cancelId) {
        cancellations.add(new int[] {session, cancelId});
    }

    @Override
    public int secureThreads() {
        return secureThreads;
    }

    @Override
    public String describe() {
        return "fake (" + secureThreads + " threads)";
    }

    @Override
    public void close() {
        closed = true;
    }
}
