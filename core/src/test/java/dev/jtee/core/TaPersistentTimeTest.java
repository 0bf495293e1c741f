package dev.jtee.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** TA persistent time's arithmetic, OP-TEE's tee_time_generic.c, on a clock the test moves. */
class TaPersistentTimeTest {
    private final AtomicLong clock = new AtomicLong(5_500); // the system time: 5.5 s
    private final TaPersistentTime time = new TaPersistentTime(clock::get);
    private final TeeUuid ta = TeeUuid.parse("9c0a17e0-0017-4e6e-8a7f-6a7b1e5c0d17");
    private final TeeUuid other = TeeUuid.parse("9c0a17e0-0017-4e6e-8a7f-6a7b1e5c0017");
    private final long[] t = new long[2];

    @Test
    void notSetUntilSetAndPerTa() {
        assertEquals(TeeResult.TIME_NOT_SET, time.get(ta, t));
        assertEquals(TeeResult.SUCCESS, time.set(ta, 100, 900));
        clock.addAndGet(1_250);
        assertEquals(TeeResult.SUCCESS, time.get(ta, t));
        assertArrayEquals(new long[] {102, 150}, t);
        assertEquals(TeeResult.TIME_NOT_SET, time.get(other, t));
    }

    @Test
    void aTimeBeforeTheSystemTimeRuns() {
        assertEquals(TeeResult.SUCCESS, time.set(ta, 2, 700)); // behind the system time: a negative offset
        clock.addAndGet(400);
        assertEquals(TeeResult.SUCCESS, time.get(ta, t));
        assertArrayEquals(new long[] {3, 100}, t);
        assertEquals(TeeResult.SUCCESS, time.set(ta, 5, 900)); // the system time itself: a zero offset, no wrap
        assertEquals(TeeResult.SUCCESS, time.get(ta, t));
        assertArrayEquals(new long[] {5, 900}, t);
    }

    @Test
    void pastTwoToTheThirtyTwoSecondsIsOverflowWithTheWrappedValue() {
        assertEquals(TeeResult.SUCCESS, time.set(ta, 0xFFFF_FFFFL, 999));
        assertEquals(TeeResult.SUCCESS, time.get(ta, t));
        assertArrayEquals(new long[] {0xFFFF_FFFFL, 999}, t);
        clock.addAndGet(2_003);
        assertEquals(TeeResult.OVERFLOW, time.get(ta, t));
        assertArrayEquals(new long[] {2, 2}, t);
    }

    @Test
    void millisOfASecondOrMoreAreBadParameters() {
        assertEquals(TeeResult.BAD_PARAMETERS, time.set(ta, 1, 1000));
        assertEquals(TeeResult.TIME_NOT_SET, time.get(ta, t));
    }
}
