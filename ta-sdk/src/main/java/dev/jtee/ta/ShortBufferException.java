package dev.jtee.ta;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;

/**
 * TEE_ERROR_SHORT_BUFFER from an Internal API call, with the size that would have been needed
 * (what GP writes back into the caller's length). {@link #forTag()}: it was the tag buffer of
 * {@code TEE_AEEncryptFinal} that was too small. Nothing was written.
 */
public final class ShortBufferException extends TeeException {
    private final int required;
    private final boolean forTag;

    public ShortBufferException(int required) {
        this(required, false);
    }

    public ShortBufferException(int required, boolean forTag) {
        super(TeeResult.SHORT_BUFFER, Origin.TEE, (forTag ? "tag" : "output") + " needs " + required + " bytes");
        this.required = required;
        this.forTag = forTag;
    }

    public int required() {
        return required;
    }

    public boolean forTag() {
        return forTag;
    }
}
