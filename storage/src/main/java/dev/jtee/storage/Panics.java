package dev.jtee.storage;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;

/** Small helpers that build the engine's failures. */
final class Panics {
    private Panics() {
    }

    static TaPanic panic(String reason) {
        return new TaPanic(0, reason);
    }

    static TaPanic panic(TeeResult code, String reason) {
        return new TaPanic(code, reason);
    }

    static TeeException fail(TeeResult result, String detail) {
        return new TeeException(result, Origin.TEE, detail);
    }
}
