package dev.jtee.wire;

import java.nio.ByteBuffer;

/**
 * The shared-memory messages (added in version 1 as new types; the frames of the other types are
 * unchanged): REGISTER_SHM {@code u64 size}, RELEASE_SHM {@code u32 id}, SHM_REPLY {@code u32 id}.
 * Ids are chosen by the daemon, per connection, never 0.
 */
public final class ShmFrames {
    static final int REGISTER_BYTES = Protocol.HEADER_BYTES + 8;
    static final int ID_BYTES = Protocol.HEADER_BYTES + 4;
    /** The largest size a REGISTER_SHM may carry (a Java array's reach, as the client allocates). */
    public static final long MAX_SIZE = Integer.MAX_VALUE;

    private ShmFrames() {
    }

    public static void encodeRegister(ByteBuffer b, int version, int requestId, long size) {
        int start = Protocol.begin(b, version, MessageType.REGISTER_SHM, requestId);
        b.putLong(size);
        Protocol.end(b, start);
    }

    /** The size of a REGISTER_SHM body; BAD_FRAME if malformed, BAD_REQUEST if negative. */
    public static long decodeRegister(ByteBuffer body) {
        Protocol.need(body, 8);
        long size = body.getLong();
        Protocol.done(body);
        if (size < 0) {
            throw new WireException(ErrorCode.BAD_REQUEST, "shared memory size " + Long.toUnsignedString(size) + " is negative");
        }
        return size;
    }

    /** RELEASE_SHM (type {@link MessageType#RELEASE_SHM}) or SHM_REPLY ({@link MessageType#SHM_REPLY}). */
    public static void encodeId(ByteBuffer b, int version, int type, int requestId, int id) {
        int start = Protocol.begin(b, version, type, requestId);
        b.putInt(id);
        Protocol.end(b, start);
    }

    public static int decodeId(ByteBuffer body) {
        Protocol.need(body, 4);
        int id = body.getInt();
        Protocol.done(body);
        return id;
    }
}
