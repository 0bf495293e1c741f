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

/** xtest 6006 "Test TEE_CloseAndDeletePersistentObject". */
@JteeTest
class Xtest6006CloseAndDeletePersistentObjectTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void deletedObjectIsGone(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            unlink(s, create(s, FILE_01, WRITE_META, 0, DATA_00));
            Xtest.assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, () -> open(s, FILE_01, READ));
        }
    }
}
