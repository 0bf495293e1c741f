package dev.jtee.stress;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of call outcomes for one generator thread: a small open-addressing table, so counting an
 * outcome seen before allocates nothing. Single writer; read after the writer has finished.
 */
final class OutcomeCounter {
    private static final int SLOTS = 64;
    private final long[] keys = new long[SLOTS];
    private final long[] counts = new long[SLOTS];
    private long success;
    /** Outcomes beyond the table's room (never expected: a TA has far fewer result codes). */
    private long overflow;

    void add(long outcome) {
        if (outcome == Outcome.SUCCESS) {
            success++;
            return;
        }
        int i = (int) (mix(outcome) & (SLOTS - 1));
        for (int n = 0; n < SLOTS; n++, i = (i + 1) & (SLOTS - 1)) {
            if (counts[i] == 0) {
                keys[i] = outcome;
                counts[i] = 1;
                return;
            }
            if (keys[i] == outcome) {
                counts[i]++;
                return;
            }
        }
        overflow++;
    }

    long successes() {
        return success;
    }

    /** Adds this counter's counts into {@code into}, keyed by outcome. */
    void drainInto(Map<Long, Long> into) {
        if (success > 0) {
            into.merge(Outcome.SUCCESS, success, Long::sum);
        }
        for (int i = 0; i < SLOTS; i++) {
            if (counts[i] > 0) {
                into.merge(keys[i], counts[i], Long::sum);
            }
        }
        if (overflow > 0) {
            into.merge(Outcome.exception(), overflow, Long::sum);
        }
    }

    static Map<Long, Long> newMap() {
        return new TreeMap<>();
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
