package dev.jtee.core.profile;

import dev.jtee.api.TeeUuid;
import dev.jtee.core.HeapStats;
import dev.jtee.core.InstanceInfo;
import dev.jtee.core.SecureWorld;
import dev.jtee.ta.TaManifest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Live stack and heap gauges of a world's TAs, tagged {@code ta=<name>}, read at each scrape (a
 * daemon binds this to its registry). Heap numbers add up (or take the maximum) over the TA's
 * live instances; the stack peak needs a world built with
 * {@link SecureWorld.Builder#strictStack(boolean)} and is -1 otherwise.
 * <ul>
 *   <li>{@code jtee.ta.stack.declared}, {@code jtee.ta.stack.peak} (highest modelled stack so far);</li>
 *   <li>{@code jtee.ta.heap.declared}, {@code jtee.ta.heap.used}, {@code jtee.ta.heap.peak.used},
 *       {@code jtee.ta.heap.live.blocks}, {@code jtee.ta.heap.fragmentation} (max),
 *       {@code jtee.ta.heap.failures} (allocations that returned NULL).</li>
 * </ul>
 */
public final class TaMeters implements MeterBinder {
    private final SecureWorld world;

    public TaMeters(SecureWorld world) {
        this.world = Objects.requireNonNull(world, "world");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (TaManifest m : world.tas()) {
            Tags tags = Tags.of("ta", m.name());
            TeeUuid uuid = m.uuid();
            gauge(registry, "jtee.ta.stack.declared", tags, "bytes", "declared TA_STACK_SIZE", w -> m.stackSize());
            gauge(registry, "jtee.ta.stack.peak", tags, "bytes", "highest modelled stack so far (-1: stacks not metered)",
                    w -> w.stackPeaks().getOrDefault(uuid, -1L));
            gauge(registry, "jtee.ta.heap.declared", tags, "bytes", "declared TA_DATA_SIZE", w -> m.dataSize());
            gauge(registry, "jtee.ta.heap.used", tags, "bytes", "payload bytes live, all instances", w -> sum(w, uuid, HeapStats::used));
            gauge(registry, "jtee.ta.heap.peak.used", tags, "bytes", "highest payload bytes live in one instance",
                    w -> max(w, uuid, HeapStats::peakUsed));
            gauge(registry, "jtee.ta.heap.live.blocks", tags, "blocks", "blocks live, all instances", w -> sum(w, uuid, HeapStats::liveBlocks));
            gauge(registry, "jtee.ta.heap.fragmentation", tags, null, "highest 1 - largest free / free of an instance",
                    w -> max(w, uuid, HeapStats::fragmentation));
            gauge(registry, "jtee.ta.heap.failures", tags, "allocations", "allocations that returned NULL, live instances",
                    w -> sum(w, uuid, HeapStats::failures));
        }
    }

    private static double sum(SecureWorld w, TeeUuid uuid, ToDoubleFunction<HeapStats> f) {
        double s = 0;
        for (InstanceInfo i : w.instances()) {
            if (i.uuid().equals(uuid)) {
                s += f.applyAsDouble(i.heap());
            }
        }
        return s;
    }

    private static double max(SecureWorld w, TeeUuid uuid, ToDoubleFunction<HeapStats> f) {
        double m = 0;
        for (InstanceInfo i : w.instances()) {
            if (i.uuid().equals(uuid)) {
                m = Math.max(m, f.applyAsDouble(i.heap()));
            }
        }
        return m;
    }

    private void gauge(MeterRegistry r, String name, Tags tags, String unit, String description, ToDoubleFunction<SecureWorld> f) {
        Gauge.Builder<SecureWorld> b = Gauge.builder(name, world, f).tags(tags).description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(r);
    }
}
