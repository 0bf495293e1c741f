package dev.jtee.daemon;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.core.InstanceInfo;
import dev.jtee.core.PanicReport;
import dev.jtee.core.SecureWorld;
import dev.jtee.core.WorldStats;
import dev.jtee.wire.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's {@code jtee.*} meters in a Prometheus registry: invocations by TA / command /
 * result, latency per TA (p50, p90, p99; and as histogram buckets, which aggregate), the JVM's meters, the secure world's threads, RAM, instances, sessions,
 * TA heaps and panics, the daemon's connections and refused frames; the flow limiter adds its own
 * {@code jtee.flow.*}. Also keeps the last panics with their dumps for the dashboard.
 * Thread-safe; recording an invocation allocates only the first time a (TA, command, result) is seen.
 */
final class DaemonMetrics {
    static final int PANICS_KEPT = 20;

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics jvmGc = new JvmGcMetrics();
    private final SecureWorld world;
    private final Map<TeeUuid, TaMeters> tas = new ConcurrentHashMap<>();
    private final Map<String, HeapGauges> heaps = new ConcurrentHashMap<>();
    private final ArrayDeque<Panic> panics = new ArrayDeque<>();
    private final Counter[] refused = new Counter[ErrorCode.values().length];
    final AtomicInteger connections = new AtomicInteger();
    final Counter slowReaders;
    private volatile WorldStats stats;
    private volatile long statsAt;

    /** A panic as the dashboard shows it. */
    record Panic(long epochMillis, String ta, String uuid, int code, List<String> lines) {
    }

    /** The meters of one TA. */
    final class TaMeters {
        final String name;
        final Timer latency;
        final Timer duration;
        private final Map<Long, Counter> invocations = new ConcurrentHashMap<>();
        volatile Last last;

        TaMeters(String name) {
            this.name = name;
            this.latency = Timer.builder("jtee.invoke.latency").tag("ta", name)
                    .description("time an invoke spends in the daemon (queue + secure world)")
                    .publishPercentiles(0.5, 0.9, 0.99)
                    .distributionStatisticExpiry(Duration.ofSeconds(10)).distributionStatisticBufferLength(2)
                    .register(registry);
            // the same as histogram buckets: quantiles cannot be summed over TAs or daemons, buckets can
            // (Prometheus's text format carries either quantiles or buckets for one name, not both)
            this.duration = Timer.builder("jtee.invoke.duration").tag("ta", name)
                    .description("time an invoke spends in the daemon (queue + secure world), as histogram buckets")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(1_000)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry);
        }

        Counter invocation(int command, int result) {
            Last l = last;
            if (l != null && l.command == command && l.result == result) {
                return l.counter;
            }
            long key = (long) command << 32 | (result & 0xFFFFFFFFL);
            Counter c = invocations.get(key);
            if (c == null) {
                c = invocations.computeIfAbsent(key, k -> Counter.builder("jtee.invocations")
                        .tags("ta", name, "command", Integer.toUnsignedString(command), "result", TeeResult.of(result).name())
                        .description("invokes answered, by TA, command and result").register(registry));
            }
            last = new Last(command, result, c);
            return c;
        }
    }

    record Last(int command, int result, Counter counter) {
    }

    /** Per-TA heap figures, summed over its instances at the last refresh. */
    static final class HeapGauges {
        volatile double used;
        volatile double size;
        volatile double fragmentation;
        volatile double instances;
    }

    DaemonMetrics(SecureWorld world) {
        this.world = world;
        Gauge.builder("jtee.secure.threads", this, m -> m.stats().secureThreads()).description("secure threads (CFG_NUM_THREADS)").register(registry);
        Gauge.builder("jtee.secure.threads.busy", this, m -> m.stats().threadsBusy()).description("secure threads carrying a call").register(registry);
        Gauge.builder("jtee.secure.ram.budget", this, m -> m.stats().secureRamBudget()).baseUnit("bytes").register(registry);
        Gauge.builder("jtee.secure.ram.used", this, m -> m.stats().secureRamUsed()).baseUnit("bytes").register(registry);
        Gauge.builder("jtee.instances", this, m -> m.stats().instances()).description("TA instances alive").register(registry);
        Gauge.builder("jtee.sessions", this, m -> m.stats().sessions()).description("sessions open").register(registry);
        Gauge.builder("jtee.daemon.connections", connections, AtomicInteger::get).description("client connections").register(registry);
        slowReaders = Counter.builder("jtee.daemon.slow.readers")
                .description("connections cut off because they did not read their answers in time").register(registry);
        for (ErrorCode c : ErrorCode.values()) {
            refused[c.ordinal()] = Counter.builder("jtee.daemon.frames.refused").tag("code", c.name())
                    .description("requests or connections refused with an ERROR frame").register(registry);
        }
        world.onPanic(this::panicked);
        // the JVM's own: memory, GC, threads, classes, CPU, uptime and file descriptors
        new JvmMemoryMetrics().bindTo(registry);
        jvmGc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Stops listening to the JVM's garbage collections. */
    void close() {
        jvmGc.close();
    }

    /** The daemon's own health: whether it accepts, the buffer memory its clients hold. */
    void watch(Daemon daemon) {
        Gauge.builder("jtee.daemon.accepting", daemon, d -> d.accepting() ? 1 : 0)
                .description("1 while the daemon accepts connections, 0 once it cannot").register(registry);
        Gauge.builder("jtee.daemon.buffer", daemon, Daemon::bufferBytes).baseUnit("bytes")
                .description("buffer memory held for clients: frames being read, memrefs of calls in flight").register(registry);
    }

    /** One stats snapshot per 100 ms at most: every gauge of a scrape reads the same one. */
    WorldStats stats() {
        long now = System.nanoTime();
        WorldStats s = stats;
        if (s == null || now - statsAt > TimeUnit.MILLISECONDS.toNanos(100)) {
            stats = s = world.stats();
            statsAt = now;
        }
        return s;
    }

    TaMeters ta(TeeUuid uuid) {
        TaMeters m = tas.get(uuid);
        if (m == null) {
            String name = world.findTa(uuid.toString()).map(t -> t.name()).orElse(uuid.toString());
            m = tas.computeIfAbsent(uuid, u -> new TaMeters(name));
        }
        return m;
    }

    void invoked(SessionInfo s, int command, int result, long nanos) {
        TaMeters m = s.meters;
        m.invocation(command, result).increment();
        m.latency.record(nanos, TimeUnit.NANOSECONDS);
        m.duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    void refused(ErrorCode code) {
        refused[code.ordinal()].increment();
    }

    private void panicked(PanicReport r) {
        String name = world.findTa(r.uuid().toString()).map(t -> t.name()).orElse(r.uuid().toString());
        Counter.builder("jtee.panics").tag("ta", name).description("TA instances that died").register(registry).increment();
        synchronized (panics) {
            panics.addFirst(new Panic(System.currentTimeMillis(), name, r.uuid().toString(), r.code(), r.lines()));
            while (panics.size() > PANICS_KEPT) {
                panics.removeLast();
            }
        }
    }

    List<Panic> panics() {
        synchronized (panics) {
            return new ArrayList<>(panics);
        }
    }

    /** Reads the TA heaps (once per scrape) into their gauges. */
    void refreshHeaps() {
        Map<String, double[]> sums = new HashMap<>();
        for (InstanceInfo i : world.instances()) {
            double[] s = sums.computeIfAbsent(i.name(), k -> new double[4]);
            s[0] += i.heap().used();
            s[1] += i.heap().size();
            s[2] = Math.max(s[2], i.heap().fragmentation());
            s[3]++;
        }
        for (String ta : sums.keySet()) {
            heaps.computeIfAbsent(ta, this::registerHeap);
        }
        for (Map.Entry<String, HeapGauges> e : heaps.entrySet()) {
            double[] s = sums.getOrDefault(e.getKey(), new double[4]);
            HeapGauges g = e.getValue();
            g.used = s[0];
            g.size = s[1];
            g.fragmentation = s[2];
            g.instances = s[3];
        }
    }

    private HeapGauges registerHeap(String ta) {
        HeapGauges g = new HeapGauges();
        Gauge.builder("jtee.ta.heap.used", g, x -> x.used).tag("ta", ta).baseUnit("bytes")
                .description("TA heap bytes in live blocks, summed over instances").register(registry);
        Gauge.builder("jtee.ta.heap.size", g, x -> x.size).tag("ta", ta).baseUnit("bytes").register(registry);
        Gauge.builder("jtee.ta.heap.fragmentation", g, x -> x.fragmentation).tag("ta", ta)
                .description("1 - largest free block / free bytes, worst instance").register(registry);
        Gauge.builder("jtee.ta.instances", g, x -> x.instances).tag("ta", ta).register(registry);
        return g;
    }

    /** The Prometheus text exposition, heaps refreshed first. */
    String scrape() {
        refreshHeaps();
        return registry.scrape();
    }
}
