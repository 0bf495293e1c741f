package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Fs.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** xtest 6001 "Test TEE_CreatePersistentObject" (TEE_STORAGE_PRIVATE, through the storage TA). */
@JteeTest
class Xtest6001CreatePersistentObjectTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void createThenDelete(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = create(s, FILE_00, WRITE | WRITE_META, 0, DATA_00);
            unlink(s, obj);
            Xtest.assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, () -> open(s, FILE_00, READ));
        }
    }
}
