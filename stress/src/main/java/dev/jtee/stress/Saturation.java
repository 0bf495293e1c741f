package dev.jtee.stress;

import java.util.List;

/** Whether a step's load was sustained, and if not, why (in plain words). */
public record Saturation(boolean saturated, List<String> reasons) {
    public static final Saturation SUSTAINED = new Saturation(false, List.of());

    public Saturation {
        reasons = List.copyOf(reasons);
    }
}
