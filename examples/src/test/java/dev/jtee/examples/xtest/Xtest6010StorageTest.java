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

/** xtest 6010 "Test Storage": access conflicts, panics on bad handles, seek/write/read, enumerator corner cases, null handles. */
@JteeTest
class Xtest6010StorageTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    private static final int ALL = READ | WRITE | WRITE_META | SHARE_READ | SHARE_WRITE | OVERWRITE;
    private static final byte[] DATA = new byte[1024];

    static {
        for (int n = 0; n < DATA.length; n++) {
            DATA[n] = (byte) n;
        }
    }

    @Test
    void createAccessConflict(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            int o1 = create(s, FILE_00, ALL, 0, DATA);
            Xtest.assertTeeError(TeeResult.ACCESS_CONFLICT, Origin.TRUSTED_APP,
                    () -> create(s, FILE_00, READ | WRITE, 0, DATA));
            unlink(s, o1);
        }
    }

    @Test
    void badHandlesPanic(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> restrictUsage(s, 0xffffbad0, 0xffffffff));
        }
        try (Session s = ctx.openSession(STORAGE)) {
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> seek(s, 0xffffbad0, 5, 0));
        }
        try (Session s = ctx.openSession(STORAGE)) {
            int o1 = allocObj(s, dev.jtee.ta.TeeDefines.TYPE_AES, 256);
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> seek(s, o1, 5, 0));
        }
    }

    @Test
    void seekWriteRead(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            int o1 = create(s, FILE_00, ALL, 0, DATA);
            seek(s, o1, 2, 0);
            seek(s, o1, 0, 2);
            write(s, o1, DATA);
            seek(s, o1, DATA.length, 0);
            assertArrayEquals(DATA, read(s, o1, DATA.length));
            seek(s, o1, 10, 2);
            assertEquals(0, read(s, o1, DATA.length).length);
            seek(s, o1, -DATA.length / 2, 2);
            assertArrayEquals(Arrays.copyOfRange(DATA, DATA.length / 2, DATA.length), read(s, o1, DATA.length / 2));
            unlink(s, o1);
        }
    }

    @Test
    void renameAccessConflicts(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            int o1 = create(s, FILE_00, ALL, 0, DATA);
            int o2 = create(s, FILE_01, ALL, 0, Arrays.copyOf(DATA, DATA.length / 2));
            Xtest.assertTeeError(TeeResult.ACCESS_CONFLICT, Origin.TRUSTED_APP, () -> rename(s, o2, FILE_00));
            unlink(s, o1);
            unlink(s, o2);

            close(s, create(s, FILE_00, ALL, 0, DATA));
            int o3 = create(s, FILE_01, ALL, 0, Arrays.copyOf(DATA, DATA.length / 2));
            Xtest.assertTeeError(TeeResult.ACCESS_CONFLICT, Origin.TRUSTED_APP, () -> rename(s, o3, FILE_00));
            int o4 = create(s, FILE_00, ALL, 0, DATA);
            unlink(s, o4);
            unlink(s, o3);
        }
    }

    @Test
    void enumeratorCornerCasesAndNullHandles(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            resetEnum(s, allocEnum(s));
            int e = allocEnum(s);
            Xtest.assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, () -> nextEnum(s, e, null));
            Xtest.assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.TRUSTED_APP, () -> startEnum(s, e));
            freeEnum(s, e);

            int o1 = create(s, FILE_00, ALL, 0, DATA);
            rename(s, o1, FILE_01);
            unlink(s, o1);

            close(s, 0);
            freeObj(s, 0);
            resetObj(s, 0);
        }
    }
}
