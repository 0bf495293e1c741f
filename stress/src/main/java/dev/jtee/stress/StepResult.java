package dev.jtee.stress;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * What one step (one load model run for its duration) measured. Latencies in nanoseconds;
 * "corrected" counts from each call's intended start (open model), "uncorrected" from its actual
 * start; in the closed model both are from the actual start.
 *
 * @param index          step number in the run, from 1
 * @param phase          {@code run}, {@code closed} or {@code open} (knee search)
 * @param model          the load offered
 * @param offered        mean offered rate, calls/s (0 for the closed model)
 * @param scheduled      calls the schedule asked for (open model; 0 for closed)
 * @param started        calls started
 * @param completed      calls that returned
 * @param missed         scheduled calls never started (the generator could not keep the rate)
 * @param elapsedSeconds from the step's start to its last call's return
 * @param achieved       completed / elapsed, calls/s
 * @param outcomes       completed calls by result and origin
 * @param corrected      latency from the intended start
 * @param uncorrected    latency from the actual start
 * @param lateness       how late calls started (the generator's own lag plus waits for a free worker)
 * @param correctedHistogram   the whole step's corrected histogram, for re-analysis
 * @param uncorrectedHistogram the whole step's uncorrected histogram
 * @param intervals      the step over time
 * @param little         the Little's law check
 * @param firstQuarterP50 corrected median of calls completed in the first quarter of the step
 * @param lastQuarterP50  corrected median of calls completed in the last quarter
 * @param saturation     whether the load was sustained
 * @param generatorNote  a plain statement when the generator could not keep the rate, else empty
 * @param intervalLog    HdrHistogram interval log (.hlog text) of the step, tags "corrected" and "uncorrected"
 * @param workers        generator threads the step ran (an open step with sized workers: the most it grew to)
 * @param busyAtBound    open model: calls that found every worker the model allows busy and started late
 */
public record StepResult(int index, String phase, LoadModel model, double offered, long scheduled, long started, long completed,
                         long missed, double elapsedSeconds, double achieved, List<OutcomeCount> outcomes, Latency corrected,
                         Latency uncorrected, Latency lateness, Histogram correctedHistogram, Histogram uncorrectedHistogram,
                         List<Interval> intervals, LittlesLaw little, long firstQuarterP50, long lastQuarterP50,
                         Saturation saturation, String generatorNote, String intervalLog, int workers, long busyAtBound) {

    /**
     * Whether the bound on the open model's workers limited the step: calls found all of them busy
     * and the step's calls started late beyond the generator's own jitter (p99 above 1 ms).
     */
    public boolean workersLimited() {
        return model instanceof OpenModel && workersLimited(lateness, busyAtBound);
    }

    static boolean workersLimited(Latency lateness, long busyAtBound) {
        return busyAtBound > 0 && lateness.count() > 0 && lateness.p99() > KneeFinder.LATE_BOUND_NANOS;
    }

    /** Completed calls that did not end with TEE_SUCCESS. */
    public long errors() {
        long ok = 0;
        for (OutcomeCount o : outcomes) {
            if (o.isSuccess()) {
                ok += o.count();
            }
        }
        return completed - ok;
    }

    /** Completed calls that ended with TEE_SUCCESS, per second. */
    public double goodput() {
        return elapsedSeconds <= 0 ? 0 : (completed - errors()) / elapsedSeconds;
    }

    /** The callers (closed) or the kind of schedule (open), for tables. */
    public String load() {
        return switch (model) {
            case ClosedModel c -> c.callers() + (c.callers() == 1 ? " caller" : " callers")
                    + (c.thinkTime().isZero() ? "" : ", think " + Format.duration(c.thinkTime().toNanos()));
            case OpenModel o -> switch (o.profile()) {
                case RateProfile.Constant k -> "constant";
                case RateProfile.Ramp r -> "ramp";
                case RateProfile.Stairs st -> "stairs";
            } + (o.arrivals() == Arrivals.POISSON ? " Poisson" : "");
        };
    }

    /** The concurrency of a closed step (callers), or the sampled calls in progress of an open one. */
    public double concurrency() {
        return model instanceof ClosedModel c ? c.callers() : little.sampled();
    }
}
