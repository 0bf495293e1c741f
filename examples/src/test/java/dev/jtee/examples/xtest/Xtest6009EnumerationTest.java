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

/** xtest 6009 "Test TEE Internal API Persistent Object Enumeration Functions". */
@JteeTest
class Xtest6009EnumerationTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void enumeratesExactlyTheThreeObjects(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            int o0 = create(s, FILE_00, WRITE, 0, DATA_01);
            int o1 = create(s, FILE_01, WRITE, 0, DATA_01);
            int o2 = create(s, FILE_02, WRITE, 0, DATA_01);
            close(s, o0);
            close(s, o1);
            close(s, o2);
            int e = allocEnum(s);
            startEnum(s, e);
            java.util.Set<String> seen = new java.util.HashSet<>();
            byte[] info = new byte[200];
            seen.add(Arrays.toString(nextEnum(s, e, info)));
            assertEquals(DATA_01.length, java.nio.ByteBuffer.wrap(info).order(java.nio.ByteOrder.nativeOrder()).getInt(16));
            seen.add(Arrays.toString(nextEnum(s, e, null)));
            seen.add(Arrays.toString(nextEnum(s, e, info)));
            assertEquals(java.util.Set.of(Arrays.toString(FILE_00), Arrays.toString(FILE_01), Arrays.toString(FILE_02)), seen);
            Xtest.assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, () -> nextEnum(s, e, info));
            freeEnum(s, e);
            unlink(s, open(s, FILE_00, WRITE_META));
            unlink(s, open(s, FILE_01, WRITE_META));
            unlink(s, open(s, FILE_02, WRITE_META));
        }
    }
}
