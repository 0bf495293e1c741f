package dev.jtee.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Partitions created when a client first appears and dropped when it is gone (issue 15: a real partition per client). */
class DynamicPartitionTest {
    private final ManualClock clock = new ManualClock();

    private Limiter limiter(int limit, int max, int ceiling) {
        return Limiter.builder().clock(clock).fixedLimit(limit).dynamicPartitions(max).partitionCeiling(ceiling).build();
    }

    @Test
    void aClientGetsOnePartitionForAllItsJoinsAndItGoesWithTheLastLeave() {
        Limiter l = limiter(8, 4, 2);
        Partition a = l.join("pid:1");
        assertSame(a, l.join("pid:1"), "a second connection of the same client");
        assertEquals(1, l.dynamicPartitions());
        assertTrue(l.partitions().contains(a));
        l.leave(a);
        assertEquals(1, l.dynamicPartitions(), "one join still open");
        l.leave(a);
        assertEquals(0, l.dynamicPartitions());
        assertTrue(!l.partitions().contains(a));
        assertThrows(IllegalStateException.class, () -> l.leave(a));
        Partition again = l.join("pid:1");
        assertTrue(again != a, "a client that comes back gets a fresh partition");
    }

    @Test
    void beyondTheBoundANewClientIsRefusedInTheFlowModulesWords() {
        Limiter l = limiter(8, 2, 2);
        Partition a = l.join("pid:1");
        assertNotNull(l.join("pid:2"));
        assertNull(l.join("pid:3"));
        assertEquals("flow control: 2 clients are served already (one partition each); try again when one leaves", Refusal.partitions(2));
        assertSame(a, l.join("pid:1"), "a client that has one still joins");
        l.leave(a);
        l.leave(a);
        assertNotNull(l.join("pid:3"), "room again once one left");
    }

    @Test
    void aPartitionLeftWithACallInFlightIsDroppedAtItsRelease() {
        Limiter l = limiter(8, 4, 2);
        Partition a = l.join("pid:1");
        Permit p = l.newPermit();
        assertEquals(Admission.GRANTED, l.acquire(p, a, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        l.leave(a);
        assertEquals(1, l.dynamicPartitions(), "kept while its call runs");
        l.release(p, Outcome.SUCCESS, 1);
        assertEquals(0, l.dynamicPartitions());
        assertEquals(0, l.inFlight());
    }

    @Test
    void aPartitionLeftWithAWaiterIsDroppedWhenTheWaitEnds() throws Exception {
        Limiter l = limiter(1, 4, 1);
        Partition a = l.join("pid:1");
        Partition b = l.join("pid:2");
        Permit held = l.newPermit();
        assertEquals(Admission.GRANTED, l.acquire(held, a, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        Permit waiting = l.newPermit();
        long deadline = clock.nanoTime() + 1_000_000;
        AtomicInteger verdict = new AtomicInteger(-1);
        Thread t = Thread.ofPlatform().start(() -> verdict.set(l.acquire(waiting, b, Policy.BLOCK, deadline).ordinal()));
        Waiting.until(() -> l.queueDepth() == 1, "b waits");
        l.leave(b);
        assertEquals(2, l.dynamicPartitions(), "kept while its waiter waits");
        clock.advance(2_000_000); // the waiter looks again every MAX_PARK_NANOS on a manual clock
        t.join(10_000);
        assertEquals(Admission.DEADLINE.ordinal(), verdict.get());
        assertEquals(1, l.dynamicPartitions());
        l.release(held, Outcome.SUCCESS, 1);
        l.leave(a);
        assertEquals(0, l.dynamicPartitions());
    }

    @Test
    void eachClientIsHeldToTheCeilingAndANewcomerIsServedFirst() {
        Limiter l = limiter(4, 8, 2);
        Partition a = l.join("pid:1");
        Partition b = l.join("pid:2");
        List<Permit> aHeld = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Permit p = l.newPermit();
            assertEquals(Admission.GRANTED, l.acquire(p, a, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
            aHeld.add(p);
        }
        assertEquals(Admission.QUEUE_FULL, l.acquire(l.newPermit(), a, Policy.FAIL_FAST, Limiter.NO_DEADLINE), "a is at its ceiling");
        assertEquals(Admission.GRANTED, l.acquire(l.newPermit(), b, Policy.FAIL_FAST, Limiter.NO_DEADLINE), "b is not");
        assertEquals(2, a.inFlight());
        assertEquals(1, b.inFlight());
    }

    @Test
    void aDroppedPartitionLeavesNoMetersBehind() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Limiter l = Limiter.builder().clock(clock).fixedLimit(1).dynamicPartitions(4).meterRegistry(registry).policy(Policy.FAIL_FAST).build();
        Partition a = l.join("pid:7");
        Permit p = l.newPermit();
        assertEquals(Admission.GRANTED, l.acquire(p, a, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        assertEquals(Admission.QUEUE_FULL, l.acquire(l.newPermit(), a, Policy.FAIL_FAST, Limiter.NO_DEADLINE));
        assertEquals(1.0, registry.get("jtee.flow.rejections").tags("partition", "pid:7", "reason", "QUEUE_FULL").counter().count());
        l.release(p, Outcome.SUCCESS, 1);
        l.leave(a);
        assertTrue(registry.find("jtee.flow.rejections").tags("partition", "pid:7").meters().isEmpty());
        assertTrue(registry.find("jtee.flow.partition.inflight").tags("partition", "pid:7").meters().isEmpty());
    }

    /** 40 client processes' worth of partitions on real threads: each joins, calls, leaves; nothing is lost, every partition goes. */
    @Test
    void fortyClientsComeCallAndGo() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Limiter l = Limiter.builder().fixedLimit(8).dynamicPartitions(64).partitionCeiling(3).queueCapacity(1024).build();
            int clients = 40;
            int rounds = 20;
            int calls = 50;
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger granted = new AtomicInteger();
            AtomicInteger overCeiling = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String key = "pid:" + c;
                for (int conn = 0; conn < 2; conn++) { // two connections of each client
                    threads.add(Thread.ofPlatform().start(() -> {
                        Permit permit = l.newPermit();
                        try {
                            start.await();
                            for (int r = 0; r < rounds; r++) {
                                Partition p = l.join(key);
                                for (int i = 0; i < calls; i++) {
                                    if (l.acquire(permit, p, Policy.BLOCK, Limiter.NO_DEADLINE) == Admission.GRANTED) {
                                        if (p.slots.get() > 3) overCeiling.incrementAndGet();
                                        granted.incrementAndGet();
                                        l.release(permit, Outcome.SUCCESS, 1);
                                    }
                                }
                                l.leave(p);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
                }
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(clients * 2 * rounds * calls, granted.get(), "every call admitted once");
            assertEquals(0, overCeiling.get(), "no client over its ceiling");
            assertEquals(0, l.inFlight());
            assertEquals(0, l.queueDepth());
            assertEquals(0, l.dynamicPartitions(), "every partition dropped");
            assertEquals(1, l.partitions().size(), "only the default is left");
        });
    }
}
