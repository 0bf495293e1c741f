package dev.jtee.api;

/**
 * A call that ended with a result other than success: the GP result and its origin, always both.
 * The message reads {@code TEE_ERROR_TARGET_DEAD (0xffff3024), origin TEE}, plus a detail if any.
 */
public class TeeException extends RuntimeException {
    private final TeeResult result;
    private final Origin origin;

    public TeeException(TeeResult result, Origin origin) {
        this(result, origin, null, null);
    }

    public TeeException(TeeResult result, Origin origin, String detail) {
        this(result, origin, detail, null);
    }

    public TeeException(TeeResult result, Origin origin, String detail, Throwable cause) {
        super(message(result, origin, detail), cause);
        this.result = result;
        this.origin = origin;
    }

    /**
     * For subclasses whose exceptions are answers rather than faults, made at high rates (a flow
     * control refusal): {@code stackTrace} false skips filling in the stack trace, the bulk of their cost.
     */
    protected TeeException(TeeResult result, Origin origin, String detail, boolean stackTrace) {
        this(result, origin, stackTrace, message(result, origin, detail));
    }

    /**
     * As {@link #TeeException(TeeResult, Origin, String, boolean)} with the whole message, worded by
     * {@link #message} once and given to many exceptions: a refusal made at a hundred thousand a
     * second then costs one small object rather than a string built each time.
     */
    protected TeeException(TeeResult result, Origin origin, boolean stackTrace, String message) {
        super(message, null, true, stackTrace);
        this.result = result;
        this.origin = origin;
    }

    /** The message of an exception with this result, origin and detail (null or empty: none). */
    protected static String message(TeeResult result, Origin origin, String detail) {
        String base = result + ", origin " + origin;
        return detail == null || detail.isEmpty() ? base : base + ": " + detail;
    }

    public TeeResult result() {
        return result;
    }

    public Origin origin() {
        return origin;
    }
}
