package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.api.ParamType.VALUE_INPUT;

import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/** Every test of {@link SignVerifyTest}, run against the project's C sign_verify TA (ta-native/ta/sign_verify), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeSignVerifyTest extends SignVerifyTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return SignVerifyTa.UUID;
    }

    /** Each call's signature buffer comes from the TA heap (512 bytes would crowd a 2 KiB stack) and goes back. */
    @Test
    void eachCallFreesItsSignatureBuffer(Context ctx, SecureWorld world) {
        try (Session s = ctx.openSession(TeeUuid.parse(taUuid()))) {
            CTaUnderTest.assertFreesWhatItAllocates(world, taUuid(), 3, () -> {
                for (int alg = 0; alg < 3; alg++) {
                    s.invoke(SignVerifyTa.CMD_SIGN_VERIFY, Operation.create()
                            .tempMemref(0, MEMREF_TEMP_INPUT, "sign me".getBytes())
                            .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[512]).value(2, VALUE_INPUT, alg, 0)
                            .value(3, VALUE_INPUT, 1024, 0));
                }
            });
        }
    }
}
