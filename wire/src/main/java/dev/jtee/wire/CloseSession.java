package dev.jtee.wire;

import dev.jtee.api.spi.CallFrame;
import java.nio.ByteBuffer;

/** CLOSE_SESSION: {@code u32 session}. */
public final class CloseSession {
    static final int BYTES = Protocol.HEADER_BYTES + 4;

    private CloseSession() {
    }

    public static void encode(ByteBuffer b, int version, int requestId, int session) {
        int start = Protocol.begin(b, version, MessageType.CLOSE_SESSION, requestId);
        b.putInt(session);
        Protocol.end(b, start);
    }

    public static void decode(ByteBuffer body, CallFrame g, ParamLayout layout) {
        g.clear();
        layout.clear();
        Protocol.need(body, 4);
        g.session = body.getInt();
        Protocol.done(body);
    }
}
