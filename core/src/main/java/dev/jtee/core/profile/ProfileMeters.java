package dev.jtee.core.profile;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A profile's numbers as Micrometer gauges, tagged {@code ta=<name>}: what a daemon or dashboard
 * shows next to the live {@link TaMeters}. Bytes unless said otherwise.
 * <ul>
 *   <li>{@code jtee.ta.stack.declared}, {@code .needed} (-1: unbounded), {@code .recommended},
 *       {@code .peak.frames};</li>
 *   <li>{@code jtee.ta.heap.declared}, {@code .needed}, {@code .recommended}, {@code .peak.used},
 *       {@code .peak.blocks} (blocks), {@code .leaked}, {@code .leaked.blocks} (blocks),
 *       {@code .fragmentation} (ratio at the end), {@code .churn} (commands that allocate and free
 *       on every call).</li>
 * </ul>
 */
public final class ProfileMeters implements MeterBinder {
    private final TaProfile profile;

    public ProfileMeters(TaProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("ta", profile.ta());
        gauge(registry, "jtee.ta.stack.declared", tags, "bytes", "declared TA_STACK_SIZE", p -> p.stack().declared());
        gauge(registry, "jtee.ta.stack.needed", tags, "bytes", "smallest modelled stack the profiled workload ran in (-1: unbounded)",
                p -> p.stack().needed());
        gauge(registry, "jtee.ta.stack.recommended", tags, "bytes", "needed stack plus the safety margin", p -> p.stack().recommended());
        gauge(registry, "jtee.ta.stack.peak.frames", tags, "frames", "frames on the deepest call stack", p -> p.stack().deepestFrames());
        gauge(registry, "jtee.ta.heap.declared", tags, "bytes", "declared TA_DATA_SIZE", p -> p.heap().declared());
        gauge(registry, "jtee.ta.heap.needed", tags, "bytes", "smallest heap the profiled workload ran in", p -> p.heap().needed());
        gauge(registry, "jtee.ta.heap.recommended", tags, "bytes", "needed heap plus the safety margin", p -> p.heap().recommended());
        gauge(registry, "jtee.ta.heap.peak.used", tags, "bytes", "most payload bytes live at once", p -> p.heap().peakUsed());
        gauge(registry, "jtee.ta.heap.peak.blocks", tags, "blocks", "most blocks live at once", p -> p.heap().peakLiveBlocks());
        gauge(registry, "jtee.ta.heap.leaked", tags, "bytes", "bytes never freed at destroy", p -> p.heap().leakedBytes());
        gauge(registry, "jtee.ta.heap.leaked.blocks", tags, "blocks", "blocks never freed at destroy", p -> p.heap().leaks().size());
        gauge(registry, "jtee.ta.heap.fragmentation", tags, null, "1 - largest free / free, at the end of the workload",
                p -> p.heap().end() == null ? 0 : p.heap().end().fragmentation());
        gauge(registry, "jtee.ta.heap.churn", tags, "commands", "commands that allocate and free on every call", p -> p.churn().size());
    }

    private void gauge(MeterRegistry r, String name, Tags tags, String unit, String description, ToDoubleFunction<TaProfile> f) {
        Gauge.Builder<TaProfile> b = Gauge.builder(name, profile, f).tags(tags).description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(r);
    }
}
