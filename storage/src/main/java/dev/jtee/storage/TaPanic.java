package dev.jtee.storage;

import dev.jtee.api.TeeResult;

/**
 * A misuse that GP (and OP-TEE's libutee) answers with {@code TEE_Panic}, not with a result: the
 * secure world must turn it into a panic of the calling TA instance with {@link #code()} (the
 * client then sees TARGET_DEAD, origin TEE). Never caught by the engine itself.
 */
public final class TaPanic extends RuntimeException {
    private final int code;

    public TaPanic(int code, String reason) {
        super("TEE_Panic(0x" + Integer.toHexString(code) + "): " + reason);
        this.code = code;
    }

    public TaPanic(TeeResult code, String reason) {
        this(code.code(), reason);
    }

    /** The panic code, as OP-TEE passes it to {@code TEE_Panic}. */
    public int code() {
        return code;
    }
}
