package dev.jtee.stress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The knee search of {@link Stress#findKnee}, over any way of running a step (tests use a model). */
final class KneeFinder {
    /** Runs one step of the search. */
    interface StepRunner {
        StepResult run(String phase, LoadModel model, int plannedSteps);
    }

    private final StepRunner runner;
    private final KneeOptions options;
    private int openWorkers;

    KneeFinder(StepRunner runner, KneeOptions options) {
        this.runner = runner;
        this.options = options;
    }

    KneeResult find() {
        List<StepResult> steps = new ArrayList<>();
        Duration d = options.stepDuration();
        double peak = 0;
        int bestCallers = 1;
        List<UslFit.Point> points = new ArrayList<>();
        int planned = options.closedCallers().size();
        for (int callers : options.closedCallers()) {
            StepResult r = runner.run("closed", ClosedModel.of(callers, d), planned);
            steps.add(r);
            if (r.achieved() > peak) {
                peak = r.achieved();
                bestCallers = callers;
            }
            if (r.completed() > 0) {
                points.add(new UslFit.Point(callers, r.achieved()));
            }
        }
        UslFit usl = null;
        String uslNote = "";
        try {
            usl = UslFit.fit(points);
        } catch (IllegalArgumentException e) {
            uslNote = e.getMessage();
        } catch (RuntimeException e) {
            uslNote = "the fit did not converge: " + e.getMessage();
        }

        openWorkers = options.openWorkers() > 0 ? options.openWorkers() : Math.max(2, 2 * bestCallers);
        double rate = options.startRate() > 0 ? options.startRate() : Math.max(1, peak / 2);
        double good = Double.NaN;
        double bad = Double.NaN;
        StepResult goodStep = null;
        for (int i = 0; i < options.maxOpenSteps() && Double.isNaN(bad); i++) {
            StepResult r = open(rate, steps);
            if (r.saturation().saturated()) {
                bad = rate;
            } else {
                good = rate;
                goodStep = r;
                rate *= options.growth();
            }
        }
        // the first open step already saturated: come down until one holds
        for (int i = 0; i < 6 && Double.isNaN(good) && !Double.isNaN(bad); i++) {
            rate = bad / 2;
            StepResult r = open(rate, steps);
            if (r.saturation().saturated()) {
                bad = rate;
            } else {
                good = rate;
                goodStep = r;
            }
        }
        for (int i = 0; i < options.maxRefineSteps() && !Double.isNaN(good) && !Double.isNaN(bad)
                && (bad - good) / good > options.precision(); i++) {
            double mid = (good + bad) / 2;
            StepResult r = open(mid, steps);
            if (r.saturation().saturated()) {
                bad = mid;
            } else {
                good = mid;
                goodStep = r;
            }
        }
        String verdict;
        if (Double.isNaN(good)) {
            verdict = "no knee: even " + Format.rate(bad) + " saturated (" + String.join("; ", steps.getLast().saturation().reasons()) + ")";
        } else if (Double.isNaN(bad)) {
            verdict = "not saturated up to " + Format.rate(good) + " (the search stopped after " + options.maxOpenSteps() + " open steps)";
        } else {
            verdict = "knee at " + Format.rate(good) + ": sustained there; " + Format.rate(bad) + " saturated ("
                    + String.join("; ", saturatedStep(steps, bad).saturation().reasons()) + ")";
        }
        return new KneeResult(good, goodStep, bad, peak, usl, uslNote, steps, verdict);
    }

    private static StepResult saturatedStep(List<StepResult> steps, double rate) {
        for (StepResult s : steps) {
            if (s.model() instanceof OpenModel && s.offered() > 0 && Math.abs(s.offered() - rate) <= 1e-6 * rate) {
                return s;
            }
        }
        return steps.getLast();
    }

    /**
     * Runs an open step at {@code rate}; a saturated step is run once more and counts as saturated
     * only if that one saturates too, so that one hiccup of the machine (a GC, another process)
     * does not end the search early.
     */
    private StepResult open(double rate, List<StepResult> steps) {
        StepResult r = openOnce(rate, steps);
        if (r.saturation().saturated() && options.confirmSaturation()) {
            StepResult again = openOnce(rate, steps);
            return again.saturation().saturated() ? r : again;
        }
        return r;
    }

    private StepResult openOnce(double rate, List<StepResult> steps) {
        OpenModel m = new OpenModel(RateProfile.constant(rate, options.stepDuration()), options.arrivals(), openWorkers,
                options.grace(), steps.size() + 1L);
        StepResult r = runner.run("open", m, 0);
        steps.add(r);
        return r;
    }
}
