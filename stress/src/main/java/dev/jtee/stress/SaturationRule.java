package dev.jtee.stress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a step counts as saturated: achieved below {@code minAchieved} × offered, more than
 * {@code maxMissed} of scheduled calls never started, more than {@code maxErrors} of calls not
 * TEE_SUCCESS, or corrected latency rising within the step (median of its last quarter above
 * {@code risingFactor} × that of its first quarter and above it by more than {@code risingFloor}).
 */
public record SaturationRule(double minAchieved, double maxMissed, double maxErrors, double risingFactor, Duration risingFloor) {
    public static final SaturationRule DEFAULT = new SaturationRule(0.95, 0.01, 0.01, 2.0, Duration.ofMillis(1));

    Saturation judge(StepResult s) {
        List<String> why = new ArrayList<>();
        if (s.offered() > 0 && s.achieved() < minAchieved * s.offered()) {
            why.add("achieved " + Format.rate(s.achieved()) + " < offered " + Format.rate(s.offered()));
        }
        if (s.scheduled() > 0 && s.missed() > maxMissed * s.scheduled()) {
            why.add(s.missed() + " of " + s.scheduled() + " scheduled calls never started");
        }
        long errors = s.errors();
        if (s.completed() > 0 && errors > maxErrors * s.completed()) {
            why.add(Format.percent((double) errors / s.completed()) + " of calls failed");
        }
        long first = s.firstQuarterP50();
        long last = s.lastQuarterP50();
        if (last > risingFactor * first && last - first > risingFloor.toNanos()) {
            why.add("latency rising within the step: median " + Format.latency(first) + " → " + Format.latency(last));
        }
        return why.isEmpty() ? Saturation.SUSTAINED : new Saturation(true, why);
    }
}
