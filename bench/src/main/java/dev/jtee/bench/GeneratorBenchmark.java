package dev.jtee.bench;

import dev.jtee.stress.OpenModel;
import dev.jtee.stress.StepResult;
import dev.jtee.stress.Stress;
import dev.jtee.stress.Target;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The stress generator's own ceiling: open-model steps of 1 s against a no-op target. Each
 * benchmark call runs one step (claim the next due call, wait for its time, call, record it in
 * HdrHistogram recorders) and counts the calls made ({@code calls}, per second) and the scheduled
 * calls it could not start ({@code missed}). With an offered rate far above the ceiling
 * ({@code 100000000}) the calls per second are the ceiling; at 1 M/s and 2 M/s, {@code missed} 0
 * means the generator keeps that rate. Each step's figures are also printed.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class GeneratorBenchmark {
    @Param({"1000000", "2000000", "100000000"})
    public double rate;

    @Param({"2"})
    public int workers;

    private Stress stress;

    /** Calls made and calls missed, reported per second of measurement. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counts {
        public long calls;
        public long missed;

        @Setup(Level.Iteration)
        public void reset() {
            calls = 0;
            missed = 0;
        }
    }

    @Setup
    public void setUp() {
        stress = Stress.builder(Target.noop()).build();
    }

    @Benchmark
    public StepResult openStep(Counts counts) {
        StepResult r = stress.run(OpenModel.constant(rate, Duration.ofSeconds(1), workers).withGrace(Duration.ZERO));
        counts.calls += r.completed();
        counts.missed += r.missed();
        System.out.printf(Locale.ROOT, "%n  step: offered %.0f/s, achieved %.0f/s, missed %d, late p99 %d ns, corrected p99 %d ns%n",
                rate, r.achieved(), r.missed(), r.lateness().p99(), r.corrected().p99());
        return r;
    }
}
