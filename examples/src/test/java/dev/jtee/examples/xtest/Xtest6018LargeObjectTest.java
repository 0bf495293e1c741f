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

/** xtest 6018 "Large object": 20 blocks of 32 KiB written and read back. */
@JteeTest
class Xtest6018LargeObjectTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void twentyBlocksOf32KiB(Context ctx) {
        int blocks = 20;
        int blockSize = 32 * 1024;
        byte[] block = new byte[blockSize];
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = create(s, FILE_01, WRITE, 0, null);
            for (int n = 0; n < blocks; n++) {
                Arrays.fill(block, (byte) n);
                write(s, obj, block);
            }
            assertEquals((long) blocks * blockSize, dataSize(s, obj));
            close(s, obj);
            obj = open(s, FILE_01, READ | WRITE_META);
            assertEquals((long) blocks * blockSize, dataSize(s, obj));
            for (int n = 0; n < blocks; n++) {
                Arrays.fill(block, (byte) n);
                assertArrayEquals(block, read(s, obj, blockSize), "block " + n);
            }
            unlink(s, obj);
        }
    }
}
