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

/** xtest 6012 "Test TEE GP TTA DS init objects": create with overwrite, and without it on an existing id. */
@JteeTest
class Xtest6012InitObjectsTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    @Test
    void overwriteRules(Context ctx) {
        try (Session s = ctx.openSession(STORAGE)) {
            createOverwrite(s, FILE_04);
        }
        int obj;
        try (Session s = ctx.openSession(STORAGE)) {
            createOverwrite(s, FILE_04);
            obj = create(s, FILE_04, WRITE | WRITE_META | OVERWRITE, 0, null);
        }
        try (Session s = ctx.openSession(STORAGE)) {
            Xtest.assertTeeError(TeeResult.ACCESS_CONFLICT, Origin.TRUSTED_APP,
                    () -> create(s, FILE_04, WRITE | WRITE_META, 0, null));
            unlink(s, open(s, FILE_04, READ | WRITE_META));
        }
    }
}
