package dev.jtee.wire;

import java.nio.ByteBuffer;

/**
 * ERROR: {@code u16 code, u32 result, u32 origin, text message}. Answers a request that could not
 * be carried out (the call did not reach the secure world; {@code result}/{@code origin} are what
 * the client reports, e.g. BAD_PARAMETERS / COMMS) or, with request id 0, ends the connection.
 */
public record ErrorFrame(ErrorCode code, int result, int origin, String message) {
    public void encode(ByteBuffer b, int version, int requestId) {
        int start = Protocol.begin(b, version, MessageType.ERROR, requestId);
        b.putShort((short) code.value()).putInt(result).putInt(origin);
        Protocol.putText(b, message);
        Protocol.end(b, start);
    }

    public static ErrorFrame decode(ByteBuffer body) {
        Protocol.need(body, 10);
        ErrorCode code = ErrorCode.of(Short.toUnsignedInt(body.getShort()));
        int result = body.getInt();
        int origin = body.getInt();
        String message = Protocol.getText(body);
        Protocol.done(body);
        return new ErrorFrame(code, result, origin, message);
    }

    /** Bytes an error frame takes at most. */
    public static final int MAX_BYTES = Protocol.HEADER_BYTES + 10 + 2 + Protocol.MAX_TEXT;
}
