package dev.jtee.examples.xtest;

import static dev.jtee.examples.xtest.Fs.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import dev.jtee.ta.TeeDefines;
import org.junit.jupiter.api.Test;

/**
 * xtest 6021 "Modify and check persistent object usage" (optee_test 4.1.0 on): a new object has
 * every usage bit; TEE_RestrictObjectUsage1 drops EXTRACTABLE, and the restriction is stored with
 * the object, so a later session opening it sees the same usage.
 */
@JteeTest
class Xtest6021ObjectUsageTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);
    private static final int FLAGS = READ | WRITE | WRITE_META;

    @Test
    void restrictedUsageIsKeptWithTheObject(Context ctx) {
        int usage = 0xffffffff;
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = create(s, FILE_01, FLAGS | OVERWRITE, 0, DATA_00);
            assertEquals(usage, objectUsage(s, obj));
            usage &= ~TeeDefines.USAGE_EXTRACTABLE;
            restrictUsage(s, obj, usage);
            assertEquals(usage, objectUsage(s, obj));
            close(s, obj);
        }
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = open(s, FILE_01, FLAGS);
            assertEquals(usage, objectUsage(s, obj), "usage after reopening in a new session");
            unlink(s, obj);
        }
    }
}
