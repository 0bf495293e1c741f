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
import org.junit.jupiter.api.Test;

/** optee_examples sign_verify: every PSS and PKCS#1 v1.5 variant signs and verifies inside the TA. */
@JteeTest
class SignVerifyTest {
    private static final TeeUuid UUID = TeeUuid.parse(SignVerifyTa.UUID);

    @Test
    void allTenAlgorithms(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            for (int alg = 0; alg < 10; alg++) {
                Operation op = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, "sign me".getBytes())
                        .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[512]).value(2, VALUE_INPUT, alg, 0)
                        .value(3, VALUE_INPUT, 2048, 0);
                s.invoke(SignVerifyTa.CMD_SIGN_VERIFY, op);
                assertEquals(256, op.size(1), "algorithm " + alg);
            }
            Operation small = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, "x".getBytes())
                    .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[16]).value(2, VALUE_INPUT, 7, 0)
                    .value(3, VALUE_INPUT, 2048, 0);
            assertTaError(TeeResult.SHORT_BUFFER, () -> s.invoke(SignVerifyTa.CMD_SIGN_VERIFY, small));
            assertEquals(256, small.size(1));
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(SignVerifyTa.CMD_SIGN_VERIFY, Operation.create()
                    .tempMemref(0, MEMREF_TEMP_INPUT, "x".getBytes()).tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[16])
                    .value(2, VALUE_INPUT, 10, 0).value(3, VALUE_INPUT, 2048, 0)));
        }
    }
}
