package dev.jtee.core;

/**
 * A TA panic raised by the emulated runtime itself (e.g. {@code TEE_Malloc} with the NO_FILL hint
 * alone, which OP-TEE's libutee answers with {@code TEE_Panic(0)}). The world turns it into the
 * instance's death like any other panic. An Error so that TA code cannot swallow it by accident.
 */
final class TaPanic extends Error {
    /** The panic code, as {@code TEE_Panic} received it. */
    final int code;

    TaPanic(int code) {
        super("TA panicked with code 0x" + Integer.toHexString(code));
        this.code = code;
    }
}
