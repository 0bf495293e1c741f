package dev.jtee.examples.xtest;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * xtest 4012 "Test seeding RNG entropy": the crypt TA hands 32 bytes of the client's to the system
 * PTA's PTA_SYSTEM_ADD_RNG_ENTROPY (the real case skips with "System PTA not available" on
 * ITEM_NOT_FOUND; here the PTA is there and the call succeeds).
 */
@JteeTest
class Xtest4012SeedRngTest {
    @Test
    void seedingTheRngPoolThroughTheSystemPtaSucceeds(Context ctx) {
        // as the case does: a struct tm's first 32 bytes (Fortuna wants at most 32)
        byte[] pool = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder())
                .putInt(7).putInt(8).putInt(1).putInt(5).putInt(11).putInt(126).putInt(6).putInt(338).array();
        try (Session s = ctx.openSession(Crypt.UUID)) {
            s.invoke(CryptTa.CMD_SEED_RNG_POOL, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, pool));
            // seed_rng_pool refuses an empty pool itself
            TeeException e = assertThrows(TeeException.class, () -> s.invoke(CryptTa.CMD_SEED_RNG_POOL,
                    Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, new byte[0])));
            assertEquals(TeeResult.BAD_PARAMETERS, e.result());
            assertEquals(Origin.TRUSTED_APP, e.origin());
        }
    }
}
