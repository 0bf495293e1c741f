package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.api.ParamType.VALUE_INPUT;
import static dev.jtee.examples.TaErrors.assertTaError;
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

/** optee_examples acipher: RSA key generation, PKCS#1 v1.5 and OAEP, BAD_STATE and SHORT_BUFFER. */
@JteeTest
class AcipherTest {
    private static final TeeUuid UUID = TeeUuid.parse(AcipherTa.UUID);

    @Test
    void encryptsWithTheGeneratedKey(Context ctx) {
        byte[] msg = "hello acipher".getBytes();
        try (Session s = ctx.openSession(UUID)) {
            assertTaError(TeeResult.BAD_STATE, () -> s.invoke(AcipherTa.CMD_ENCRYPT, Operation.create()
                    .tempMemref(0, MEMREF_TEMP_INPUT, msg).tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[256])));
            s.invoke(AcipherTa.CMD_GEN_KEY, Operation.create().value(0, VALUE_INPUT, 2048, 0));

            Operation small = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, msg)
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[16]);
            assertTaError(TeeResult.SHORT_BUFFER, () -> s.invoke(AcipherTa.CMD_ENCRYPT, small));
            assertEquals(256, small.size(1));

            Operation v15 = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, msg)
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[256]);
            s.invoke(AcipherTa.CMD_ENCRYPT, v15);
            assertEquals(256, v15.size(1));

            for (int alg = AcipherTa.ALG_PKCS1_V1_5; alg <= AcipherTa.ALG_OAEP_MGF1_SHA512; alg++) {
                byte[] ct = new byte[256];
                s.invoke(AcipherTa.CMD_ENCRYPT, Operation.create().value(0, VALUE_INPUT, alg, 0)
                        .tempMemref(1, MEMREF_TEMP_INPUT, msg).tempMemref(2, MEMREF_TEMP_OUTPUT, ct));
                byte[] back = new byte[256];
                Operation dec = Operation.create().value(0, VALUE_INPUT, alg, 1)
                        .tempMemref(1, MEMREF_TEMP_INPUT, ct).tempMemref(2, MEMREF_TEMP_OUTPUT, back);
                s.invoke(AcipherTa.CMD_ENCRYPT, dec);
                assertArrayEquals(msg, Arrays.copyOf(back, (int) dec.size(2)), "algorithm " + alg);
            }
        }
    }
}
