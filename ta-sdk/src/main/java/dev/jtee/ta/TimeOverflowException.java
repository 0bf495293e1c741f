package dev.jtee.ta;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;

/**
 * TEE_ERROR_OVERFLOW from {@code TEE_GetTAPersistentTime}: the TA's time passed 2^32 seconds; as GP
 * says, the time is still given, its seconds cut to 32 bits ({@link #time()}).
 */
public final class TimeOverflowException extends TeeException {
    private final TeeTime time;

    public TimeOverflowException(TeeTime time) {
        super(TeeResult.OVERFLOW, Origin.TEE, "the TA persistent time overflowed 32-bit seconds; wrapped to " + time.seconds()
                + "." + time.millis());
        this.time = time;
    }

    public TeeTime time() {
        return time;
    }
}
