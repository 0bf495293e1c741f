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

/** xtest 6017 "Test Persistent objects info". */
@JteeTest
class Xtest6017ObjectInfoTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void dataSizeSurvivesReopen(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = create(s, FILE_01, WRITE, 0, null);
            write(s, obj, DATA_00);
            long size1 = dataSize(s, obj);
            close(s, obj);
            obj = open(s, FILE_01, WRITE_META);
            assertEquals(DATA_00.length, size1);
            assertEquals(size1, dataSize(s, obj));
            unlink(s, obj);
        }
    }
}
