package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 1012 "Single Instance Multi Session" with the sims TA: data written through one session
 * is read through others (one shared instance), and each session's counter is the number of
 * sessions the instance had opened before it.
 */
@JteeTest
class Xtest1012SingleInstanceMultiSessionTest {
    private static final byte[] IN = {
        0x5A, 0x6E, 0x04, 0x57, 0x08, (byte) 0xFB, 0x71, (byte) 0x96,
        (byte) 0xF0, 0x2E, 0x55, 0x3D, 0x02, (byte) 0xC3, (byte) 0xA6, (byte) 0x92,
        (byte) 0xE9, (byte) 0xC3, (byte) 0xEF, (byte) 0x8A, (byte) 0xB2, 0x34, 0x53, (byte) 0xE6,
        (byte) 0xF0, 0x74, (byte) 0x9C, (byte) 0xD6, 0x36, (byte) 0xE7, (byte) 0xA8, (byte) 0x8E
    };

    @Test
    void singleInstanceMultiSession(Context ctx) {
        try (Session session1 = ctx.openSession(Xtest.uuid(SimsTa.UUID))) {
            session1.invoke(SimsTa.CMD_WRITE, Operation.create()
                    .value(0, ParamType.VALUE_INPUT, 0, 0)
                    .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, IN));
            for (int i = 1; i < 3; i++) {
                try (Session session2 = ctx.openSession(Xtest.uuid(SimsTa.UUID))) {
                    byte[] out = new byte[32];
                    session2.invoke(SimsTa.CMD_READ, Operation.create()
                            .value(0, ParamType.VALUE_INPUT, 0, 0)
                            .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, out));
                    assertArrayEquals(IN, out, "read through session " + (i + 1));
                    assertEquals(0, counter(session1));
                    assertEquals(i, counter(session2));
                }
            }
            byte[] out = new byte[32];
            session1.invoke(SimsTa.CMD_READ, Operation.create()
                    .value(0, ParamType.VALUE_INPUT, 0, 0)
                    .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, out));
            assertArrayEquals(IN, out);
        }
    }

    @Test
    void theInstanceGoesAwayWithItsLastSession(Context ctx) {
        // not keep-alive: after the last close a new session gets a fresh instance with fresh globals
        try (Session s = ctx.openSession(Xtest.uuid(SimsTa.UUID))) {
            assertEquals(0, counter(s));
        }
        try (Session s = ctx.openSession(Xtest.uuid(SimsTa.UUID))) {
            assertEquals(0, counter(s));
        }
    }

    @Test
    void keepAliveInstanceOutlivesItsLastSession(Context ctx) {
        // reference facts §2: SINGLE_INSTANCE|INSTANCE_KEEP_ALIVE is not destroyed when its last session closes
        try (Session s = ctx.openSession(Xtest.uuid(SimsKeepAliveTa.UUID))) {
            s.invoke(SimsTa.CMD_WRITE, Operation.create()
                    .value(0, ParamType.VALUE_INPUT, 2, 0)
                    .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, IN));
        }
        try (Session s = ctx.openSession(Xtest.uuid(SimsKeepAliveTa.UUID))) {
            byte[] out = new byte[32];
            s.invoke(SimsTa.CMD_READ, Operation.create()
                    .value(0, ParamType.VALUE_INPUT, 2, 0)
                    .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, out));
            assertArrayEquals(IN, out, "the kept instance still holds what the closed session wrote");
            assertEquals(1, counter(s), "the kept instance counted the earlier session");
        }
    }

    @Test
    void taRefusals(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(SimsTa.UUID))) {
            Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.TRUSTED_APP, () -> s.invoke(SimsTa.CMD_WRITE,
                    Operation.create().value(0, ParamType.VALUE_INPUT, SimsTa.MAX_STORAGE, 0)
                            .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, IN)));
            s.invoke(SimsTa.CMD_WRITE, Operation.create().value(0, ParamType.VALUE_INPUT, 1, 0)
                    .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, IN));
            Xtest.assertTeeError(TeeResult.OVERFLOW, Origin.TRUSTED_APP, () -> s.invoke(SimsTa.CMD_READ,
                    Operation.create().value(0, ParamType.VALUE_INPUT, 1, 0)
                            .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, new byte[16])));
            Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.TRUSTED_APP, () -> s.invoke(99, Operation.create()));
        }
    }

    static int counter(Session s) {
        Operation op = Operation.create().value(0, ParamType.VALUE_OUTPUT, 0, 0);
        s.invoke(SimsTa.CMD_GET_COUNTER, op);
        return op.valueA(0);
    }
}
