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

/** xtest 6019 "Storage independence": two TAs keep separate objects under the same id. */
@JteeTest
class Xtest6019StorageIndependenceTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    private static final TeeUuid STORAGE2 = TeeUuid.parse(Storage2Ta.UUID);

    @Test
    void sameIdTwoTas(Context ctx) {
        try (Session s = ctx.openSession(STORAGE); Session s2 = ctx.openSession(STORAGE2)) {
            close(s, create(s, FILE_01, WRITE | WRITE_META | OVERWRITE, 0, DATA_00));
            close(s2, create(s2, FILE_01, WRITE | WRITE_META | OVERWRITE, 0, DATA_01));
            int obj = open(s, FILE_01, READ | WRITE_META);
            int obj2 = open(s2, FILE_01, READ | WRITE_META);
            assertArrayEquals(Arrays.copyOf(DATA_00, 10), read(s, obj, 10));
            assertArrayEquals(Arrays.copyOf(DATA_01, 10), read(s2, obj2, 10));
            unlink(s2, obj2);
            unlink(s, obj);
        }
    }
}
