package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.api.ParamType.VALUE_INPUT;
import static dev.jtee.examples.TaErrors.assertTaError;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA1;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA224;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA256;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA384;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_OAEP_MGF1_SHA512;
import static dev.jtee.ta.TeeDefines.ALG_RSAES_PKCS1_V1_5;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * optee_examples acipher as its current host program drives it: GEN_KEY, then ENCRYPT_DECRYPT with
 * (in, out, mode, TA_ALG_*) — a first call with no output buffer for the SHORT_BUFFER size, then the
 * real one — and the same to decrypt; for PKCS#1 v1.5 and every OAEP hash. BAD_STATE without a key.
 */
@JteeTest
class AcipherTest {
    private static final TeeUuid UUID = TeeUuid.parse(AcipherTa.UUID);
    private static final int[] ALGORITHMS = {ALG_RSAES_PKCS1_V1_5, ALG_RSAES_PKCS1_OAEP_MGF1_SHA1,
            ALG_RSAES_PKCS1_OAEP_MGF1_SHA224, ALG_RSAES_PKCS1_OAEP_MGF1_SHA256, ALG_RSAES_PKCS1_OAEP_MGF1_SHA384,
            ALG_RSAES_PKCS1_OAEP_MGF1_SHA512};

    @Test
    void encryptsAndDecryptsAsTheUpstreamHostProgram(Context ctx) {
        byte[] msg = "hello acipher".getBytes();
        try (Session s = ctx.openSession(UUID)) {
            assertTaError(TeeResult.BAD_STATE, () -> s.invoke(AcipherTa.CMD_ENCRYPT_DECRYPT,
                    op(msg, new byte[256], AcipherTa.MODE_ENCRYPT_VALUE, ALG_RSAES_PKCS1_V1_5)));
            s.invoke(AcipherTa.CMD_GEN_KEY, Operation.create().value(0, VALUE_INPUT, 2048, 0));
            for (int alg : ALGORITHMS) {
                byte[] ct = twice(s, msg, AcipherTa.MODE_ENCRYPT_VALUE, alg);
                assertEquals(256, ct.length, "ciphertext of a 2048-bit key, algorithm " + Integer.toHexString(alg));
                assertArrayEquals(msg, twice(s, ct, AcipherTa.MODE_DECRYPT_VALUE, alg), "algorithm " + Integer.toHexString(alg));
            }
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(AcipherTa.CMD_ENCRYPT_DECRYPT,
                    op(msg, new byte[256], AcipherTa.MODE_ENCRYPT_VALUE, 1)));
        }
    }

    @Test
    void theFirstAcipherEncryptLayoutStillWorks(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            s.invoke(AcipherTa.CMD_GEN_KEY, Operation.create().value(0, VALUE_INPUT, 2048, 0));
            Operation v1 = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, "x".getBytes())
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[256]);
            s.invoke(AcipherTa.CMD_ENCRYPT_DECRYPT, v1);
            assertEquals(256, v1.size(1));
        }
    }

    /** The host program's two calls: no output buffer → SHORT_BUFFER with the size, then with one. */
    private static byte[] twice(Session s, byte[] in, int mode, int alg) {
        Operation probe = op(in, null, mode, alg);
        assertTaError(TeeResult.SHORT_BUFFER, () -> s.invoke(AcipherTa.CMD_ENCRYPT_DECRYPT, probe));
        byte[] out = new byte[(int) probe.size(1)];
        Operation real = op(in, out, mode, alg);
        s.invoke(AcipherTa.CMD_ENCRYPT_DECRYPT, real);
        return Arrays.copyOf(out, (int) real.size(1));
    }

    private static Operation op(byte[] in, byte[] out, int mode, int alg) {
        return Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, in).tempMemref(1, MEMREF_TEMP_OUTPUT, out)
                .value(2, VALUE_INPUT, mode, 0).value(3, VALUE_INPUT, alg, 0);
    }
}
