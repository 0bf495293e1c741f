package dev.jtee.stress;

import java.util.List;

/**
 * What {@link Stress#findKnee} found.
 *
 * @param knee        the highest offered rate sustained (calls/s), NaN when even the lowest step saturated
 * @param kneeStep    the step that sustained it, null when none did
 * @param saturatedAt the lowest offered rate that saturated, NaN when none did
 * @param closedPeak  the best successful throughput of the closed steps
 * @param usl         the USL fit of the closed steps, null when it could not be made (see {@code uslNote})
 * @param uslNote     why there is no fit, or why it is not to be believed, else empty
 * @param steps       every step of the search, in order
 * @param generatorLimited indexes of the open steps the generator, not the target, limited
 * @param confidence  how far the knee can be believed, and why
 * @param verdict     one sentence for humans, starting with the knee or with "cannot tell"
 */
public record KneeResult(double knee, StepResult kneeStep, double saturatedAt, double closedPeak, UslFit usl, String uslNote,
                         List<StepResult> steps, List<Integer> generatorLimited, Confidence confidence, String verdict) {
    public KneeResult {
        steps = List.copyOf(steps);
        generatorLimited = List.copyOf(generatorLimited);
    }

    /** Whether the USL fit is good enough to be read as a prediction. */
    public boolean uslTrusted() {
        return usl != null && usl.rSquared() >= Confidence.USL_MIN_R2;
    }
}
