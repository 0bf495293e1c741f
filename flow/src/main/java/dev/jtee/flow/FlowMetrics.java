package dev.jtee.flow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The limiter's Micrometer meters, all created up front so that recording allocates nothing.
 * With no registry every method is a no-op. Thread-safe (Micrometer meters are).
 */
final class FlowMetrics {
    private final Timer waitTimer;                 // null when disabled
    private final Counter[][] rejections;          // [partition][Admission ordinal], null when disabled

    FlowMetrics(MeterRegistry registry, String name, Limiter limiter, Partition[] partitions) {
        if (registry == null) {
            waitTimer = null;
            rejections = null;
            return;
        }
        Tags base = Tags.of("limiter", name);
        Gauge.builder("jtee.flow.limit", limiter, Limiter::limit).tags(base)
                .description("current concurrency limit").register(registry);
        Gauge.builder("jtee.flow.inflight", limiter, Limiter::inFlight).tags(base)
                .description("permits held").register(registry);
        Gauge.builder("jtee.flow.queue.depth", limiter, Limiter::queueDepth).tags(base)
                .description("callers waiting for a permit").register(registry);
        waitTimer = Timer.builder("jtee.flow.wait").tags(base)
                .description("time spent waiting in the queue by acquires that queued").register(registry);
        Admission[] reasons = Admission.values();
        rejections = new Counter[partitions.length][reasons.length];
        for (Partition p : partitions) {
            Gauge.builder("jtee.flow.partition.inflight", p, Partition::inFlight)
                    .tags(base.and("partition", p.name())).register(registry);
            for (Admission r : reasons) {
                if (r == Admission.GRANTED) continue;
                rejections[p.index][r.ordinal()] = Counter.builder("jtee.flow.rejections")
                        .tags(base.and("partition", p.name(), "reason", r.name()))
                        .description("acquires refused").register(registry);
            }
        }
    }

    void rejected(Partition p, Admission reason) {
        if (rejections == null) return;
        Counter[] c = p.dynamic ? p.rejections : rejections[p.index];
        c[reason.ordinal()].increment();
    }

    /** The meters of a dynamic partition, created with it (its name is the partition tag). */
    void register(Partition p, MeterRegistry registry, String name) {
        if (rejections == null) return;
        Tags base = Tags.of("limiter", name);
        java.util.List<io.micrometer.core.instrument.Meter> meters = new java.util.ArrayList<>();
        meters.add(Gauge.builder("jtee.flow.partition.inflight", p, Partition::inFlight)
                .tags(base.and("partition", p.name())).register(registry));
        Admission[] reasons = Admission.values();
        p.rejections = new Counter[reasons.length];
        for (Admission r : reasons) {
            if (r == Admission.GRANTED) continue;
            Counter c = Counter.builder("jtee.flow.rejections").tags(base.and("partition", p.name(), "reason", r.name()))
                    .description("acquires refused").register(registry);
            p.rejections[r.ordinal()] = c;
            meters.add(c);
        }
        p.meters = meters;
    }

    /** Removes a dropped dynamic partition's meters: a client that comes and goes leaves none behind. */
    void unregister(Partition p, MeterRegistry registry) {
        if (p.meters == null) return;
        for (io.micrometer.core.instrument.Meter m : p.meters) {
            registry.remove(m);
        }
        p.meters = null;
    }

    void waited(long nanos) {
        if (waitTimer != null) waitTimer.record(Math.max(0L, nanos), TimeUnit.NANOSECONDS);
    }
}
