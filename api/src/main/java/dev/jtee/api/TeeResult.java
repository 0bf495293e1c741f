package dev.jtee.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * A GlobalPlatform TEE result code (a u32), with every code OP-TEE defines as a constant.
 * Immutable and thread-safe. {@link #of(int)} returns the shared constant for a known code and
 * preserves an unknown code as a new instance that prints as hex.
 */
public final class TeeResult {
    private static final Map<Integer, TeeResult> KNOWN = new java.util.HashMap<>();

    public static final TeeResult SUCCESS = known(0x00000000, "TEE_SUCCESS");
    public static final TeeResult CORRUPT_OBJECT = known(0xF0100001, "TEE_ERROR_CORRUPT_OBJECT");
    public static final TeeResult CORRUPT_OBJECT_2 = known(0xF0100002, "TEE_ERROR_CORRUPT_OBJECT_2");
    public static final TeeResult STORAGE_NOT_AVAILABLE = known(0xF0100003, "TEE_ERROR_STORAGE_NOT_AVAILABLE");
    public static final TeeResult STORAGE_NOT_AVAILABLE_2 = known(0xF0100004, "TEE_ERROR_STORAGE_NOT_AVAILABLE_2");
    public static final TeeResult UNSUPPORTED_VERSION = known(0xF0100005, "TEE_ERROR_UNSUPPORTED_VERSION");
    public static final TeeResult CIPHERTEXT_INVALID = known(0xF0100006, "TEE_ERROR_CIPHERTEXT_INVALID");
    public static final TeeResult GENERIC = known(0xFFFF0000, "TEE_ERROR_GENERIC");
    public static final TeeResult ACCESS_DENIED = known(0xFFFF0001, "TEE_ERROR_ACCESS_DENIED");
    public static final TeeResult CANCEL = known(0xFFFF0002, "TEE_ERROR_CANCEL");
    public static final TeeResult ACCESS_CONFLICT = known(0xFFFF0003, "TEE_ERROR_ACCESS_CONFLICT");
    public static final TeeResult EXCESS_DATA = known(0xFFFF0004, "TEE_ERROR_EXCESS_DATA");
    public static final TeeResult BAD_FORMAT = known(0xFFFF0005, "TEE_ERROR_BAD_FORMAT");
    public static final TeeResult BAD_PARAMETERS = known(0xFFFF0006, "TEE_ERROR_BAD_PARAMETERS");
    public static final TeeResult BAD_STATE = known(0xFFFF0007, "TEE_ERROR_BAD_STATE");
    public static final TeeResult ITEM_NOT_FOUND = known(0xFFFF0008, "TEE_ERROR_ITEM_NOT_FOUND");
    public static final TeeResult NOT_IMPLEMENTED = known(0xFFFF0009, "TEE_ERROR_NOT_IMPLEMENTED");
    public static final TeeResult NOT_SUPPORTED = known(0xFFFF000A, "TEE_ERROR_NOT_SUPPORTED");
    public static final TeeResult NO_DATA = known(0xFFFF000B, "TEE_ERROR_NO_DATA");
    public static final TeeResult OUT_OF_MEMORY = known(0xFFFF000C, "TEE_ERROR_OUT_OF_MEMORY");
    public static final TeeResult BUSY = known(0xFFFF000D, "TEE_ERROR_BUSY");
    public static final TeeResult COMMUNICATION = known(0xFFFF000E, "TEE_ERROR_COMMUNICATION");
    public static final TeeResult SECURITY = known(0xFFFF000F, "TEE_ERROR_SECURITY");
    public static final TeeResult SHORT_BUFFER = known(0xFFFF0010, "TEE_ERROR_SHORT_BUFFER");
    public static final TeeResult EXTERNAL_CANCEL = known(0xFFFF0011, "TEE_ERROR_EXTERNAL_CANCEL");
    public static final TeeResult TIMEOUT = known(0xFFFF3001, "TEE_ERROR_TIMEOUT");
    public static final TeeResult OVERFLOW = known(0xFFFF300F, "TEE_ERROR_OVERFLOW");
    public static final TeeResult TARGET_DEAD = known(0xFFFF3024, "TEE_ERROR_TARGET_DEAD");
    public static final TeeResult STORAGE_NO_SPACE = known(0xFFFF3041, "TEE_ERROR_STORAGE_NO_SPACE");
    public static final TeeResult MAC_INVALID = known(0xFFFF3071, "TEE_ERROR_MAC_INVALID");
    public static final TeeResult SIGNATURE_INVALID = known(0xFFFF3072, "TEE_ERROR_SIGNATURE_INVALID");
    public static final TeeResult TIME_NOT_SET = known(0xFFFF5000, "TEE_ERROR_TIME_NOT_SET");
    public static final TeeResult TIME_NEEDS_RESET = known(0xFFFF5001, "TEE_ERROR_TIME_NEEDS_RESET");

    private final int code;
    private final String name;

    private TeeResult(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static TeeResult known(int code, String name) {
        TeeResult r = new TeeResult(code, name);
        KNOWN.put(code, r);
        return r;
    }

    /** The constant for a known code, or a new instance that keeps an unknown code as is. */
    public static TeeResult of(int code) {
        TeeResult r = KNOWN.get(code);
        return r != null ? r : new TeeResult(code, null);
    }

    /** Every code GP and OP-TEE define, ordered by value as unsigned. */
    public static Map<Integer, TeeResult> known() {
        Map<Integer, TeeResult> sorted = new TreeMap<>(Integer::compareUnsigned);
        sorted.putAll(KNOWN);
        return java.util.Collections.unmodifiableMap(sorted);
    }

    /** The code as the u32 that travels between worlds. */
    public int code() {
        return code;
    }

    /** The GP name, e.g. {@code TEE_ERROR_TARGET_DEAD}, or the hex code when unknown. */
    public String name() {
        return name != null ? name : hex(code);
    }

    public boolean isKnown() {
        return name != null;
    }

    public boolean isSuccess() {
        return code == 0;
    }

    /** {@code 0x%08x} without a formatter: results are printed at the rate calls are refused. */
    public static String hex(int code) {
        String h = Integer.toHexString(code);
        return "0x" + "00000000".substring(h.length()) + h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TeeResult r && r.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    /** {@code TEE_ERROR_TARGET_DEAD (0xffff3024)}; an unknown code prints as its hex only. */
    @Override
    public String toString() {
        return name != null ? name + " (" + hex(code) + ")" : hex(code);
    }
}
