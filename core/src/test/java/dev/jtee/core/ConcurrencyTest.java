package dev.jtee.core;

import static dev.jtee.core.Client.assertResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.SecureWorldPort;
import dev.jtee.ta.TaFlags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reference facts §3: secure threads, one entry at a time per instance, the single-instance lock. */
class ConcurrencyTest {
    static final String SI_A = "22222222-0000-0000-0000-00000000000a";
    static final String SI_B = "22222222-0000-0000-0000-00000000000b";
    static final String MULTI = "22222222-0000-0000-0000-00000000000c";

    final TestTa.Control a = new TestTa.Control();
    final TestTa.Control b = new TestTa.Control();
    final TestTa.Control m = new TestTa.Control();
    final ExecutorService pool = Executors.newCachedThreadPool();
    Client c;

    void start(int threads, boolean singleInstanceLock) {
        c = Client.start(x -> x.threads(threads).singleInstanceLock(singleInstanceLock)
                .ta(() -> new TestTa(TestTa.manifest(SI_A, "si_a", TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION), a))
                .ta(() -> new TestTa(TestTa.manifest(SI_B, "si_b", TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION), b))
                .ta(() -> new TestTa(TestTa.manifest(MULTI, "multi", 0), m)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        a.release.countDown();
        b.release.countDown();
        m.release.countDown();
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(20, TimeUnit.SECONDS));
        if (c != null) {
            c.world.close();
        }
    }

    private Future<CallFrame> async(int session, int command) {
        return pool.submit(() -> c.invoke(session, command, 0));
    }

    @Test
    void noFreeSecureThreadIsThreadLimitAndTheFrameIsUntouched() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            start(2, true);
            int s1 = c.openOk(MULTI);
            int s2 = c.openOk(MULTI);
            int s3 = c.openOk(MULTI);
            Future<CallFrame> f1 = async(s1, TestTa.CMD_BLOCK);
            Future<CallFrame> f2 = async(s2, TestTa.CMD_BLOCK);
            m.awaitEntered(2);
            assertEquals(2, c.world.stats().threadsBusy());

            CallFrame f = new CallFrame();
            f.session = s3;
            f.command = TestTa.CMD_INC;
            f.result = 0x1234;
            f.origin = 7;
            f.valueA[0] = 5;
            assertEquals(SecureWorldPort.THREAD_LIMIT, c.world.invokeCommand(f));
            assertEquals(0x1234, f.result, "the frame is untouched");
            assertEquals(7, f.origin);
            assertEquals(5, f.valueA[0]);
            CallFrame o = new CallFrame();
            o.uuid = TeeUuid.parse(MULTI);
            assertEquals(SecureWorldPort.THREAD_LIMIT, c.world.openSession(o));
            assertEquals(0, o.session);
            CallFrame cl = new CallFrame();
            cl.session = s3;
            assertEquals(SecureWorldPort.THREAD_LIMIT, c.world.closeSession(cl));

            m.release.countDown();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f1.get());
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f2.get());
            assertEquals(SecureWorldPort.OK, c.world.invokeCommand(f));
            assertEquals(0, c.world.stats().threadsBusy());
        });
    }

    @Test
    void aCallWaitingForABusyInstanceHoldsItsSecureThread() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            start(2, true);
            int s1 = c.openOk(SI_A);
            int s2 = c.openOk(SI_A);
            int other = c.openOk(MULTI);
            Future<CallFrame> running = async(s1, TestTa.CMD_BLOCK);
            a.awaitEntered(1);
            Future<CallFrame> queued = async(s2, TestTa.CMD_COUNT);
            // the queued call keeps its secure thread while it waits: OP-TEE's starvation
            waitUntil(() -> c.world.stats().threadsBusy() == 2);
            assertEquals(SecureWorldPort.THREAD_LIMIT, c.world.invokeCommand(frame(other)));
            assertTrue(!queued.isDone(), "the second call waits for the instance");
            a.release.countDown();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, running.get());
            CallFrame q = queued.get();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, q);
            assertEquals(2, q.valueA[0], "it ran after the first, on the same object");
        });
    }

    @Test
    void oneEntryAtATimePerInstance() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            start(8, true);
            List<Integer> sessions = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sessions.add(c.openOk(SI_A));
            }
            List<Future<CallFrame>> calls = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                for (int s : sessions) {
                    calls.add(pool.submit(() -> retryOnThreadLimit(s, TestTa.CMD_CONCURRENCY)));
                }
            }
            for (Future<CallFrame> f : calls) {
                assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f.get());
            }
            assertEquals(1, a.maxInside.get(), "never two entries at once in one instance");

            // a multi-instance TA runs its sessions' instances in parallel
            List<Integer> ms = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ms.add(c.openOk(MULTI));
            }
            List<Future<CallFrame>> blocked = new ArrayList<>();
            for (int s : ms) {
                blocked.add(async(s, TestTa.CMD_BLOCK));
            }
            m.awaitEntered(4);
            m.release.countDown();
            for (Future<CallFrame> f : blocked) {
                assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f.get());
            }
        });
    }

    @Test
    void singleInstanceLockLetsOneChainIntoAnySingleInstanceTa() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            start(4, true);
            int sa = c.openOk(SI_A);
            int sb = c.openOk(SI_B);
            Future<CallFrame> inA = async(sa, TestTa.CMD_BLOCK);
            a.awaitEntered(1);
            Future<CallFrame> inB = async(sb, TestTa.CMD_BLOCK);
            waitUntil(() -> c.world.stats().threadsBusy() == 2);
            assertTrue(!b.entered.tryAcquire(200, TimeUnit.MILLISECONDS), "B must wait while A holds the single-instance lock");
            a.release.countDown();
            b.awaitEntered(1);
            b.release.countDown();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, inA.get());
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, inB.get());
        });
    }

    @Test
    void withoutTheSingleInstanceLockSingleInstanceTasRunInParallel() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            start(4, false);
            int sa = c.openOk(SI_A);
            int sb = c.openOk(SI_B);
            Future<CallFrame> inA = async(sa, TestTa.CMD_BLOCK);
            Future<CallFrame> inB = async(sb, TestTa.CMD_BLOCK);
            a.awaitEntered(1);
            b.awaitEntered(1);
            a.release.countDown();
            b.release.countDown();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, inA.get());
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, inB.get());
        });
    }

    @Test
    void closeWaitsForTheCallInProgressThenLaterCallsAreRefused() {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            start(4, true);
            int s = c.openOk(SI_A);
            Future<CallFrame> running = async(s, TestTa.CMD_BLOCK);
            a.awaitEntered(1);
            CompletableFuture<CallFrame> closing = CompletableFuture.supplyAsync(() -> c.close(s), pool);
            waitUntil(() -> c.world.stats().threadsBusy() == 2);
            assertResult(TeeResult.BAD_PARAMETERS, Origin.TEE, c.invoke(s, TestTa.CMD_INC, 1));
            a.release.countDown();
            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, running.get());
            assertResult(TeeResult.SUCCESS, Origin.TEE, closing.get());
            assertEquals(List.of("create", "open", "close", "destroy"), a.events);
        });
    }

    private CallFrame retryOnThreadLimit(int session, int command) throws InterruptedException {
        for (;;) {
            CallFrame f = frame(session);
            f.command = command;
            if (c.world.invokeCommand(f) == SecureWorldPort.OK) {
                return f;
            }
            Thread.sleep(1);
        }
    }

    private static CallFrame frame(int session) {
        CallFrame f = new CallFrame();
        f.session = session;
        f.command = TestTa.CMD_COUNT;
        return f;
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(2);
        }
    }

    @Test
    void gateHandsOverInFifoOrder() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Gate gate = new Gate(false);
            Object owner = new Object();
            assertEquals(Gate.OK, gate.acquire(new Waiter(), owner, Long.MAX_VALUE));
            assertEquals(Gate.SELF, gate.acquire(new Waiter(), owner, Long.MAX_VALUE), "a chain cannot wait for itself");
            List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                Thread t = new Thread(() -> {
                    Object chain = new Object();
                    if (gate.acquire(new Waiter(), chain, Long.MAX_VALUE) == Gate.OK) {
                        order.add(n);
                        gate.release();
                    }
                });
                t.start();
                threads.add(t);
                waitUntil(() -> gate.queued() == n + 1);
            }
            gate.release();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(List.of(0, 1, 2, 3, 4), order);
        });
    }

    @Test
    void gateCancelAndTimeoutAndReentry() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Gate gate = new Gate(false);
            gate.acquire(new Waiter(), new Object(), Long.MAX_VALUE);
            Waiter w = new Waiter();
            CompletableFuture<Integer> r = CompletableFuture.supplyAsync(() -> gate.acquire(w, new Object(), Long.MAX_VALUE));
            waitUntil(() -> gate.queued() == 1);
            assertTrue(gate.cancel(w));
            assertEquals(Gate.CANCELLED, r.get());
            assertEquals(Gate.TIMED_OUT, gate.acquire(new Waiter(), new Object(), System.nanoTime() + 20_000_000));
            assertEquals(0, gate.queued());

            Gate reentrant = new Gate(true);
            Object chain = new Object();
            assertEquals(Gate.OK, reentrant.acquire(new Waiter(), chain, Long.MAX_VALUE));
            assertTrue(reentrant.tryAcquire(chain));
            reentrant.release();
            assertTrue(!reentrant.tryAcquire(new Object()), "still held once");
            reentrant.release();
            assertTrue(reentrant.tryAcquire(new Object()));
        });
    }

    @Test
    void manyCallersOnManyInstancesAllComplete() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            start(3, true);
            int callers = 12;
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String uuid = i % 3 == 0 ? SI_A : MULTI;
                results.add(pool.submit(() -> {
                    int s;
                    for (;;) {
                        CallFrame o = new CallFrame();
                        o.uuid = TeeUuid.parse(uuid);
                        if (c.world.openSession(o) == SecureWorldPort.OK) {
                            assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, o);
                            s = o.session;
                            break;
                        }
                        Thread.sleep(1);
                    }
                    go.await();
                    int v = 0;
                    for (int k = 0; k < 2000; k++) {
                        CallFrame f = new CallFrame();
                        f.session = s;
                        f.command = TestTa.CMD_INC;
                        f.paramTypes = 0x3;
                        f.valueA[0] = v;
                        while (c.world.invokeCommand(f) != SecureWorldPort.OK) {
                            Thread.yield(); // a driver would queue; never hog the cores the TAs need
                        }
                        assertResult(TeeResult.SUCCESS, Origin.TRUSTED_APP, f);
                        v = f.valueA[0];
                    }
                    return v;
                }));
            }
            go.countDown();
            for (Future<Integer> f : results) {
                assertEquals(2000, f.get());
            }
        });
    }
}
