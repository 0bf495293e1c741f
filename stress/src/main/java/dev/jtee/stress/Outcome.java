package dev.jtee.stress;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;

/**
 * How one call ended, packed in a {@code long} so that recording it allocates nothing: the GP
 * result code in the low 32 bits, the origin's value in the next 8. {@link #SUCCESS} is 0.
 */
public final class Outcome {
    /** TEE_SUCCESS, whatever the origin. */
    public static final long SUCCESS = 0;
    /** Origin value used when the target threw something that is not a TEE result. */
    static final int ORIGIN_EXCEPTION = 0;

    private Outcome() {
    }

    /** The outcome of a call that ended with {@code result} from {@code origin}. */
    public static long of(int result, Origin origin) {
        if (result == 0) {
            return SUCCESS;
        }
        return ((long) origin.value() << 32) | Integer.toUnsignedLong(result);
    }

    public static long of(TeeResult result, Origin origin) {
        return of(result.code(), origin);
    }

    /** An exception from the target that was not a TEE result (a bug, not a GP outcome). */
    static long exception() {
        return ((long) ORIGIN_EXCEPTION << 32) | Integer.toUnsignedLong(TeeResult.GENERIC.code());
    }

    public static int result(long outcome) {
        return (int) outcome;
    }

    /** The origin, or null for {@link #SUCCESS} and exceptions. */
    public static Origin origin(long outcome) {
        int o = (int) (outcome >>> 32) & 0xFF;
        return outcome == SUCCESS || o == ORIGIN_EXCEPTION ? null : Origin.of(o);
    }

    /** {@code TEE_SUCCESS}, {@code TEE_ERROR_BUSY (0xffff000d), origin COMMS}, … */
    public static String describe(long outcome) {
        if (outcome == SUCCESS) {
            return TeeResult.SUCCESS.name();
        }
        Origin o = origin(outcome);
        return TeeResult.of(result(outcome)) + (o == null ? ", thrown by the target" : ", origin " + o);
    }
}
