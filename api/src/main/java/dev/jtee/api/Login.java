package dev.jtee.api;

/** Login methods of {@code TEEC_OpenSession} ({@code TEEC_LOGIN_*}), plus TA-to-TA. */
public enum Login {
    PUBLIC(0x0),
    USER(0x1),
    GROUP(0x2),
    APPLICATION(0x4),
    USER_APPLICATION(0x5),
    GROUP_APPLICATION(0x6),
    /** A TA opening a session on another TA ({@code TEE_LOGIN_TRUSTED_APP}). */
    TRUSTED_APP(0xF0000000);

    private final int value;

    Login(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static Login of(int value) {
        for (Login l : values()) {
            if (l.value == value) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown login method " + TeeResult.hex(value));
    }
}
