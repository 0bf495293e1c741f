package dev.jtee.stress;

import java.util.List;

/**
 * How far the knee of a {@link KneeResult} can be believed, with the evidence: the generator's own
 * ceiling measured on a no-op target in the same run, the agreement of Little's law at the knee,
 * the USL fit's R² and the closed steps' best throughput.
 *
 * @param level             high, low or cannot tell
 * @param generatorCeiling  calls/s the generator made against a no-op target with the same threads, NaN when not measured
 * @param generatorHeadroom that ceiling over the knee (or over the highest rate offered when there is no knee), NaN when unknown
 * @param littleRatio       sampled over predicted calls in progress at the knee step (1 is perfect), NaN without one
 * @param uslRSquared       R² of the USL fit, NaN without one
 * @param reasons           why the level is not high, in plain words
 */
public record Confidence(Level level, double generatorCeiling, double generatorHeadroom, double littleRatio, double uslRSquared,
                         List<String> reasons) {
    /** Below this the USL fit is shown as a poor fit, not as a prediction. */
    public static final double USL_MIN_R2 = 0.9;
    /** Below this headroom the generator may be what limited the steps. */
    public static final double MIN_HEADROOM = 2;

    public enum Level {
        HIGH("high"), LOW("low"), CANNOT_TELL("cannot tell");

        private final String text;

        Level(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public Confidence {
        reasons = List.copyOf(reasons);
    }

    /** {@code 12.3×}, {@code ≥ 1000×} or {@code unknown}. */
    public String headroomText() {
        if (Double.isNaN(generatorHeadroom)) {
            return "unknown";
        }
        return generatorHeadroom >= 1000 ? "≥ 1000×" : String.format(java.util.Locale.ROOT, "%.1f×", generatorHeadroom);
    }

    /** The evidence in one line: {@code generator headroom 12×, Little's law within 3 %, USL R² 0.99}. */
    public String evidence() {
        StringBuilder b = new StringBuilder();
        b.append("generator headroom ").append(headroomText());
        if (!Double.isNaN(littleRatio)) {
            b.append(", Little's law ").append(Double.isInfinite(littleRatio) ? "off" : "within " + Format.percent(Math.abs(littleRatio - 1)));
        }
        if (!Double.isNaN(uslRSquared)) {
            b.append(", USL R² ").append(String.format(java.util.Locale.ROOT, "%.3f", uslRSquared));
        }
        return b.toString();
    }
}
