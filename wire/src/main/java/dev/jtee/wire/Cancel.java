package dev.jtee.wire;

import java.nio.ByteBuffer;

/**
 * CANCEL: {@code u32 session, u32 cancelId}; not answered. Asks the call of this connection that
 * carries {@code cancelId} to stop (GP cancellation), whether it runs or still waits in the
 * daemon's queue.
 */
public final class Cancel {
    static final int BYTES = Protocol.HEADER_BYTES + 8;

    private Cancel() {
    }

    public static void encode(ByteBuffer b, int version, int session, int cancelId) {
        int start = Protocol.begin(b, version, MessageType.CANCEL, 0);
        b.putInt(session).putInt(cancelId);
        Protocol.end(b, start);
    }

    /** The session (high 32 bits) and cancel id (low 32 bits), packed to avoid an object. */
    public static long decode(ByteBuffer body) {
        Protocol.need(body, 8);
        long packed = ((long) body.getInt() << 32) | (body.getInt() & 0xFFFFFFFFL);
        Protocol.done(body);
        return packed;
    }

    public static int session(long packed) {
        return (int) (packed >>> 32);
    }

    public static int cancelId(long packed) {
        return (int) packed;
    }
}
