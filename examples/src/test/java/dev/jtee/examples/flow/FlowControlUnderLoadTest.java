package dev.jtee.examples.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.FlowStats;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.seed.SeedTa;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaFlags;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Flow control against the real emulated world with real threads: the seed's load with flow
 * control on kills no TA and loses no call; a hot single-instance TA does not starve a bystander
 * (optee_os issue 4438); deadlines and cancellation of calls waiting for a busy instance.
 */
class FlowControlUnderLoadTest {
    private static final TeeUuid SEED = TeeUuid.parse(SeedTa.UUID);
    private static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** A single-instance TA whose only command sleeps in TEE_Wait for p0.a ms: a hot, slow TA. */
    static final class HotTa implements TrustedApplication {
        static final String UUID = "0f10c0de-4438-4438-8438-000000004438";
        private static final TaManifest MANIFEST = TaManifest.builder(UUID, "hot")
                .flags(TaFlags.SINGLE_INSTANCE | TaFlags.MULTI_SESSION).build();

        @Override
        public TaManifest manifest() {
            return MANIFEST;
        }

        @Override
        public TeeResult invokeCommand(TaSession session, int command, Params params) {
            return TeeApi.waitFor(params.value(0).a());
        }
    }

    private static SecureWorld hikey() {
        return SecureWorld.builder().threads(8).console(line -> { }).ta(HotTa::new).build();
    }

    @Test
    void theSeedLoadWithFlowControlOnKillsNoTaAndLosesNoCall() {
        int callers = 64;
        long runNanos = TimeUnit.SECONDS.toNanos(3);
        Map<String, LongAdder> results = new ConcurrentHashMap<>();
        try (SecureWorld world = hikey(); Tee tee = Tee.on(world); Context ctx = tee.newContext(FlowControl.defaults())) {
            long end = System.nanoTime() + runNanos;
            assertTimeoutPreemptively(LIMIT, () -> {
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    int id = i;
                    threads.add(Thread.ofPlatform().start(() -> seedCaller(ctx, id, end, results)));
                }
                for (Thread t : threads) {
                    t.join();
                }
            });
            assertEquals(0, world.stats().panics(), () -> "TA deaths under flow control: " + results);
            // a refusal (BUSY from COMMS, e.g. a deadline passed on a loaded machine) is flow control
            // doing its job; a death or any other failure is not
            String busy = TeeResult.BUSY.name() + "/" + Origin.COMMS;
            assertTrue(List.of(TeeResult.SUCCESS.name(), "open", busy).containsAll(results.keySet()), () -> "results: " + results);
            FlowStats s = ctx.flowStats();
            assertEquals(s.submitted(), s.completed() + s.refused() + s.cancelled(), s::toString);
            assertEquals(0, s.underWay());
            assertEquals(0, s.cancelled());
            long refused = results.containsKey(busy) ? results.get(busy).sum() : 0;
            assertEquals(refused, s.refused(), s::toString);
            long opens = results.get("open").sum();
            long invokes = results.get(TeeResult.SUCCESS.name()).sum();
            // each open was closed: the driver completed exactly the callers' calls plus one close per session
            assertEquals(2 * opens + invokes, s.completed(), s::toString);
        }
    }

    private static void seedCaller(Context ctx, int id, long end, Map<String, LongAdder> results) {
        byte[] request = new byte[64 + (id * 37) % 512];
        Arrays.fill(request, (byte) id);
        byte[] response = new byte[SeedTa.RESPONSE_SIZE];
        Operation open = Operation.create().value(0, ParamType.VALUE_INPUT, SeedTa.MODE_DYNAMIC, 0);
        Operation op = Operation.create();
        while (System.nanoTime() - end < 0) {
            try (Session s = ctx.openSession(SEED, Login.PUBLIC, null, open)) {
                results.computeIfAbsent("open", k -> new LongAdder()).increment();
                for (int i = 0; i < 4; i++) {
                    op.tempMemref(0, ParamType.MEMREF_INPUT, request).tempMemref(1, ParamType.MEMREF_OUTPUT, response);
                    try {
                        s.invoke(SeedTa.CMD_PROCESS, op);
                        count(results, TeeResult.SUCCESS, null);
                    } catch (TeeException e) {
                        count(results, e.result(), e.origin());
                    }
                }
            } catch (TeeException e) {
                count(results, e.result(), e.origin());
            }
        }
    }

    private static void count(Map<String, LongAdder> results, TeeResult r, Origin o) {
        results.computeIfAbsent(o == null ? r.name() : r.name() + "/" + o, k -> new LongAdder()).increment();
    }

    @Test
    void aHotSingleInstanceTaDoesNotStarveABystander() throws Exception {
        long[] unloaded;
        long[] loadedOn;
        long[] loadedOff;
        try (SecureWorld world = hikey(); Tee tee = Tee.on(world)) {
            unloaded = bystander(tee, FlowControl.defaults(), 0);
        }
        try (SecureWorld world = hikey(); Tee tee = Tee.on(world)) {
            loadedOn = bystander(tee, FlowControl.defaults(), 16);
        }
        try (SecureWorld world = hikey(); Tee tee = Tee.on(world)) {
            loadedOff = bystander(tee, FlowControl.off(), 16);
        }
        long base = percentile(unloaded, 99);
        long on = percentile(loadedOn, 99);
        // a small multiple of the unloaded p99, plus one scheduling quantum's worth for a 2-core machine
        long bound = 10 * base + TimeUnit.MILLISECONDS.toNanos(2);
        assertTrue(on <= bound, () -> "bystander p99 " + on / 1000 + " µs under load, unloaded " + base / 1000 + " µs");
        // without flow control the hot TA's callers hold the secure threads and the bystander queues behind them
        long offP50 = percentile(loadedOff, 50);
        long onP50 = percentile(loadedOn, 50);
        assertTrue(offP50 > 2 * onP50, () -> "p50 with flow control off " + offP50 / 1000 + " µs, on " + onP50 / 1000 + " µs");
    }

    /** Bystander latencies (sorted) on hello_world while {@code hot} callers keep HotTa busy (2 ms per call). */
    private static long[] bystander(Tee tee, FlowControl flow, int hot) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> hotCallers = new ArrayList<>();
        long[] lat = new long[150];
        try (Context hotClient = tee.newContext(flow); Context client = tee.newContext(flow)) {
            for (int i = 0; i < hot; i++) {
                Session s = hotClient.openSession(TeeUuid.parse(HotTa.UUID));
                hotCallers.add(Thread.ofPlatform().start(() -> {
                    Operation op = Operation.create().value(0, ParamType.VALUE_INPUT, 2, 0);
                    while (!stop.get()) {
                        try {
                            s.invoke(0, op);
                        } catch (TeeException e) {
                            // BUSY after the deadline is possible in principle; the load goes on
                        }
                    }
                }));
            }
            if (hot > 0) {
                Thread.sleep(100); // let the hot callers fill the queues
            }
            assertTimeoutPreemptively(LIMIT, () -> {
                try (Session s = client.openSession(HELLO)) {
                    Operation op = Operation.create();
                    for (int i = 0; i < lat.length; i++) {
                        long t0 = System.nanoTime();
                        s.invoke(HelloWorldTa.CMD_INC_VALUE, op.value(0, ParamType.VALUE_INOUT, i, 0));
                        lat[i] = System.nanoTime() - t0;
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                    }
                }
            });
            stop.set(true);
            for (Thread t : hotCallers) {
                assertTrue(t.join(LIMIT));
            }
        }
        Arrays.sort(lat);
        return lat;
    }

    private static long percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, i)];
    }

    @Test
    void aCallWaitingForABusyInstanceEndsWithBusyAtItsDeadlineOrCancelWhenCancelled() throws Exception {
        FlowControl flow = FlowControl.builder().deadline(Duration.ofMillis(100)).build();
        try (SecureWorld world = hikey(); Tee tee = Tee.on(world); Context ctx = tee.newContext(flow)) {
            Session a = ctx.openSession(TeeUuid.parse(HotTa.UUID));
            Session b = ctx.openSession(TeeUuid.parse(HotTa.UUID));
            // opened now: an open, like any entry point, waits for the busy instance
            Context patient = tee.newContext(FlowControl.builder().deadline(Duration.ofSeconds(30)).build());
            Session c = patient.openSession(TeeUuid.parse(HotTa.UUID));
            CompletableFuture<Operation> slow = a.invokeAsync(0, Operation.create().value(0, ParamType.VALUE_INPUT, 1500, 0));
            Thread.sleep(50);
            TeeException busy = assertThrows(TeeException.class, () -> b.invoke(0, Operation.create().value(0, ParamType.VALUE_INPUT, 1, 0)));
            assertEquals(TeeResult.BUSY, busy.result());
            assertEquals(Origin.COMMS, busy.origin());
            assertTrue(busy.getMessage().contains("deadline passed after 100 ms"), busy.getMessage());

            Operation cancelled = Operation.create().value(0, ParamType.VALUE_INPUT, 1, 0);
            // a different context: the instance is busy, so this call enters and waits in the secure world;
            // a second call of the same context waits in its normal world, where a cancel ends it at once
            CompletableFuture<Operation> first = c.invokeAsync(0, Operation.create().value(0, ParamType.VALUE_INPUT, 1, 0));
            Thread.sleep(20);
            CompletableFuture<Operation> waiting = c.invokeAsync(0, cancelled);
            assertTimeoutPreemptively(LIMIT, () -> {
                while (patient.flowStats().queued() == 0) {
                    Thread.sleep(1);
                }
            });
            cancelled.requestCancellation();
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(30, TimeUnit.SECONDS));
            TeeException cancel = assertInstanceOf(TeeException.class, e.getCause());
            assertEquals(TeeResult.CANCEL, cancel.result());
            assertEquals(Origin.COMMS, cancel.origin());
            slow.get(30, TimeUnit.SECONDS);
            first.get(30, TimeUnit.SECONDS);
            for (Context x : List.of(ctx, patient)) {
                FlowStats s = x.flowStats();
                assertEquals(s.submitted(), s.completed() + s.refused() + s.cancelled(), s::toString);
            }
            assertEquals(1, ctx.flowStats().refusedDeadline());
            assertEquals(1, patient.flowStats().cancelled());
            patient.close();
            assertEquals(0, world.stats().panics());
        }
    }
}
