package dev.jtee.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The secure-thread queue the client driver and the daemon share: FIFO, signalled as calls return,
 * cancellable per call, closable, and retried by its head for threads it cannot see come back.
 * Real threads; every wait is on an observable state, never a sleep.
 */
class SecureThreadQueueTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final long NEVER = Long.MAX_VALUE;

    /** Secure threads: a try takes one if any is free. */
    private final AtomicInteger free = new AtomicInteger();
    private final List<Integer> entered = new CopyOnWriteArrayList<>();

    private SecureThreadQueue.Attempt caller(int id) {
        return () -> {
            int f = free.get();
            if (f > 0 && free.compareAndSet(f, f - 1)) {
                entered.add(id);
                return true;
            }
            return false;
        };
    }

    private static void await(BooleanSupplier c) {
        while (!c.getAsBoolean()) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private CompletableFuture<SecureThreadQueue.End> waitIn(SecureThreadQueue q, int id, Object owner,
                                                           SecureThreadQueue.Waiter w) {
        int before = q.waiting();
        CompletableFuture<SecureThreadQueue.End> f = CompletableFuture.supplyAsync(() -> {
            assertTrue(q.join(w, owner));
            return q.await(w, caller(id));
        }, r -> Thread.ofPlatform().start(r));
        await(() -> q.waiting() == before + 1 && (q.inLine(w) || before == 0));
        return f;
    }

    @Test
    void waitersEnterInArrivalOrderAsCallsReturn() {
        assertTimeoutPreemptively(LIMIT, () -> {
            SecureThreadQueue q = new SecureThreadQueue(NEVER);
            SecureThreadQueue.Waiter[] ws = new SecureThreadQueue.Waiter[4];
            @SuppressWarnings("unchecked")
            CompletableFuture<SecureThreadQueue.End>[] fs = new CompletableFuture[4];
            for (int i = 0; i < 4; i++) {
                ws[i] = new SecureThreadQueue.Waiter();
                fs[i] = waitIn(q, i, null, ws[i]);
                int n = i;
                await(() -> q.inLine(ws[n])); // tried once (nothing free) and parked in line
            }
            for (int i = 0; i < 4; i++) {
                free.incrementAndGet();
                q.returned();
                assertSame(SecureThreadQueue.End.ENTERED, fs[i].get());
            }
            assertEquals(List.of(0, 1, 2, 3), entered);
            assertTrue(q.isEmpty());
            assertEquals(4, q.queuedCalls());
        });
    }

    @Test
    void aCancelledWaitEndsAndItsPlaceGoesToTheNext() {
        assertTimeoutPreemptively(LIMIT, () -> {
            SecureThreadQueue q = new SecureThreadQueue(NEVER);
            Object op = new Object();
            SecureThreadQueue.Waiter a = new SecureThreadQueue.Waiter();
            SecureThreadQueue.Waiter b = new SecureThreadQueue.Waiter();
            CompletableFuture<SecureThreadQueue.End> fa = waitIn(q, 1, op, a);
            await(() -> q.inLine(a));
            CompletableFuture<SecureThreadQueue.End> fb = waitIn(q, 2, null, b);
            assertFalse(q.cancel(a, new Object()), "another call's cancel does not end this wait");
            assertTrue(q.cancel(a, op));
            assertSame(SecureThreadQueue.End.CANCELLED, fa.get());
            assertFalse(q.cancel(a, op), "that wait has ended");
            free.incrementAndGet();
            q.returned();
            assertSame(SecureThreadQueue.End.ENTERED, fb.get());
            assertEquals(List.of(2), entered);
        });
    }

    @Test
    void closeEndsEveryWaitAndRefusesNewOnes() {
        assertTimeoutPreemptively(LIMIT, () -> {
            SecureThreadQueue q = new SecureThreadQueue(NEVER);
            SecureThreadQueue.Waiter a = new SecureThreadQueue.Waiter();
            SecureThreadQueue.Waiter b = new SecureThreadQueue.Waiter();
            CompletableFuture<SecureThreadQueue.End> fa = waitIn(q, 1, null, a);
            await(() -> q.inLine(a));
            CompletableFuture<SecureThreadQueue.End> fb = waitIn(q, 2, null, b);
            q.close();
            assertSame(SecureThreadQueue.End.CLOSED, fa.get());
            assertSame(SecureThreadQueue.End.CLOSED, fb.get());
            assertFalse(q.join(new SecureThreadQueue.Waiter(), null));
            assertTrue(q.isEmpty());
        });
    }

    @Test
    void theHeadRetriesOnItsOwnForThreadsItDoesNotSeeReturn() {
        assertTimeoutPreemptively(LIMIT, () -> {
            SecureThreadQueue q = new SecureThreadQueue(Duration.ofMillis(1).toNanos());
            SecureThreadQueue.Waiter a = new SecureThreadQueue.Waiter();
            CompletableFuture<SecureThreadQueue.End> fa = waitIn(q, 1, null, a);
            await(() -> q.inLine(a));
            free.incrementAndGet(); // freed by a call of someone else: no returned()
            assertSame(SecureThreadQueue.End.ENTERED, fa.get());
        });
    }

    @Test
    void aFailingTryEndsOnlyItsOwnWaitAndPassesTheSignalOn() {
        assertTimeoutPreemptively(LIMIT, () -> {
            SecureThreadQueue q = new SecureThreadQueue(NEVER);
            SecureThreadQueue.Waiter a = new SecureThreadQueue.Waiter();
            SecureThreadQueue.Waiter b = new SecureThreadQueue.Waiter();
            AtomicInteger tries = new AtomicInteger();
            CompletableFuture<Void> fa = CompletableFuture.runAsync(() -> {
                q.join(a, null);
                q.await(a, () -> {
                    if (tries.incrementAndGet() > 1) {
                        throw new IllegalStateException("transport lost");
                    }
                    return false;
                });
            }, r -> Thread.ofPlatform().start(r));
            await(() -> q.inLine(a));
            CompletableFuture<SecureThreadQueue.End> fb = waitIn(q, 2, null, b);
            free.incrementAndGet();
            q.returned(); // a is signalled, its try throws: b gets the signal
            Throwable t = assertThrows(Exception.class, fa::get);
            assertTrue(t.getCause() instanceof IllegalStateException, t.toString());
            assertSame(SecureThreadQueue.End.ENTERED, fb.get());
            assertTrue(q.isEmpty());
        });
    }

    @Test
    void anInterruptEndsTheWaitAsCancelledAndKeepsTheFlag() {
        assertTimeoutPreemptively(LIMIT, () -> {
            SecureThreadQueue q = new SecureThreadQueue(NEVER);
            SecureThreadQueue.Waiter a = new SecureThreadQueue.Waiter();
            CompletableFuture<Boolean> flag = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                q.join(a, null);
                SecureThreadQueue.End e = q.await(a, caller(1));
                flag.complete(e == SecureThreadQueue.End.CANCELLED && Thread.currentThread().isInterrupted());
            });
            await(() -> q.inLine(a));
            t.interrupt();
            assertTrue(flag.get());
        });
    }
}
