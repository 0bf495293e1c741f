package dev.jtee.stress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The knee search of {@link Stress#findKnee}, over any way of running a step (tests use a model).
 * Its first duty is never to report the generator's limit as the target's: it measures the
 * generator on a no-op target in the same run, sizes the open steps' threads by Little's law, sets
 * apart the steps the generator limited, and says "cannot tell" when the evidence is weak.
 */
final class KneeFinder {
    /** Runs one step of the search. */
    interface StepRunner {
        StepResult run(String phase, LoadModel model, int plannedSteps);

        /** Runs {@code model} against a target that does nothing: the generator's own ceiling. */
        StepResult runNoop(LoadModel model);
    }

    /** Calls started later than this (p99) mean the step did not get the load it was meant to. */
    static final long LATE_BOUND_NANOS = 1_000_000;
    /** More than this share of scheduled calls never started, likewise. */
    static final double MAX_MISSED = 0.001;
    /** Open threads: Little's law's calls in progress (rate × latency) times this, plus two. */
    static final double LITTLE_MARGIN = WorkerSizing.MARGIN;
    /** The default bound of sized open threads. */
    static final int MAX_WORKERS = 512;
    /**
     * A knee further than this share from the closed steps' best throughput, measured in the same
     * run, disagrees with it: below, the open steps were held back elsewhere; above, the closed
     * steps did not reach the target's limit. Either way the search cannot tell.
     */
    static final double CLOSED_AGREEMENT = 0.10;

    private final StepRunner runner;
    private final KneeOptions options;
    private final List<StepResult> steps = new ArrayList<>();
    private final List<Integer> generatorLimited = new ArrayList<>();
    /** The target's unloaded median latency (best closed step), ns. */
    private long baselineP50 = Long.MAX_VALUE;
    /** The latency Little's law sizes the open threads by, seconds. */
    private double latency;

    KneeFinder(StepRunner runner, KneeOptions options) {
        this.runner = runner;
        this.options = options;
    }

    KneeResult find() {
        Duration d = options.stepDuration();
        double peak = 0;
        double bestLatency = Double.NaN;
        List<UslFit.Point> points = new ArrayList<>();
        int planned = options.closedCallers().size();
        int threads = options.openWorkers();
        for (int callers : options.closedCallers()) {
            StepResult r = runner.run("closed", ClosedModel.of(callers, d), planned);
            steps.add(r);
            threads = Math.max(threads, callers);
            if (r.completed() > 0) {
                points.add(new UslFit.Point(callers, r.goodput()));
                baselineP50 = Math.min(baselineP50, r.uncorrected().p50());
                if (Double.isNaN(bestLatency) || r.uncorrected().mean() < bestLatency) {
                    bestLatency = r.uncorrected().mean();
                }
            }
            peak = Math.max(peak, r.goodput());
        }
        latency = Double.isNaN(bestLatency) ? 0 : bestLatency / 1e9;
        // the generator alone, with as many threads as the closed steps had
        StepResult noop = runner.runNoop(ClosedModel.of(threads, d));
        steps.add(noop);
        double ceiling = noop.completed() > 0 ? noop.achieved() : Double.NaN;

        UslFit usl = null;
        String uslNote = "";
        try {
            usl = UslFit.fit(points);
            if (usl.rSquared() < Confidence.USL_MIN_R2) {
                uslNote = String.format(java.util.Locale.ROOT, "poor fit (R² %.3f < %.1f): not a prediction", usl.rSquared(), Confidence.USL_MIN_R2);
            }
        } catch (IllegalArgumentException e) {
            uslNote = e.getMessage();
        } catch (RuntimeException e) {
            uslNote = "the fit did not converge: " + e.getMessage();
        }

        double rate = options.startRate() > 0 ? options.startRate() : Math.max(1, peak / 2);
        double good = Double.NaN;
        double bad = Double.NaN;
        double limitedAt = Double.NaN;
        StepResult goodStep = null;
        for (int i = 0; i < options.maxOpenSteps() && Double.isNaN(bad); i++) {
            StepResult r = open(rate);
            if (generatorLimited.contains(r.index())) {
                limitedAt = rate;
                break;
            }
            if (r.saturation().saturated()) {
                bad = rate;
            } else {
                good = rate;
                goodStep = r;
                rate *= options.growth();
            }
        }
        // the first open step already saturated: come down until one holds
        for (int i = 0; i < 6 && Double.isNaN(good) && !Double.isNaN(bad) && Double.isNaN(limitedAt); i++) {
            rate = bad / 2;
            StepResult r = open(rate);
            if (generatorLimited.contains(r.index())) {
                limitedAt = rate;
            } else if (r.saturation().saturated()) {
                bad = rate;
            } else {
                good = rate;
                goodStep = r;
            }
        }
        for (int i = 0; i < options.maxRefineSteps() && !Double.isNaN(good) && !Double.isNaN(bad) && Double.isNaN(limitedAt)
                && (bad - good) / good > options.precision(); i++) {
            double mid = (good + bad) / 2;
            StepResult r = open(mid);
            if (generatorLimited.contains(r.index())) {
                limitedAt = mid;
            } else if (r.saturation().saturated()) {
                bad = mid;
            } else {
                good = mid;
                goodStep = r;
            }
        }
        double offeredMost = Double.isNaN(bad) ? (Double.isNaN(limitedAt) ? good : limitedAt) : bad;
        Confidence c = confidence(good, bad, limitedAt, goodStep, ceiling, peak, offeredMost, usl);
        return new KneeResult(good, goodStep, bad, peak, usl, uslNote, steps, generatorLimited, c, verdict(good, bad, limitedAt, c));
    }

    private Confidence confidence(double good, double bad, double limitedAt, StepResult goodStep, double ceiling, double closedPeak,
                                  double offeredMost, UslFit usl) {
        List<String> why = new ArrayList<>();
        Confidence.Level level = Confidence.Level.HIGH;
        double headroom = ceiling / (Double.isNaN(good) ? offeredMost : good);
        if (Double.isNaN(good) || Double.isNaN(bad)) {
            level = Confidence.Level.CANNOT_TELL;
        }
        if (!Double.isNaN(limitedAt)) {
            StepResult s = stepAt(limitedAt);
            why.add("the generator could not offer " + Format.rate(limitedAt) + " (" + (s.generatorNote().isEmpty() ? "calls started late" : s.generatorNote()) + ")");
        } else if (!generatorLimited.isEmpty()) {
            level = lower(level, Confidence.Level.LOW);
            why.add(generatorLimited.size() + " open step(s) limited by the generator, run again");
        }
        if (Double.isNaN(headroom)) {
            level = lower(level, Confidence.Level.LOW);
            why.add("the generator's own ceiling was not measured");
        } else if (headroom < Confidence.MIN_HEADROOM) {
            level = lower(level, headroom < 1.2 ? Confidence.Level.CANNOT_TELL : Confidence.Level.LOW);
            why.add("the generator alone (no-op target) reaches only " + Format.rate(ceiling) + ", "
                    + String.format(java.util.Locale.ROOT, "%.1f×", headroom) + " the rate measured");
        }
        if (!Double.isNaN(good) && !Double.isNaN(bad) && closedPeak > 0 && Math.abs(good / closedPeak - 1) > CLOSED_AGREEMENT) {
            level = lower(level, Confidence.Level.CANNOT_TELL);
            why.add("the closed steps of the same run reached " + Format.rate(closedPeak) + ", "
                    + (good < closedPeak ? "more" : "less") + " than the open steps sustained (" + Format.percent(good / closedPeak - 1)
                    + "; they agree within ±" + Format.percent(CLOSED_AGREEMENT) + " when both measure the target)");
        }
        double little = Double.NaN;
        if (goodStep != null) {
            little = goodStep.little().ratio();
            if (!goodStep.little().consistent()) {
                level = lower(level, Confidence.Level.LOW);
                why.add("Little's law does not hold at the knee (sampled " + String.format(java.util.Locale.ROOT, "%.2f", goodStep.little().sampled())
                        + " calls in progress, predicted " + String.format(java.util.Locale.ROOT, "%.2f", goodStep.little().predicted()) + ")");
            }
        }
        return new Confidence(level, ceiling, headroom, little, usl == null ? Double.NaN : usl.rSquared(), why);
    }

    private static Confidence.Level lower(Confidence.Level a, Confidence.Level b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    private String verdict(double good, double bad, double limitedAt, Confidence c) {
        String seen;
        if (Double.isNaN(good)) {
            seen = Double.isNaN(bad) ? "no open step measured the target" : "even " + Format.rate(bad) + " saturated (" + reasons(bad) + ")";
        } else if (Double.isNaN(bad)) {
            seen = "not saturated up to " + Format.rate(good);
        } else {
            seen = Format.rate(good) + " sustained; " + Format.rate(bad) + " saturated (" + reasons(bad) + ")";
        }
        String why = c.reasons().isEmpty() ? "" : String.join("; ", c.reasons()) + "; ";
        if (c.level() == Confidence.Level.CANNOT_TELL) {
            return "cannot tell the knee: " + why + seen + " [" + c.evidence() + "]";
        }
        return "knee at " + Format.rate(good) + " (confidence " + c.level() + ": " + why + c.evidence() + "); "
                + Format.rate(bad) + " saturated (" + reasons(bad) + ")";
    }

    private String reasons(double rate) {
        return String.join("; ", stepAt(rate).saturation().reasons());
    }

    /** The step run at {@code rate}: a saturated one when the rate was run twice, else the latest. */
    private StepResult stepAt(double rate) {
        StepResult found = null;
        for (StepResult s : steps) {
            if (s.model() instanceof OpenModel && s.offered() > 0 && Math.abs(s.offered() - rate) <= 1e-6 * rate
                    && (found == null || !found.saturation().saturated())) {
                found = s;
            }
        }
        return found != null ? found : steps.getLast();
    }

    /**
     * Whether the generator, not the target, held the step back: calls started late beyond the
     * bound or never started, while the generator's threads were not all waiting in the target
     * and the target answered about as fast as when unloaded. A target that holds every thread, is
     * slow, or refuses calls is the limit itself.
     */
    boolean generatorLimited(StepResult r, int workers) {
        boolean late = r.lateness().count() > 0 && r.lateness().p99() > LATE_BOUND_NANOS;
        boolean missed = r.scheduled() > 0 && r.missed() > MAX_MISSED * r.scheduled();
        if (!late && !missed) {
            return false;
        }
        if (r.completed() > 0 && r.errors() > 0.01 * r.completed()) {
            return false;
        }
        boolean threadsHeld = r.little().sampled() >= 0.5 * workers;
        boolean targetSlow = baselineP50 != Long.MAX_VALUE && r.uncorrected().count() > 0 && r.uncorrected().p50() > 2 * baselineP50;
        return !threadsHeld && !targetSlow;
    }

    /**
     * Open threads for {@code rate}: as many as the options fix, else sized as the step runs (up to
     * the options' most), starting from Little's law on the latency seen so far.
     */
    OpenModel model(double rate) {
        RateProfile p = RateProfile.constant(rate, options.stepDuration());
        long seed = steps.size() + 1L;
        if (options.openWorkers() > 0) {
            return new OpenModel(p, options.arrivals(), options.openWorkers(), options.grace(), seed);
        }
        int max = options.maxOpenWorkers();
        return OpenModel.sized(p, options.arrivals(), max, options.grace(), seed)
                .withFirstWorkers(Math.min(WorkerSizing.little(rate, latency), max));
    }

    /**
     * Runs an open step at {@code rate}; a saturated or generator-limited step is run once more and
     * believed only if the second run is no better, so that one hiccup of the machine (a GC,
     * another process) does not end the search early.
     */
    private StepResult open(double rate) {
        StepResult r = openOnce(rate);
        if (!clean(r) && options.confirmSaturation()) {
            StepResult again = openOnce(rate);
            if (clean(again)) {
                generatorLimited.remove(Integer.valueOf(r.index()));
                return again;
            }
            if (generatorLimited.contains(r.index()) && !generatorLimited.contains(again.index())) {
                return again; // the second run saturated: believe the target's limit
            }
        }
        return r;
    }

    private boolean clean(StepResult r) {
        return !r.saturation().saturated() && !generatorLimited.contains(r.index());
    }

    private StepResult openOnce(double rate) {
        StepResult r = runner.run("open", model(rate), 0);
        steps.add(r);
        if (generatorLimited(r, r.workers())) {
            generatorLimited.add(r.index());
        } else if (!r.saturation().saturated() && r.uncorrected().count() > 0) {
            latency = Math.max(latency, r.uncorrected().mean() / 1e9);
        }
        return r;
    }
}
