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

/** xtest 6015 "Storage isolation": a second TA cannot open, enumerate or infer the first one's objects. */
@JteeTest
class Xtest6015StorageIsolationTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    private static final TeeUuid STORAGE2 = TeeUuid.parse(Storage2Ta.UUID);

    @Test
    void otherTaSeesItemNotFound(Context ctx) {
        try (Session s = ctx.openSession(STORAGE); Session s2 = ctx.openSession(STORAGE2)) {
            int obj = create(s, FILE_01, WRITE | READ | WRITE_META, 0, DATA_00);
            Xtest.assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, () -> open(s2, FILE_01, READ));
            int e = allocEnum(s2);
            Xtest.assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, () -> startEnum(s2, e));
            freeEnum(s2, e);
            // the same id is free for the second TA, and creating it does not touch the first one's
            unlink(s2, create(s2, FILE_01, WRITE_META, 0, DATA_01));
            seek(s, obj, 0, 0);
            assertArrayEquals(Arrays.copyOf(DATA_00, 10), read(s, obj, 10));
            unlink(s, obj);
        }
    }
}
