package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.api.ParamType.VALUE_INPUT;
import static dev.jtee.examples.TaErrors.assertTaError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** optee_examples ecdh self test (curve in p0 VALUE_INPUT, as the current ecdh_ta.h): both sides derive the same secret; P-192/P-224 are not supported here. */
@JteeTest
class EcdhTest {
    private static final TeeUuid UUID = TeeUuid.parse(EcdhTa.UUID);

    @Test
    void derivesOnP256AndP384(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            for (int[] c : new int[][] {{EcdhTa.CURVE_NIST_P192, 24}, {EcdhTa.CURVE_NIST_P224, 28},
                {EcdhTa.CURVE_NIST_P256, 32}, {EcdhTa.CURVE_NIST_P384, 48}}) {
                byte[] out = new byte[66];
                Operation op = Operation.create().value(0, VALUE_INPUT, c[0], 0).tempMemref(3, MEMREF_TEMP_OUTPUT, out);
                s.invoke(EcdhTa.CMD_DERIVE_SELFTEST, op);
                assertEquals(c[1], op.size(3));
                assertFalse(Arrays.equals(new byte[c[1]], Arrays.copyOf(out, c[1])));
            }
            Operation small = Operation.create().value(0, VALUE_INPUT, EcdhTa.CURVE_NIST_P256, 0)
                    .tempMemref(3, MEMREF_TEMP_OUTPUT, new byte[4]);
            assertTaError(TeeResult.SHORT_BUFFER, () -> s.invoke(EcdhTa.CMD_DERIVE_SELFTEST, small));
            assertEquals(32, small.size(3), "the size needed, in p3 as the current ecdh TA writes it");
        }
    }
}
