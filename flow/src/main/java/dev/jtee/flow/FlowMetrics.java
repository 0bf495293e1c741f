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
        if (rejections != null) rejections[p.index][reason.ordinal()].increment();
    }

    void waited(long nanos) {
        if (waitTimer != null) waitTimer.record(Math.max(0L, nanos), TimeUnit.NANOSECONDS);
    }
}
