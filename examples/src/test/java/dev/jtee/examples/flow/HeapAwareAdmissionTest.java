package dev.jtee.examples.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.seed.JournalTa;
import dev.jtee.flow.Policy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Heap-aware admission against the real world: flow control reads the TA's heap through the stats
 * pseudo-TA, and while the heap is above the high-water mark a new session to the TA waits (or is
 * refused, saying why, with FAIL_FAST); once the heap drains it opens.
 */
class HeapAwareAdmissionTest {
    private static final TeeUuid JOURNAL = TeeUuid.parse(JournalTa.UUID);

    private static void hold(Session s, int bytes) {
        s.invoke(JournalTa.CMD_HOLD, Operation.create().value(0, ParamType.VALUE_INPUT, bytes, 0));
    }

    @Test
    void aNewSessionWaitsWhileTheHeapIsAboveTheHighWaterMark() throws Exception {
        try (SecureWorld world = SecureWorld.builder().console(line -> { }).build(); Tee tee = Tee.on(world)) {
            FlowControl failFast = FlowControl.builder().policy(Policy.FAIL_FAST).telemetryInterval(Duration.ZERO).build();
            try (Context filler = tee.newContext(); Context ctx = tee.newContext(failFast)) {
                Session a = filler.openSession(JOURNAL);
                hold(a, 52 * 1024); // 52 of 64 KiB, above 75 %
                TeeException e = assertThrows(TeeException.class, () -> ctx.openSession(JOURNAL));
                assertEquals(TeeResult.BUSY, e.result());
                assertEquals(Origin.COMMS, e.origin());
                assertTrue(e.getMessage().matches(".*TA " + JOURNAL + ": heap 8\\d % used \\(high-water 75 %\\), largest free block.*"), e.getMessage());
                a.invoke(JournalTa.CMD_DROP);
                ctx.openSession(JOURNAL).close();
                a.close();
            }
            // a waiting open goes in once the heap drains
            FlowControl block = FlowControl.builder().deadline(Duration.ofSeconds(30)).build();
            try (Context filler = tee.newContext(); Context ctx = tee.newContext(block)) {
                Session a = filler.openSession(JOURNAL);
                hold(a, 52 * 1024);
                CompletableFuture<Session> opening = CompletableFuture.supplyAsync(() -> ctx.openSession(JOURNAL));
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                    while (ctx.flowStats().queued() != 1) {
                        Thread.onSpinWait();
                    }
                });
                a.invoke(JournalTa.CMD_DROP);
                opening.get(30, TimeUnit.SECONDS).close();
                a.close();
                assertEquals(0, world.stats().panics());
            }
        }
    }

    @Test
    void aHighWaterOfOneOrMoreTurnsHeapAwarenessOff() {
        try (SecureWorld world = SecureWorld.builder().console(line -> { }).build(); Tee tee = Tee.on(world);
             Context filler = tee.newContext();
             Context ctx = tee.newContext(FlowControl.builder().policy(Policy.FAIL_FAST).heapHighWater(1.0).build())) {
            Session a = filler.openSession(JOURNAL);
            hold(a, 52 * 1024);
            ctx.openSession(JOURNAL).close();
            a.close();
        }
    }
}
