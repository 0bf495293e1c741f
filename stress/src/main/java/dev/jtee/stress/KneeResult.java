package dev.jtee.stress;

import java.util.List;

/**
 * What {@link Stress#findKnee} found.
 *
 * @param knee        the highest offered rate sustained (calls/s), NaN when even the lowest step saturated
 * @param kneeStep    the step that sustained it, null when none did
 * @param saturatedAt the lowest offered rate that saturated, NaN when none did
 * @param closedPeak  the best throughput of the closed steps
 * @param usl         the USL fit of the closed steps, null when it could not be made (see {@code uslNote})
 * @param uslNote     why there is no fit, else empty
 * @param steps       every step of the search, in order
 * @param verdict     one sentence for humans
 */
public record KneeResult(double knee, StepResult kneeStep, double saturatedAt, double closedPeak, UslFit usl, String uslNote,
                         List<StepResult> steps, String verdict) {
    public KneeResult {
        steps = List.copyOf(steps);
    }
}
