package dev.jtee.wire;

import dev.jtee.api.spi.CallFrame;
import java.nio.ByteBuffer;

/**
 * How long a call may still wait for the daemon's admission ({@link CallFrame#admissionWaitNanos}),
 * on the wire from version 2 as {@code u32 waitMicros}: {@link #NONE} for as long as it takes, 0 for
 * not at all. The client's deadline thus spans both sides of the socket: what its own flow control
 * spent is gone from what the daemon may spend. Relative, because the two processes' monotonic
 * clocks are not comparable. A version 1 client (OP-TEE's semantics: callers queue, never fail)
 * waits as long as it takes.
 */
final class AdmissionWait {
    static final int BYTES = 4;
    /** No bound ({@code 0xFFFFFFFF}); a wait of 71 minutes or more is sent as none. */
    static final int NONE = -1;

    private AdmissionWait() {
    }

    static void put(ByteBuffer b, int version, CallFrame f) {
        if (version >= Protocol.VERSION_2) {
            b.putInt(micros(f.admissionWaitNanos));
        }
    }

    static void get(ByteBuffer body, int version, CallFrame g) {
        if (version >= Protocol.VERSION_2) {
            Protocol.need(body, BYTES);
            int w = body.getInt();
            g.admissionWaitNanos = w == NONE ? -1 : Integer.toUnsignedLong(w) * 1_000;
        }
    }

    /** Rounded up, so a wait shorter than a microsecond is not sent as "not at all". */
    static int micros(long nanos) {
        if (nanos < 0) {
            return NONE;
        }
        long us = nanos / 1_000 + (nanos % 1_000 == 0 ? 0 : 1);
        return us >= 0xFFFF_FFFFL ? NONE : (int) us;
    }
}
