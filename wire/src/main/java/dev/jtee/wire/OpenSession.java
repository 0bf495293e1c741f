package dev.jtee.wire;

import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.CallFrame;
import java.nio.ByteBuffer;

/**
 * OPEN_SESSION: {@code uuid (16 octets), u32 login, u32 connectionData, u32 cancelId}, from version
 * 2 {@code u32 waitMicros} ({@link AdmissionWait}), then the request parameters ({@link ParamLayout}). The client's own identity UUID is not sent: the daemon
 * derives it from the socket peer's credentials.
 */
public final class OpenSession {
    private OpenSession() {
    }

    /** Writes the frame for {@code f}; {@code layout} was {@linkplain ParamLayout#compute computed} for it. */
    public static void encode(ByteBuffer b, int version, int requestId, CallFrame f, ParamLayout layout) {
        int start = Protocol.begin(b, version, MessageType.OPEN_SESSION, requestId);
        TeeUuid u = f.uuid;
        b.putLong(u.msb()).putLong(u.lsb()).putInt(f.login).putInt(f.connectionData).putInt(f.cancelId);
        AdmissionWait.put(b, version, f);
        layout.putRequest(b, f);
        Protocol.end(b, start);
    }

    /** Reads the body into {@code g} (cleared first); the identity UUID is left for the daemon to set. */
    public static void decode(ByteBuffer body, int version, CallFrame g, ParamLayout layout, int maxPayload) {
        g.clear();
        Protocol.need(body, 28);
        g.uuid = new TeeUuid(body.getLong(), body.getLong());
        g.login = body.getInt();
        g.connectionData = body.getInt();
        g.cancelId = body.getInt();
        AdmissionWait.get(body, version, g);
        layout.getRequest(body, g, maxPayload);
        Protocol.done(body);
    }

    static int bound(ParamLayout layout) {
        return Protocol.HEADER_BYTES + 28 + AdmissionWait.BYTES + layout.requestBound();
    }
}
