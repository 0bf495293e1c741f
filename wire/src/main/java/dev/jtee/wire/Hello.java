package dev.jtee.wire;

import java.nio.ByteBuffer;

/**
 * HELLO, the client's first frame: the protocol versions it speaks and the largest frame it will
 * accept. Body: {@code u16 minVersion, u16 maxVersion, u32 maxFrame}. Always written in version 1's
 * header so any daemon can read it.
 */
public record Hello(int minVersion, int maxVersion, int maxFrame) {
    public void encode(ByteBuffer b, int requestId) {
        int start = Protocol.begin(b, Protocol.VERSION_1, MessageType.HELLO, requestId);
        b.putShort((short) minVersion).putShort((short) maxVersion).putInt(maxFrame);
        Protocol.end(b, start);
    }

    public static Hello decode(ByteBuffer body) {
        Protocol.need(body, 8);
        Hello h = new Hello(Short.toUnsignedInt(body.getShort()), Short.toUnsignedInt(body.getShort()), body.getInt());
        Protocol.done(body);
        return h;
    }

    /** The highest version both sides speak, or 0 when there is none. */
    public int choose(int ourMin, int ourMax) {
        int v = Math.min(maxVersion, ourMax);
        return v >= Math.max(minVersion, ourMin) ? v : 0;
    }
}
