package dev.jtee.stress;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;

/** How many calls of a step ended one way: a GP result from an origin. */
public record OutcomeCount(long outcome, long count) {

    public TeeResult result() {
        return TeeResult.of(Outcome.result(outcome));
    }

    /** The origin, null for success and for exceptions thrown by the target. */
    public Origin origin() {
        return Outcome.origin(outcome);
    }

    public boolean isSuccess() {
        return outcome == Outcome.SUCCESS;
    }

    public String describe() {
        return Outcome.describe(outcome);
    }
}
