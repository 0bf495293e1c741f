package dev.jtee.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** optee_examples random (reference facts §7): cmd 0 fills a MEMREF_OUTPUT with random bytes. */
@JteeTest
class RandomTest {
    private static final TeeUuid UUID = TeeUuid.parse(RandomTa.UUID);

    @Test
    void fillsTheOutputWithRandomBytes(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            byte[] first = new byte[32];
            byte[] second = new byte[32];
            Operation op = Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_OUTPUT, first);
            s.invoke(RandomTa.CMD_GENERATE, op);
            assertEquals(32, op.size(0));
            s.invoke(RandomTa.CMD_GENERATE, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_OUTPUT, second));
            assertFalse(Arrays.equals(new byte[32], first), "32 random bytes are not all zero");
            assertFalse(Arrays.equals(first, second), "two draws of 32 bytes differ");
        }
    }

    @Test
    void fillsLargeBuffersCompletely(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            byte[] out = new byte[16 * 1024];
            s.invoke(RandomTa.CMD_GENERATE, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_OUTPUT, out));
            // a 1 KiB run of zeros in 16 KiB of random bytes would mean part of the buffer was left alone
            for (int start = 0; start < out.length; start += 1024) {
                assertFalse(Arrays.equals(new byte[1024], Arrays.copyOfRange(out, start, start + 1024)),
                        "bytes " + start + ".. were not filled");
            }
        }
    }

    @Test
    void wrongParametersAreRefusedByTheTa(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            TeeException e = assertThrows(TeeException.class, () -> s.invoke(RandomTa.CMD_GENERATE,
                    Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[8])));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin());
            TeeException unknown = assertThrows(TeeException.class, () -> s.invoke(1,
                    Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_OUTPUT, new byte[8])));
            assertEquals(TeeResult.BAD_PARAMETERS, unknown.result());
            assertEquals(Origin.TRUSTED_APP, unknown.origin());
        }
    }
}
