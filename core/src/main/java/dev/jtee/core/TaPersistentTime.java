package dev.jtee.core;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * GP's TA persistent time ({@code TEE_GetTAPersistentTime}/{@code TEE_SetTAPersistentTime}) as OP-TEE's
 * core keeps it (tee_time_generic.c): per TA UUID an offset from the system time, in the world's memory,
 * so it outlives the TA's instances and ends with the world (OP-TEE: with the TEE's boot). Before a TA
 * sets it: TIME_NOT_SET. A time past 2^32 seconds wraps and answers OVERFLOW with the wrapped value. A
 * system time that never goes back means OP-TEE's TIME_NEEDS_RESET (a rollback) does not arise.
 */
final class TaPersistentTime {
    private static final long MILLIS_BASE = 1000;
    private static final long SECONDS = 1L << 32;

    /** An offset from the system time: seconds (u32) and millis, added or subtracted. */
    private record Offset(long seconds, long millis, boolean positive) {
    }

    private final Map<TeeUuid, Offset> offsets = new ConcurrentHashMap<>();
    /** The system time in milliseconds (TEE_GetSystemTime's). */
    private final LongSupplier systemMillis;

    TaPersistentTime(LongSupplier systemMillis) {
        this.systemMillis = systemMillis;
    }

    /** {@code seconds} (u32) and {@code millis} of a TA's time into {@code out}; SUCCESS, OVERFLOW or TIME_NOT_SET. */
    TeeResult get(TeeUuid ta, long[] out) {
        Offset o = offsets.get(ta);
        if (o == null) {
            return TeeResult.TIME_NOT_SET;
        }
        long now = systemMillis.getAsLong();
        long ts = now / 1000 % SECONDS;
        long tm = now % 1000;
        long s2;
        long m2;
        boolean wrapped;
        if (o.positive) {
            // TEE_TIME_ADD, and the wrap check of tee_time_get_ta_time: t + offs < t
            s2 = ts + o.seconds;
            m2 = tm + o.millis;
            if (m2 >= MILLIS_BASE) {
                s2++;
                m2 -= MILLIS_BASE;
            }
            s2 %= SECONDS;
            wrapped = s2 < ts || (s2 == ts && m2 < tm);
        } else {
            // TEE_TIME_SUB, then the check t <= t - offs
            s2 = ts - o.seconds;
            m2 = tm - o.millis;
            if (m2 < 0) {
                s2--;
                m2 += MILLIS_BASE;
            }
            s2 = Math.floorMod(s2, SECONDS);
            wrapped = ts < s2 || (ts == s2 && tm <= m2);
            // OP-TEE also calls a zero offset (set to the system time itself) a wrap; no wrap happened
            wrapped &= o.seconds != 0 || o.millis != 0;
        }
        out[0] = s2;
        out[1] = m2;
        return wrapped ? TeeResult.OVERFLOW : TeeResult.SUCCESS;
    }

    /** Sets a TA's time; BAD_PARAMETERS for millis of 1000 or more (not normalised). */
    TeeResult set(TeeUuid ta, long seconds, long millis) {
        if (millis >= MILLIS_BASE || millis < 0) {
            return TeeResult.BAD_PARAMETERS;
        }
        long now = systemMillis.getAsLong();
        long ts = now / 1000 % SECONDS;
        long tm = now % 1000;
        seconds &= SECONDS - 1;
        boolean ahead = ts < seconds || (ts == seconds && tm < millis);
        long hs = ahead ? seconds : ts;
        long hm = ahead ? millis : tm;
        long ls = ahead ? ts : seconds;
        long lm = ahead ? tm : millis;
        long os = hs - ls;
        long om = hm - lm;
        if (om < 0) {
            os--;
            om += MILLIS_BASE;
        }
        offsets.put(ta, new Offset(os, om, ahead));
        return TeeResult.SUCCESS;
    }
}
