package dev.jtee.api;

/**
 * A parameter type nibble. The client kinds are those of {@code TEEC_*} (0x0–0xF, with TEMP,
 * WHOLE and PARTIAL memrefs); inside the TA every memref arrives as {@link #MEMREF_INPUT},
 * {@link #MEMREF_OUTPUT} or {@link #MEMREF_INOUT} (same values as the TEMP kinds).
 */
public enum ParamType {
    NONE(0x0, Side.BOTH),
    VALUE_INPUT(0x1, Side.BOTH),
    VALUE_OUTPUT(0x2, Side.BOTH),
    VALUE_INOUT(0x3, Side.BOTH),
    MEMREF_TEMP_INPUT(0x5, Side.CLIENT),
    MEMREF_TEMP_OUTPUT(0x6, Side.CLIENT),
    MEMREF_TEMP_INOUT(0x7, Side.CLIENT),
    MEMREF_WHOLE(0xC, Side.CLIENT),
    MEMREF_PARTIAL_INPUT(0xD, Side.CLIENT),
    MEMREF_PARTIAL_OUTPUT(0xE, Side.CLIENT),
    MEMREF_PARTIAL_INOUT(0xF, Side.CLIENT),
    /** TA view ({@code TEE_PARAM_TYPE_MEMREF_INPUT}). */
    MEMREF_INPUT(0x5, Side.TA),
    MEMREF_OUTPUT(0x6, Side.TA),
    MEMREF_INOUT(0x7, Side.TA);

    enum Side { CLIENT, TA, BOTH }

    private static final ParamType[] CLIENT = new ParamType[16];
    private static final ParamType[] TA = new ParamType[16];

    static {
        for (ParamType t : values()) {
            if (t.side != Side.TA) {
                CLIENT[t.nibble] = t;
            }
            if (t.side != Side.CLIENT) {
                TA[t.nibble] = t;
            }
        }
    }

    private final int nibble;
    private final Side side;

    ParamType(int nibble, Side side) {
        this.nibble = nibble;
        this.side = side;
    }

    /** The 4-bit value packed into a paramTypes word. */
    public int nibble() {
        return nibble;
    }

    /** The client kind for a nibble, or null when the nibble is not a valid client type (0x4, 0x8–0xB). */
    public static ParamType client(int nibble) {
        return CLIENT[nibble & 0xF];
    }

    /** The TA kind for a nibble, or null when the nibble is not a valid TA type. */
    public static ParamType ta(int nibble) {
        return TA[nibble & 0xF];
    }

    public boolean isValue() {
        return nibble >= 1 && nibble <= 3;
    }

    public boolean isMemref() {
        return nibble >= 5;
    }

    /**
     * Whether data flows into the secure world. For {@link #MEMREF_WHOLE} the direction comes
     * from the shared memory's flags, so this answers false.
     */
    public boolean isInput() {
        return this != MEMREF_WHOLE && (nibble & 0x1) != 0;
    }

    /** Whether data flows back to the client (false for {@link #MEMREF_WHOLE}, see {@link #isInput()}). */
    public boolean isOutput() {
        return this != MEMREF_WHOLE && (nibble & 0x2) != 0;
    }
}
