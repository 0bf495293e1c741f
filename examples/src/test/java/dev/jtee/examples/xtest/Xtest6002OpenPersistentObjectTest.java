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

/** xtest 6002 "Test TEE_OpenPersistentObject". */
@JteeTest
class Xtest6002OpenPersistentObjectTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void createCloseOpenTwice(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            close(s, create(s, FILE_01, WRITE, 0, DATA_00));
            close(s, open(s, FILE_01, WRITE_META));
            unlink(s, open(s, FILE_01, WRITE_META));
        }
    }
}
