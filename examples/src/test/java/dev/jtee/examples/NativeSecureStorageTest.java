package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;

import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.core.SecureWorld;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/** Every test of {@link SecureStorageTest}, run against the project's C secure_storage TA (ta-native/ta/secure_storage), which must behave the same. */
@JteeTest(taDirs = "${jtee.native.home}/ta")
class NativeSecureStorageTest extends SecureStorageTest implements CTaUnderTest {
    @Override
    public String taUuid() {
        return SecureStorageTa.UUID;
    }

    /** The TA is single-instance, so a block it did not free would stay for every later session. */
    @Test
    void eachCallFreesTheIdCopyItAllocates(Context ctx, SecureWorld world) {
        byte[] id = "leak-check".getBytes();
        try (Session s = ctx.openSession(TeeUuid.parse(taUuid()))) {
            CTaUnderTest.assertFreesWhatItAllocates(world, taUuid(), 41, () -> {
                for (int i = 0; i < 20; i++) {
                    s.invoke(SecureStorageTa.CMD_WRITE_RAW, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id)
                            .tempMemref(1, MEMREF_TEMP_INPUT, new byte[100]));
                    s.invoke(SecureStorageTa.CMD_READ_RAW, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id)
                            .tempMemref(1, MEMREF_TEMP_OUTPUT, new byte[100]));
                }
                s.invoke(SecureStorageTa.CMD_DELETE, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id));
            });
        }
    }
}
