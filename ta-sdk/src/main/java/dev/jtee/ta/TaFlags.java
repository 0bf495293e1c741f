package dev.jtee.ta;

/** {@code TA_FLAG_*} bits of a TA's header, with OP-TEE's values. */
public final class TaFlags {
    public static final int SINGLE_INSTANCE = 1 << 2;
    public static final int MULTI_SESSION = 1 << 3;
    public static final int INSTANCE_KEEP_ALIVE = 1 << 4;
    public static final int SECURE_DATA_PATH = 1 << 5;
    public static final int CACHE_MAINTENANCE = 1 << 7;
    /** Pseudo-TAs only: a user TA that sets it is refused with BAD_FORMAT. */
    public static final int CONCURRENT = 1 << 8;
    /** A handle whose persistent object is found corrupt stays open (the object is still removed). */
    public static final int DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT = 1 << 11;
    public static final int INSTANCE_KEEP_CRASHED = 1 << 13;

    private TaFlags() {
    }

    /** {@code SINGLE_INSTANCE|MULTI_SESSION}-style text for listings. */
    public static String toString(int flags) {
        StringBuilder sb = new StringBuilder();
        append(sb, flags, SINGLE_INSTANCE, "SINGLE_INSTANCE");
        append(sb, flags, MULTI_SESSION, "MULTI_SESSION");
        append(sb, flags, INSTANCE_KEEP_ALIVE, "INSTANCE_KEEP_ALIVE");
        append(sb, flags, SECURE_DATA_PATH, "SECURE_DATA_PATH");
        append(sb, flags, CACHE_MAINTENANCE, "CACHE_MAINTENANCE");
        append(sb, flags, CONCURRENT, "CONCURRENT");
        append(sb, flags, DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT, "DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT");
        append(sb, flags, INSTANCE_KEEP_CRASHED, "INSTANCE_KEEP_CRASHED");
        return sb.isEmpty() ? "-" : sb.toString();
    }

    private static void append(StringBuilder sb, int flags, int bit, String name) {
        if ((flags & bit) != 0) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append(name);
        }
    }
}
