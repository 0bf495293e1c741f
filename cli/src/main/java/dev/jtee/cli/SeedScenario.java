package dev.jtee.cli;

import dev.jtee.api.Login;
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
import dev.jtee.core.HeapStats;
import dev.jtee.core.InstanceInfo;
import dev.jtee.core.PanicReport;
import dev.jtee.core.SecureWorld;
import dev.jtee.core.WorldStats;
import dev.jtee.examples.HelloWorldTa;
import dev.jtee.examples.seed.SeedTa;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The seed article's load, run for real on a HiKey-like world: a pool of caller threads at full
 * speed on the seed TA — each task opens a session, sends a few requests, closes it, as a service
 * that opens a session per job does — plus a bystander client calling hello_world at a steady low
 * rate. Nothing is scripted to fail: whatever breaks comes from the world's limits (8 secure
 * threads, the TA's 32 KiB heap and 2 KiB stack).
 */
final class SeedScenario {
    static final TeeUuid SEED = TeeUuid.parse(SeedTa.UUID);
    static final TeeUuid HELLO = TeeUuid.parse(HelloWorldTa.UUID);
    /** HiKey's CFG_NUM_THREADS. */
    static final int SECURE_THREADS = 8;

    /**
     * One run's settings.
     *
     * @param label          column title
     * @param flow           the flow control of both clients
     * @param mode           the seed sessions' memory mode ({@link SeedTa#MODE_DYNAMIC} or {@link SeedTa#MODE_STATIC})
     * @param callers        caller threads on the seed TA
     * @param callsPerTask   PROCESS calls per session
     * @param durationMillis how long the load runs
     * @param bystanderEveryMillis the bystander's interval between calls
     */
    record Config(String label, FlowControl flow, int mode, int callers, int callsPerTask, long durationMillis,
                  long bystanderEveryMillis) {
    }

    /**
     * What a run measured.
     *
     * @param results            seed calls (opens, invokes) by "result / origin"
     * @param processCalls       PROCESS calls that succeeded
     * @param seconds            the load's real duration
     * @param panics             TA instances that died
     * @param firstPanic         the first death's dump, or null
     * @param bystanderNanos     the bystander's call latencies, sorted
     * @param bystanderFailures  bystander calls that failed
     * @param peakWaiting        the most seed calls waiting in the normal world at once (flow queue or driver queue)
     * @param peakThreadsBusy    the most secure threads busy at once
     * @param meanThreadsBusy    secure threads busy, averaged over samples
     * @param heapPeak           the seed instances' highest heap use (bytes)
     * @param heapSize           the seed TA's heap size
     * @param peakFragmentation  the highest fragmentation seen on a seed instance's heap
     * @param allocFailures      TEE_Malloc calls that returned NULL
     * @param flowStats          the seed client's admission counters at the end
     */
    record Result(Config config, Map<String, Long> results, long processCalls, double seconds, long panics,
                  PanicReport firstPanic, long[] bystanderNanos, long bystanderFailures, int peakWaiting,
                  int peakThreadsBusy, double meanThreadsBusy, long heapPeak, int heapSize, double peakFragmentation,
                  long allocFailures, FlowStats flowStats) {
        double callsPerSecond() {
            return processCalls / seconds;
        }

        long bystanderPercentile(double p) {
            if (bystanderNanos.length == 0) {
                return -1;
            }
            int i = (int) Math.ceil(p / 100 * bystanderNanos.length) - 1;
            return bystanderNanos[Math.max(0, Math.min(bystanderNanos.length - 1, i))];
        }
    }

    private SeedScenario() {
    }

    /** A HiKey-like world: 8 secure threads; the seed TA brings its own 2 KiB stack and 32 KiB heap. */
    static SecureWorld world(Consumer<String> console) {
        return SecureWorld.builder().threads(SECURE_THREADS).console(console).build();
    }

    /** Runs {@code c} on a fresh world; {@code progress} gets the fraction done, about five times a second. */
    static Result run(Config c, Consumer<Double> progress) throws InterruptedException {
        AtomicReference<PanicReport> firstPanic = new AtomicReference<>();
        try (SecureWorld world = world(line -> { });
             Tee tee = Tee.on(world);
             Context seedClient = tee.newContext(c.flow());
             Context bystanderClient = tee.newContext(c.flow())) {
            world.onPanic(r -> {
                if (r.uuid().equals(SEED)) {
                    firstPanic.compareAndSet(null, r);
                }
            });
            Map<String, LongAdder> results = new ConcurrentHashMap<>();
            LongAdder process = new LongAdder();
            long panicsBefore = world.stats().panics();
            long start = System.nanoTime();
            long end = start + TimeUnit.MILLISECONDS.toNanos(c.durationMillis());
            CountDownLatch go = new CountDownLatch(1);

            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < c.callers(); i++) {
                int id = i;
                callers.add(Thread.ofPlatform().name("seed-caller-" + i).start(() -> callerLoop(seedClient, c, id, end, go, results, process)));
            }
            long[] byst = new long[(int) (c.durationMillis() / Math.max(1, c.bystanderEveryMillis())) + 16];
            int[] bystCount = {0};
            LongAdder bystFailures = new LongAdder();
            Thread bystander = Thread.ofPlatform().name("bystander").start(() -> {
                try (Session s = bystanderClient.openSession(HELLO)) {
                    Operation op = Operation.create();
                    awaitQuietly(go);
                    long next = System.nanoTime();
                    while (next - end < 0 && bystCount[0] < byst.length) {
                        sleepUntil(next);
                        long t0 = System.nanoTime();
                        try {
                            s.invoke(HelloWorldTa.CMD_INC_VALUE, op.value(0, ParamType.VALUE_INOUT, 1, 0));
                        } catch (TeeException e) {
                            bystFailures.increment();
                        }
                        byst[bystCount[0]++] = System.nanoTime() - t0;
                        next += TimeUnit.MILLISECONDS.toNanos(c.bystanderEveryMillis());
                    }
                } catch (TeeException e) {
                    bystFailures.increment();
                }
            });

            // sample the world while the load runs
            go.countDown();
            int peakWaiting = 0;
            int peakBusy = 0;
            long busySum = 0;
            long samples = 0;
            long heapPeak = 0;
            int heapSize = SeedTa.DATA_SIZE;
            double frag = 0;
            long failures = 0;
            long lastProgress = 0;
            for (long now = System.nanoTime(); now - end < 0; now = System.nanoTime()) {
                WorldStats ws = world.stats();
                peakBusy = Math.max(peakBusy, ws.threadsBusy());
                busySum += ws.threadsBusy();
                samples++;
                peakWaiting = Math.max(peakWaiting, seedClient.flowStats().queued() + tee.waitingForSecureThread());
                for (InstanceInfo ii : world.instances()) {
                    if (ii.uuid().equals(SEED)) {
                        HeapStats h = ii.heap();
                        heapPeak = Math.max(heapPeak, h.peakUsed());
                        heapSize = h.size();
                        frag = Math.max(frag, h.fragmentation());
                        failures = Math.max(failures, h.failures());
                    }
                }
                if (now - lastProgress > TimeUnit.MILLISECONDS.toNanos(200)) {
                    progress.accept(Math.min(1.0, (now - start) / (double) (end - start)));
                    lastProgress = now;
                }
                Thread.sleep(2);
            }
            for (Thread t : callers) {
                t.join();
            }
            bystander.join();
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.accept(1.0);
            long[] lat = Arrays.copyOf(byst, bystCount[0]);
            Arrays.sort(lat);
            Map<String, Long> counted = new TreeMap<>();
            results.forEach((k, v) -> counted.put(k, v.sum()));
            return new Result(c, counted, process.sum(), seconds, world.stats().panics() - panicsBefore, firstPanic.get(), lat,
                    bystFailures.sum(), peakWaiting, peakBusy, samples == 0 ? 0 : busySum / (double) samples, heapPeak, heapSize,
                    frag, failures, seedClient.flowStats());
        }
    }

    /** One caller of the pool: session per task, a few requests each, until the end of the run. */
    private static void callerLoop(Context ctx, Config c, int id, long end, CountDownLatch go,
                                   Map<String, LongAdder> results, LongAdder process) {
        byte[] request = new byte[64 + (id * 37) % 512];
        Arrays.fill(request, (byte) id);
        byte[] response = new byte[SeedTa.RESPONSE_SIZE];
        Operation open = Operation.create();
        Operation op = Operation.create();
        awaitQuietly(go);
        while (System.nanoTime() - end < 0) {
            Session s;
            try {
                s = ctx.openSession(SEED, Login.PUBLIC, null, open.value(0, ParamType.VALUE_INPUT, c.mode(), 0));
                count(results, TeeResult.SUCCESS.name(), null);
            } catch (TeeException e) {
                count(results, e.result().name(), e.origin().name());
                continue;
            }
            try {
                for (int i = 0; i < c.callsPerTask() && System.nanoTime() - end < 0; i++) {
                    op.tempMemref(0, ParamType.MEMREF_INPUT, request).tempMemref(1, ParamType.MEMREF_OUTPUT, response);
                    try {
                        s.invoke(SeedTa.CMD_PROCESS, op);
                        process.increment();
                        count(results, TeeResult.SUCCESS.name(), null);
                    } catch (TeeException e) {
                        count(results, e.result().name(), e.origin().name());
                        if (e.result().equals(TeeResult.TARGET_DEAD)) {
                            break; // the session's instance is gone: start a new task
                        }
                    }
                }
            } finally {
                s.close();
            }
        }
    }

    private static void count(Map<String, LongAdder> results, String result, String origin) {
        results.computeIfAbsent(origin == null ? result : result + " / " + origin, k -> new LongAdder()).increment();
    }

    private static void awaitQuietly(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }
    }
}
