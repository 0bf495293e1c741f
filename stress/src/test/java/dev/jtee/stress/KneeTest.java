package dev.jtee.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class KneeTest {

    /** A target modelled exactly: USL throughput in the closed model, capacity C in the open model. */
    private record ModelTarget(double capacity, UslFit closed) implements KneeFinder.StepRunner {
        @Override
        public StepResult runNoop(LoadModel model) {
            return fake(model, 0, 100 * capacity, 1, 1);
        }

        @Override
        public StepResult run(String phase, LoadModel model, int planned) {
            return switch (model) {
                case ClosedModel c -> fake(model, 0, closed.throughputAt(c.callers()), 1_000_000, 1_000_000);
                case OpenModel o -> {
                    double r = o.profile().meanRate();
                    double over = Math.max(0, r - capacity) / capacity;
                    // past capacity the backlog grows: the last quarter's median far above the first's
                    yield fake(model, r, Math.min(r, capacity), 1_000_000, (long) (1_000_000 + over * 5e8));
                }
            };
        }
    }

    private static int fakeIndex;

    static StepResult fake(LoadModel model, double offered, double achieved, long firstP50, long lastP50) {
        long n = (long) (achieved * model.duration().toNanos() / 1e9);
        int index = ++fakeIndex;
        StepResult s = new StepResult(index, "x", model, offered, offered > 0 ? (long) (offered * model.duration().toNanos() / 1e9) : 0, n, n, 0,
                model.duration().toNanos() / 1e9, achieved, List.of(new OutcomeCount(Outcome.SUCCESS, n)), Latency.EMPTY, Latency.EMPTY,
                Latency.EMPTY, new Histogram(3), new Histogram(3), List.of(), new LittlesLaw(1, 1, 1), firstP50, lastP50,
                Saturation.SUSTAINED, "", "", workersOf(model), 0);
        Saturation sat = SaturationRule.DEFAULT.judge(s);
        return new StepResult(index, "x", model, offered, s.scheduled(), n, n, 0, s.elapsedSeconds(), achieved, s.outcomes(), Latency.EMPTY,
                Latency.EMPTY, Latency.EMPTY, s.correctedHistogram(), s.uncorrectedHistogram(), List.of(), s.little(), firstP50, lastP50,
                sat, "", "", workersOf(model), 0);
    }

    static int workersOf(LoadModel model) {
        return model instanceof OpenModel o ? o.workers() : ((ClosedModel) model).callers();
    }

    @Test
    void findsTheCapacityOfAModelledTargetAndItsUslParameters() {
        UslFit truth = new UslFit(10_000, 0.08, 0.003, 1, List.of());
        // the open model's capacity agrees with the closed steps' best (54.8 k/s at 16 callers), as for a real target
        double capacity = 54_000;
        KneeResult k = new KneeFinder(new ModelTarget(capacity, truth), KneeOptions.defaults()).find();
        assertTrue(k.knee() <= capacity && capacity < k.saturatedAt(), k.verdict());
        assertTrue((k.saturatedAt() - k.knee()) / k.knee() <= 0.05, k.verdict());
        assertEquals(capacity, k.knee(), capacity * 0.05);
        assertNotNull(k.kneeStep());
        assertEquals(k.knee(), k.kneeStep().offered(), 1e-6);
        // 8 closed steps and the generator's own step on a no-op target
        assertEquals(9, k.steps().stream().filter(s -> s.model() instanceof ClosedModel).count());
        UslFit fit = k.usl();
        assertNotNull(fit, k.uslNote());
        assertEquals(10_000, fit.lambda(), 1);
        assertEquals(0.08, fit.sigma(), 1e-5);
        assertEquals(0.003, fit.kappa(), 1e-6);
        assertTrue(k.verdict().startsWith("knee at"), k.verdict());
        assertEquals(Confidence.Level.HIGH, k.confidence().level(), k.verdict());
        assertEquals(100 * capacity / k.knee(), k.confidence().generatorHeadroom(), 1e-6);
        assertTrue(k.verdict().contains("confidence high") && k.verdict().contains("generator headroom"), k.verdict());
    }

    @Test
    void aPoorUslFitIsNotPresentedAsAPrediction() {
        // closed throughput that zig-zags: the fit's R² is far below 0.9
        KneeFinder.StepRunner zigzag = new KneeFinder.StepRunner() {
            final ModelTarget open = new ModelTarget(5000, new UslFit(1000, 0, 0, 1, List.of()));

            @Override
            public StepResult run(String phase, LoadModel model, int planned) {
                if (model instanceof ClosedModel c) {
                    return fake(model, 0, c.callers() % 2 == 0 ? 4000 : 800, 1_000_000, 1_000_000);
                }
                return open.run(phase, model, planned);
            }

            @Override
            public StepResult runNoop(LoadModel model) {
                return open.runNoop(model);
            }
        };
        KneeResult k = new KneeFinder(zigzag, KneeOptions.defaults()).find();
        assertNotNull(k.usl());
        assertTrue(k.usl().rSquared() < Confidence.USL_MIN_R2, "R² " + k.usl().rSquared());
        assertFalse(k.uslTrusted());
        assertTrue(k.uslNote().startsWith("poor fit (R²"), k.uslNote());
        assertTrue(k.verdict().contains("USL R² "), k.verdict());
        String table = Report.table(new StressReport(java.util.Map.of(), "model", k.steps(), k));
        assertTrue(table.contains("poor fit"), table);
        assertFalse(table.contains("USL max"), table);
    }

    @Test
    void comesDownWhenTheFirstStepAlreadySaturates() {
        UslFit truth = new UslFit(1000, 0.0, 0.0, 1, List.of());
        KneeResult k = new KneeFinder(new ModelTarget(300, truth), KneeOptions.defaults().withStartRate(2000)).find();
        assertTrue(k.knee() <= 300 && k.knee() >= 300 * 0.9, k.verdict());
        assertTrue(k.saturatedAt() > 300);
    }

    @Test
    void saysSoWhenNothingSaturates() {
        UslFit truth = new UslFit(1000, 0.0, 0.0, 1, List.of());
        KneeOptions o = new KneeOptions(Duration.ofSeconds(1), KneeOptions.DEFAULT_CALLERS, 4, Arrivals.UNIFORM, 100, 2, 0.05, 5, 4,
                Duration.ofSeconds(1), true, KneeFinder.MAX_WORKERS);
        KneeResult k = new KneeFinder(new ModelTarget(1e12, truth), o).find();
        assertEquals(1600, k.knee(), 1e-6);
        assertTrue(Double.isNaN(k.saturatedAt()));
        assertTrue(k.verdict().startsWith("cannot tell the knee: not saturated up to"), k.verdict());
        assertEquals(Confidence.Level.CANNOT_TELL, k.confidence().level());
    }

    @Test
    void noUslFitFromFewerThanSixClosedSteps() {
        UslFit truth = new UslFit(1000, 0.1, 0.01, 1, List.of());
        KneeResult k = new KneeFinder(new ModelTarget(500, truth), KneeOptions.defaults().withClosedCallers(List.of(1, 2, 4))).find();
        assertNull(k.usl());
        assertTrue(k.uslNote().contains("≥ 6"), k.uslNote());
    }

    @Test
    @Tag("realtime")  // on a loaded machine the simulated service itself slows down; the modelled test above is the default check
    void findsASimulatedServicesCapacityWithinTenPercent() {
        // real threads, real time: a 2-server service of 2000 calls/s, 0.5 s steps
        double capacity = 2000;
        Target sim = Target.simulated(capacity, 2);
        List<String> seen = new ArrayList<>();
        Stress stress = Stress.builder(sim).listener(new StressListener() {
            @Override
            public void stepFinished(StepResult r) {
                seen.add(r.index() + " " + r.model().describe() + " → " + Format.rate(r.achieved()) + " " + r.saturation().reasons());
            }
        }).build();
        KneeOptions o = KneeOptions.defaults().withStepDuration(Duration.ofMillis(500)).withClosedCallers(List.of(1, 2, 3, 4, 6, 8))
                .withOpenWorkers(12).withGrace(Duration.ofMillis(250));
        KneeResult k = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> stress.findKnee(o));
        assertEquals(capacity, k.knee(), capacity * 0.10, k.verdict() + "\n" + String.join("\n", seen));
        assertTrue(k.closedPeak() <= capacity * 1.02, "closed peak " + k.closedPeak());
        assertNotNull(k.usl(), k.uslNote());
        assertEquals(k.steps(), stress.steps());
        assertEquals(stress.report().knee(), k);
    }
}
