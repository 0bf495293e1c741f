package dev.jtee.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import org.junit.jupiter.api.function.Executable;

/** Assertion for a result the TA itself answered (origin TRUSTED_APP). */
final class TaErrors {
    private TaErrors() {
    }

    static TeeException assertTaError(TeeResult expected, Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertEquals(expected, e.result(), e::getMessage);
        assertEquals(Origin.TRUSTED_APP, e.origin(), e::getMessage);
        return e;
    }
}
