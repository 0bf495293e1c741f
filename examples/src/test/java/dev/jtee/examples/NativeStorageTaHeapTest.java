package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.VALUE_INOUT;
import static dev.jtee.api.ParamType.VALUE_INPUT;

import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.xtest.StorageTa;
import dev.jtee.junit.JteeTest;
import dev.jtee.ta.TeeDefines;
import org.junit.jupiter.api.Test;

/**
 * The C storage test TA (ta-native/ta/storage, behind the NativeXtest60xx mirrors) copies each object
 * id into its heap before the API sees it (GP: an id must not live in shared memory); each copy goes back.
 */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeStorageTaHeapTest implements CTaUnderTest {
    private static final byte[] ID = { 's', 't', 'o' };
    private static final byte[] NEW_ID = { 'n', 'e', 'w' };

    @Override
    public String taUuid() {
        return StorageTa.UUID;
    }

    @Test
    void eachObjectIdCopyIsFreed(Context ctx, SecureWorld world) {
        int flags = TeeDefines.DATA_FLAG_ACCESS_WRITE_META | TeeDefines.DATA_FLAG_OVERWRITE;
        try (Session s = ctx.openSession(TeeUuid.parse(taUuid()))) {
            CTaUnderTest.assertFreesWhatItAllocates(world, taUuid(), 3, () -> {
                Operation create = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, ID)
                        .value(1, VALUE_INOUT, flags, 0).value(2, VALUE_INPUT, 0, TeeDefines.STORAGE_PRIVATE)
                        .tempMemref(3, MEMREF_TEMP_INPUT, ID);
                s.invoke(StorageTa.CMD_CREATE, create);
                int obj = create.valueB(1);
                s.invoke(StorageTa.CMD_RENAME, Operation.create().value(0, VALUE_INPUT, obj, 0)
                        .tempMemref(1, MEMREF_TEMP_INPUT, NEW_ID));
                s.invoke(StorageTa.CMD_CLOSE, Operation.create().value(0, VALUE_INPUT, obj, 0));
                Operation open = Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, NEW_ID)
                        .value(1, VALUE_INOUT, flags & ~TeeDefines.DATA_FLAG_OVERWRITE, 0)
                        .value(2, VALUE_INPUT, TeeDefines.STORAGE_PRIVATE, 0);
                s.invoke(StorageTa.CMD_OPEN, open);
                s.invoke(StorageTa.CMD_UNLINK, Operation.create().value(0, VALUE_INPUT, open.valueB(1), 0));
            });
        }
    }
}
