package dev.jtee.core;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The fixed pool of secure threads ({@code CFG_NUM_THREADS}): a call takes one on entry and keeps
 * it until it returns, including while it waits for a busy instance. No free one means the world
 * answers THREAD_LIMIT at once (OP-TEE's {@code OPTEE_SMC_RETURN_ETHREAD_LIMIT}). Thread-safe and
 * allocation-free (a CAS on a free flag). Each secure thread's flag and fields have a cache line of
 * their own: callers on different cores take and free theirs without slowing each other down.
 */
final class SecureThreads {
    /**
     * Ints per two cache lines: the free flags are this far apart, and the first is one stride
     * into the array (away from its header and whatever lies before it). Two lines, not one: the
     * CPU fetches lines in adjacent pairs, so flags one line apart still slow each other down.
     */
    private static final int STRIDE = 32;

    /** Keeps a secure thread's fields off the cache line of whatever was allocated before it. */
    @SuppressWarnings("unused")
    abstract static class LinePad {
        private long p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15, p16;
    }

    /**
     * One secure thread: the identity of a call chain (TA-to-TA calls inherit it), its waiter, and
     * what its current client call is, so that a cancellation request can find it.
     */
    static final class SecureThread extends LinePad {
        final int index;
        final Waiter waiter = new Waiter();
        volatile Session callSession;
        volatile int callCancelId;
        volatile boolean cancelRequested;

        SecureThread(int index) {
            this.index = index;
        }

        void begin(Session session, int cancelId) {
            cancelRequested = false;
            callCancelId = cancelId;
            callSession = session;
        }

        void end() {
            callSession = null;
            callCancelId = 0;
            cancelRequested = false;
        }

        @Override
        public String toString() {
            return "secure thread " + index;
        }
    }

    /** Per Java thread: the index of the secure thread it took last (in whichever world). */
    private static final ThreadLocal<int[]> LAST = ThreadLocal.withInitial(() -> new int[] {-1});

    private final SecureThread[] threads;
    private final AtomicIntegerArray taken;

    SecureThreads(int count) {
        threads = new SecureThread[count];
        for (int i = 0; i < count; i++) {
            threads[i] = new SecureThread(i);
        }
        taken = new AtomicIntegerArray((count + 2) * STRIDE);
    }

    int size() {
        return threads.length;
    }

    /** A free secure thread, or null when all are busy. */
    SecureThread tryAcquire() {
        int n = threads.length;
        // Start with the one this Java thread took last: callers that keep calling keep to their
        // own, and never read a flag another caller keeps writing.
        int[] last = LAST.get();
        int start = last[0];
        if (start < 0 || start >= n) {
            start = (int) (Thread.currentThread().threadId() % n);
        }
        for (int k = 0; k < n; k++) {
            int i = start + k;
            if (i >= n) {
                i -= n;
            }
            if (taken.get(flag(i)) == 0 && taken.compareAndSet(flag(i), 0, 1)) {
                last[0] = i;
                return threads[i];
            }
        }
        return null;
    }

    /** Takes secure thread {@code i} if it is free (used to drain the world at shutdown). */
    boolean tryAcquire(int i) {
        return taken.get(flag(i)) == 0 && taken.compareAndSet(flag(i), 0, 1);
    }

    void release(SecureThread t) {
        taken.setRelease(flag(t.index), 0); // no fence needed: a taker CASes it
    }

    int busy() {
        int n = 0;
        for (int i = 0; i < threads.length; i++) {
            n += taken.get(flag(i));
        }
        return n;
    }

    private static int flag(int i) {
        return (i + 1) * STRIDE;
    }

    SecureThread get(int i) {
        return threads[i];
    }
}
