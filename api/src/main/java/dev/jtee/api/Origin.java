package dev.jtee.api;

/** Where a result came from (GP {@code TEEC_ORIGIN_*} / {@code TEE_ORIGIN_*}). */
public enum Origin {
    /** The client API itself (marshalling, bad arguments). */
    API(1),
    /** The communication stack between the normal and the secure world (driver, transport). */
    COMMS(2),
    /** The TEE framework: loading, panics, limits. */
    TEE(3),
    /** The Trusted Application's own code. */
    TRUSTED_APP(4);

    private final int value;

    Origin(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The origin for a wire value; an unknown value is refused. */
    public static Origin of(int value) {
        return switch (value) {
            case 1 -> API;
            case 2 -> COMMS;
            case 3 -> TEE;
            case 4 -> TRUSTED_APP;
            default -> throw new IllegalArgumentException("unknown origin " + value);
        };
    }
}
