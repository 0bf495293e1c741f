package dev.jtee.examples;

import static dev.jtee.api.ParamType.MEMREF_TEMP_INPUT;
import static dev.jtee.api.ParamType.MEMREF_TEMP_OUTPUT;
import static dev.jtee.examples.TaErrors.assertTaError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** optee_examples secure_storage: write, read back (SHORT_BUFFER with the size), delete. */
@JteeTest
class SecureStorageTest {
    private static final TeeUuid UUID = TeeUuid.parse(SecureStorageTa.UUID);

    private static void write(Session s, byte[] id, byte[] data) {
        s.invoke(SecureStorageTa.CMD_WRITE_RAW, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id)
                .tempMemref(1, MEMREF_TEMP_INPUT, data));
    }

    private static Operation read(byte[] id, byte[] out) {
        return Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id).tempMemref(1, MEMREF_TEMP_OUTPUT, out);
    }

    @Test
    void writeReadDeleteAcrossSessions(Context ctx) {
        byte[] id = "object#1".getBytes();
        byte[] data = new byte[7000];
        Arrays.fill(data, (byte) 0xA5);
        try (Session s = ctx.openSession(UUID)) {
            write(s, id, data);
        }
        try (Session s = ctx.openSession(UUID)) {
            Operation small = read(id, new byte[10]);
            assertTaError(TeeResult.SHORT_BUFFER, () -> s.invoke(SecureStorageTa.CMD_READ_RAW, small));
            assertEquals(data.length, small.size(1));
            byte[] out = new byte[8000];
            Operation op = read(id, out);
            s.invoke(SecureStorageTa.CMD_READ_RAW, op);
            assertEquals(data.length, op.size(1));
            assertArrayEquals(data, Arrays.copyOf(out, data.length));

            write(s, id, "shorter".getBytes());
            Operation again = read(id, new byte[100]);
            s.invoke(SecureStorageTa.CMD_READ_RAW, again);
            assertEquals(7, again.size(1));

            s.invoke(SecureStorageTa.CMD_DELETE, Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id));
            assertTaError(TeeResult.ITEM_NOT_FOUND, () -> s.invoke(SecureStorageTa.CMD_READ_RAW, read(id, new byte[10])));
            assertTaError(TeeResult.ITEM_NOT_FOUND, () -> s.invoke(SecureStorageTa.CMD_DELETE,
                    Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, id)));
        }
    }

    @Test
    void wrongParametersAndUnknownCommands(Context ctx) {
        try (Session s = ctx.openSession(UUID)) {
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(SecureStorageTa.CMD_WRITE_RAW,
                    Operation.create().tempMemref(0, MEMREF_TEMP_INPUT, new byte[2])));
            assertTaError(TeeResult.BAD_PARAMETERS, () -> s.invoke(7, Operation.create()));
        }
    }
}
