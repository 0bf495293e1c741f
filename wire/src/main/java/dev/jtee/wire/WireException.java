package dev.jtee.wire;

/** A frame that breaks the protocol; {@link #code()} says how (and whether the connection must end). */
public final class WireException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public WireException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
