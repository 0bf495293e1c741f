package dev.jtee.stress;

import java.time.Duration;

/**
 * How load is offered in one run or step: an {@link OpenModel} (calls arrive on a schedule,
 * whether earlier calls finished or not) or a {@link ClosedModel} (a fixed number of callers, each
 * calling again when its previous call returned). Immutable.
 */
public sealed interface LoadModel permits OpenModel, ClosedModel {

    /** How long calls are started. */
    Duration duration();

    /** A short description for tables and the report. */
    String describe();
}
