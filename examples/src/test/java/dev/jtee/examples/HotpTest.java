package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.VALUE_OUTPUT;
import static dev.jtee.examples.TaErrors.assertTaError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/** optee_examples hotp against RFC 4226 Appendix D's published values. */
@JteeTest
class HotpTest {
    private static final TeeUuid UUID = TeeUuid.parse(HotpTa.UUID);
    private static final int[] RFC4226 = {755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871,
        520489};

    @Test
    void producesTheRfc4226Values(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            assertTaError(TeeResult.BAD_STATE, () -> s.invoke(HotpTa.CMD_GET_HOTP,
                    Operation.create().value(0, VALUE_OUTPUT, 0, 0)));
            s.invoke(HotpTa.CMD_REGISTER_SHARED_KEY, Operation.create()
                    .tempMemref(0, MEMREF_TEMP_INPUT, "12345678901234567890".getBytes()));
            for (int expected : RFC4226) {
                Operation op = Operation.create().value(0, VALUE_OUTPUT, 0, 0);
                s.invoke(HotpTa.CMD_GET_HOTP, op);
                assertEquals(expected, op.valueA(0));
            }
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(HotpTa.CMD_REGISTER_SHARED_KEY,
                    Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, new byte[65])));
        }
    }
}
