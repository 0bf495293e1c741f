package dev.jtee.wire;

/**
 * Why a request or a connection failed, as ERROR frames carry it. Stable wire values. An ERROR
 * frame answering a request (request id ≠ 0) leaves the connection open; one with request id 0
 * ends it (a header that cannot be trusted, no common version, a message out of order).
 */
public enum ErrorCode {
    /** The frame's structure is wrong (bad magic, truncated or malformed body, stray bytes). */
    BAD_FRAME(1),
    /** The length field exceeds the negotiated maximum frame. */
    FRAME_TOO_LARGE(2),
    /** No common protocol version, or a frame in another version than negotiated. */
    UNSUPPORTED_VERSION(3),
    /** A message type this side does not know or does not accept. */
    UNKNOWN_TYPE(4),
    /** A message out of order (anything before HELLO, a second HELLO). */
    UNEXPECTED(5),
    /** The request is well-formed but its parameters are not acceptable (e.g. too much memref data). */
    BAD_REQUEST(6),
    /** The daemon is shutting down and takes no new calls. */
    SHUTTING_DOWN(7),
    /** Too many requests outstanding on this connection. */
    TOO_MANY_REQUESTS(8);

    private final int value;
    ErrorCode(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The code for a wire value; unknown values map to BAD_FRAME. */
    public static ErrorCode of(int value) {
        for (ErrorCode c : values()) {
            if (c.value == value) {
                return c;
            }
        }
        return BAD_FRAME;
    }
}
