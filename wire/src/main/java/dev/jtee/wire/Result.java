package dev.jtee.wire;

import dev.jtee.api.spi.CallFrame;
import java.nio.ByteBuffer;

/**
 * RESULT, the answer to OPEN_SESSION, INVOKE or CLOSE_SESSION: {@code u32 result, u32 origin,
 * u32 session, u32 instance}, then the reply parameters ({@link ParamLayout}).
 */
public final class Result {
    private Result() {
    }

    /** Bytes the frame for {@code layout} takes at most. */
    public static int bound(ParamLayout layout) {
        return Protocol.HEADER_BYTES + 16 + layout.replyBound();
    }

    public static void encode(ByteBuffer b, int version, int requestId, CallFrame g, ParamLayout layout) {
        int start = Protocol.begin(b, version, MessageType.RESULT, requestId);
        b.putInt(g.result).putInt(g.origin).putInt(g.session).putInt(g.instance);
        layout.putReply(b, g);
        Protocol.end(b, start);
    }

    /** Reads the answer into the caller's frame {@code f}, whose request {@code layout} described. */
    public static void decode(ByteBuffer body, CallFrame f, ParamLayout layout) {
        Protocol.need(body, 16);
        f.result = body.getInt();
        f.origin = body.getInt();
        f.session = body.getInt();
        f.instance = body.getInt();
        layout.getReply(body, f);
        Protocol.done(body);
    }
}
