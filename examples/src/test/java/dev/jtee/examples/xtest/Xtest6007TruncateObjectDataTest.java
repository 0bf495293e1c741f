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

/** xtest 6007 "Test TEE_TruncateObjectData": truncate, extend, file hole. */
@JteeTest
class Xtest6007TruncateObjectDataTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    private static final int RWM = WRITE | READ | WRITE_META;

    @Test
    void truncateFileLength(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = create(s, FILE_01, RWM, 0, DATA_00);
            trunc(s, obj, 10);
            seek(s, obj, 5, 0);
            assertArrayEquals(Arrays.copyOfRange(DATA_00, 5, 10), read(s, obj, 10));
            close(s, obj);
            obj = open(s, FILE_01, RWM);
            seek(s, obj, 5, 0);
            assertArrayEquals(Arrays.copyOfRange(DATA_00, 5, 10), read(s, obj, 10));
            unlink(s, obj);
        }
    }

    @Test
    void extendFileLength(Context ctx) {
        byte[] expect = new byte[10];
        expect[0] = DATA_00[30];
        expect[1] = DATA_00[31];
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = create(s, FILE_01, RWM, 0, DATA_00);
            trunc(s, obj, 40);
            seek(s, obj, 30, 0);
            assertArrayEquals(expect, read(s, obj, 10));
            close(s, obj);
            obj = open(s, FILE_01, RWM);
            seek(s, obj, 30, 0);
            assertArrayEquals(expect, read(s, obj, 10));
            unlink(s, obj);
        }
    }

    @Test
    void fileHole(Context ctx) {
        byte[] expect = new byte[10];
        System.arraycopy(DATA_00, 0, expect, 6, 4);
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = create(s, FILE_01, RWM, 0, DATA_00);
            seek(s, obj, 80, 0);
            write(s, obj, DATA_00);
            seek(s, obj, 74, 0);
            assertArrayEquals(expect, read(s, obj, 10));
            close(s, obj);
            obj = open(s, FILE_01, RWM);
            seek(s, obj, 74, 0);
            assertArrayEquals(expect, read(s, obj, 10));
            unlink(s, obj);
        }
    }
}
