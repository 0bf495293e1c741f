package dev.jtee.api;

/** Packing of four parameter type nibbles into one word: {@code p0 | p1<<4 | p2<<8 | p3<<12}. */
public final class ParamTypes {
    /** {@code TEEC_CONFIG_PAYLOAD_REF_COUNT}: every operation carries four parameters. */
    public static final int COUNT = 4;

    private ParamTypes() {
    }

    public static int pack(ParamType p0, ParamType p1, ParamType p2, ParamType p3) {
        return p0.nibble() | p1.nibble() << 4 | p2.nibble() << 8 | p3.nibble() << 12;
    }

    /** The nibble of parameter {@code index} (0–3). */
    public static int get(int types, int index) {
        return (types >>> (4 * index)) & 0xF;
    }

    /** Replaces parameter {@code index}'s nibble. */
    public static int with(int types, int index, int nibble) {
        int shift = 4 * index;
        return (types & ~(0xF << shift)) | (nibble & 0xF) << shift;
    }

    /** Readable form of a TA-side types word, e.g. {@code [VALUE_INOUT, NONE, NONE, NONE]}. */
    public static String toString(int types) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < COUNT; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            ParamType t = ParamType.ta(get(types, i));
            sb.append(t != null ? t.name() : "0x" + Integer.toHexString(get(types, i)));
        }
        return sb.append(']').toString();
    }
}
