package dev.jtee.stress;

import dev.jtee.client.FlowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The stress tool's entry point: runs load models against a {@link Target} and keeps every step
 * for the {@linkplain #report() report}. Not thread-safe: one run at a time.
 *
 * <pre>{@code
 * Stress stress = Stress.builder(Target.session(session, 0, OperationTemplate.builder().value(1, 0).build()))
 *         .flowStats(context::flowStats)
 *         .build();
 * KneeResult knee = stress.findKnee(KneeOptions.defaults());
 * Report.write(Path.of("out"), stress.report());
 * }</pre>
 */
public final class Stress {
    private final Target target;
    private final Ticker ticker;
    private final Supplier<FlowStats> flow;
    private final Duration interval;
    private final StressListener listener;
    private final SaturationRule rule;
    private final Map<String, String> metadata;
    private final List<StepResult> steps = new ArrayList<>();
    private final long runStart;
    private KneeResult knee;

    private Stress(Builder b) {
        target = b.target;
        ticker = b.ticker;
        flow = b.flow;
        interval = b.interval;
        listener = b.listener;
        rule = b.rule;
        metadata = new LinkedHashMap<>(b.metadata);
        runStart = ticker.nanoTime();
    }

    public static Builder builder(Target target) {
        return new Builder(target);
    }

    /** Runs {@code model} once as the next step. */
    public StepResult run(LoadModel model) {
        return step(target, "run", model, 0);
    }

    /**
     * Steps the load up until the target saturates and reports the knee (the highest sustained
     * rate) and a USL fit of the closed steps; see {@link KneeOptions}.
     */
    public KneeResult findKnee(KneeOptions options) {
        int first = steps.size();
        KneeResult r = new KneeFinder(new KneeFinder.StepRunner() {
            @Override
            public StepResult run(String phase, LoadModel model, int planned) {
                return step(target, phase, model, planned == 0 ? 0 : first + planned);
            }

            @Override
            public StepResult runNoop(LoadModel model) {
                return step(Target.noop(), "generator", model, 0);
            }
        }, options).find();
        knee = r;
        return r;
    }

    private StepResult step(Target target, String phase, LoadModel model, int planned) {
        int index = steps.size() + 1;
        listener.stepStarted(index, planned, phase, model);
        LoadGenerator g = new LoadGenerator(target, ticker, flow, interval == null ? 0 : interval.toNanos(), listener, rule, runStart);
        StepResult r = g.run(index, phase, model);
        steps.add(r);
        listener.stepFinished(r);
        return r;
    }

    /** Every step so far, in order. */
    public List<StepResult> steps() {
        return List.copyOf(steps);
    }

    /** Everything so far, for {@link Report}. */
    public StressReport report() {
        return new StressReport(metadata, target.describe(), steps(), knee);
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private final Target target;
        private Ticker ticker = Ticker.system();
        private Supplier<FlowStats> flow;
        private Duration interval;
        private StressListener listener = StressListener.NONE;
        private SaturationRule rule = SaturationRule.DEFAULT;
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Builder(Target target) {
            this.target = Objects.requireNonNull(target, "target");
            metadata.putAll(StressReport.systemMetadata());
        }

        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker);
            return this;
        }

        /** Where in-flight, limit and queue depth come from (e.g. {@code context::flowStats}); none by default. */
        public Builder flowStats(Supplier<FlowStats> flow) {
            this.flow = flow;
            return this;
        }

        /** Length of a sampling interval; by default a twentieth of each step (10 ms – 1 s). */
        public Builder interval(Duration interval) {
            this.interval = interval;
            return this;
        }

        public Builder listener(StressListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public Builder saturationRule(SaturationRule rule) {
            this.rule = Objects.requireNonNull(rule);
            return this;
        }

        /** A line of run metadata for the report (world config, flow config, …). */
        public Builder metadata(String key, String value) {
            metadata.put(key, value);
            return this;
        }

        public Stress build() {
            return new Stress(this);
        }
    }
}
