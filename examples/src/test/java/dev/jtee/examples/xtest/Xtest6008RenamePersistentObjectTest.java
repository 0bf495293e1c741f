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

/** xtest 6008 "Test TEE_RenamePersistentObject". */
@JteeTest
class Xtest6008RenamePersistentObjectTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void renamesWithItsData(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            close(s, create(s, FILE_02, WRITE, 0, DATA_01));
            int obj = open(s, FILE_02, WRITE | WRITE_META);
            write(s, obj, DATA_00);
            rename(s, obj, FILE_03);
            close(s, obj);
            obj = open(s, FILE_03, READ | WRITE_META);
            assertArrayEquals(Arrays.copyOf(DATA_00, 10), read(s, obj, 10));
            unlink(s, obj);
            Xtest.assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, () -> open(s, FILE_02, READ));
        }
    }
}
