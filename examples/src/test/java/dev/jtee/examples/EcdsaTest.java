package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.api.ParamType.VALUE_INPUT;
import static dev.jtee.examples.TaErrors.assertTaError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** optee_examples ecdsa: digest, key generation and a signature that verified inside the TA. */
@JteeTest
class EcdsaTest {
    private static final TeeUuid UUID = TeeUuid.parse(EcdsaTa.UUID);

    private static byte[] digest(Session s, int alg) {
        byte[] out = new byte[64];
        Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, "message".getBytes())
                .tempMemref(1, MEMREF_TEMP_OUTPUT, out).value(2, VALUE_INPUT, alg, 0);
        s.invoke(EcdsaTa.CMD_COMPUTE_DIGEST, op);
        return Arrays.copyOf(out, (int) op.size(1));
    }

    @Test
    void signsOnEveryNistCurve(Context ctx) {
        // P-192 and P-224 failed with NOT_SUPPORTED before the engine had BouncyCastle's curves
        int[][] cases = {{0x70001042, 20, 48}, {0x70002042, 28, 56}, {0x70003042, 32, 64}, {0x70004042, 48, 96}, {0x70005042, 64, 132}};
        try (Session s = ctx.openSession(UUID)) {
            for (int[] c : cases) {
                byte[] d = digest(s, c[0]);
                assertEquals(c[1], d.length);
                s.invoke(EcdsaTa.CMD_GEN_KEY, Operation.create());
                byte[] sig = new byte[256];
                Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, d)
                        .tempMemref(1, MEMREF_TEMP_OUTPUT, sig);
                s.invoke(EcdsaTa.CMD_SIGN_VERIFY_DIGEST, op);
                assertEquals(c[2], op.size(1));
                Operation small = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, d)
                        .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[8]);
                assertTaError(TeeResult.SHORT_BUFFER, () -> s.invoke(EcdsaTa.CMD_SIGN_VERIFY_DIGEST, small));
                assertEquals(c[2], small.size(1));
            }
        }
    }
}
