package dev.jtee.wire;

import dev.jtee.api.spi.CallFrame;
import java.nio.ByteBuffer;

/**
 * INVOKE: {@code u32 session, u32 command, u32 cancelId}, from version 2 {@code u32 waitMicros}
 * ({@link AdmissionWait}), then the request parameters ({@link ParamLayout}).
 */
public final class Invoke {
    private Invoke() {
    }

    public static void encode(ByteBuffer b, int version, int requestId, CallFrame f, ParamLayout layout) {
        int start = Protocol.begin(b, version, MessageType.INVOKE, requestId);
        b.putInt(f.session).putInt(f.command).putInt(f.cancelId);
        AdmissionWait.put(b, version, f);
        layout.putRequest(b, f);
        Protocol.end(b, start);
    }

    public static void decode(ByteBuffer body, int version, CallFrame g, ParamLayout layout, int maxPayload) {
        g.clear();
        Protocol.need(body, 12);
        g.session = body.getInt();
        g.command = body.getInt();
        g.cancelId = body.getInt();
        AdmissionWait.get(body, version, g);
        layout.getRequest(body, g, maxPayload);
        Protocol.done(body);
    }

    static int bound(ParamLayout layout) {
        return Protocol.HEADER_BYTES + 12 + AdmissionWait.BYTES + layout.requestBound();
    }
}
