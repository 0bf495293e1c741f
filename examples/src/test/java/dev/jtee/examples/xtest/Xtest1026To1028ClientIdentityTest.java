package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Login;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeUuid;
import dev.jtee.api.spi.ClientUuids;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * xtest 1026–1028: os_test's CLIENT_IDENTITY answers the login and the client UUID as a {@code
 * TEEC_UUID} struct, which xtest compares with memcmp against one it built in C; so the bytes are
 * the struct's, fields in the CPU's byte order (native-ta-facts.md §4).
 */
@JteeTest
class Xtest1026To1028ClientIdentityTest {
    private static final TeeUuid OS_TEST = Xtest.uuid(OsTestTa.UUID);

    @Test
    void publicLoginIsTheNilUuid(Context ctx) {
        assertArrayEquals(new byte[16], identity(ctx, Login.PUBLIC, null));
    }

    @Test
    void userLoginIsTheUuidV5OfTheEffectiveUidAsATeecUuidStruct(Context ctx) throws Exception {
        long uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        TeeUuid want = ClientUuids.of("uid=" + Long.toHexString(uid));
        assertArrayEquals(NativeUuid.toBytes(want), identity(ctx, Login.USER, null));
    }

    @Test
    void groupLoginIsTheUuidV5OfTheGroupAsATeecUuidStruct(Context ctx) throws Exception {
        long gid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:gid")).longValue();
        TeeUuid want = ClientUuids.of("gid=" + Long.toHexString(gid));
        assertArrayEquals(NativeUuid.toBytes(want), identity(ctx, Login.GROUP, (int) gid));
    }

    private static byte[] identity(Context ctx, Login login, Integer group) {
        try (Session s = ctx.openSession(OS_TEST, login, group, null)) {
            byte[] out = new byte[16];
            Operation op = Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0)
                    .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, out);
            s.invoke(OsTestTa.CMD_CLIENT_IDENTITY, op);
            assertEquals(login.value(), op.valueA(0));
            assertEquals(16, op.size(1));
            return out;
        }
    }
}
