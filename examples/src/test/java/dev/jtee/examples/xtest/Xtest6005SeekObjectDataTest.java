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

/** xtest 6005 "Test TEE_SeekObjectData". */
@JteeTest
class Xtest6005SeekObjectDataTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void seeksThenReads(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = create(s, FILE_01, WRITE | READ | WRITE_META, 0, DATA_00);
            seek(s, obj, 10, 0);
            assertArrayEquals(Arrays.copyOfRange(DATA_00, 10, 20), read(s, obj, 10));
            unlink(s, obj);
        }
    }
}
