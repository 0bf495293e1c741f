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

/** xtest 6020 "Object IDs in SHM (negative)": an object id in a parameter buffer kills the TA. */
@JteeTest
class Xtest6020ObjectIdInShmTest {
    private static final TeeUuid STORAGE = TeeUuid.parse(StorageTa.UUID);

    private static dev.jtee.client.Operation idOp(byte[] id) {
        return dev.jtee.client.Operation.create().tempMemref(0, dev.jtee.api.ParamType.MEMREF_TEMP_INPUT, id);
    }

    @Test
    void idsInSharedMemoryPanic(Context ctx) {
        dev.jtee.api.ParamType vin = dev.jtee.api.ParamType.VALUE_INPUT;
        dev.jtee.api.ParamType vinout = dev.jtee.api.ParamType.VALUE_INOUT;
        try (Session s = ctx.openSession(STORAGE)) {
            close(s, create(s, FILE_01, WRITE | WRITE_META | OVERWRITE, 0, DATA_00));
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(StorageTa.CMD_OPEN_ID_IN_SHM,
                    idOp(FILE_01).value(1, vinout, WRITE | WRITE_META, 0).value(2, vin, PRIVATE, 0)));
        }
        try (Session s = ctx.openSession(STORAGE)) {
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(StorageTa.CMD_CREATEOVER_ID_IN_SHM,
                    idOp(FILE_01).value(1, vin, PRIVATE, 0)));
        }
        try (Session s = ctx.openSession(STORAGE)) {
            int obj = open(s, FILE_01, WRITE | WRITE_META);
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(StorageTa.CMD_RENAME_ID_IN_SHM,
                    dev.jtee.client.Operation.create().value(0, vin, obj, 0)
                            .tempMemref(1, dev.jtee.api.ParamType.MEMREF_TEMP_INPUT, Arrays.copyOf(FILE_01, 1))));
        }
        try (Session s = ctx.openSession(STORAGE)) {
            // the dead instance released its handle: the object can be opened and deleted
            unlink(s, open(s, FILE_01, WRITE | WRITE_META));
            Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(StorageTa.CMD_CREATE_ID_IN_SHM,
                    idOp(FILE_01).value(1, vinout, WRITE | WRITE_META | OVERWRITE, 0).value(2, vin, 0, PRIVATE)
                            .tempMemref(3, dev.jtee.api.ParamType.MEMREF_TEMP_INPUT, DATA_00)));
        }
    }
}
