package dev.jtee.examples.xtest;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.SharedMemory;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 1025 "Test memref NULL and/or 0 bytes size": registering a NULL buffer is refused;
 * a non-NULL buffer of size 0 reaches the TA as a non-null, empty memref and a NULL buffer as a
 * null memref; a memref of size 1 where the TA wants 0 bytes is refused by the TA.
 */
@JteeTest
class Xtest1025NullAndZeroSizeMemrefTest {

    @Test
    void invalidNullBufferRegistration(Context ctx) {
        Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                () -> ctx.registerSharedMemory(null, SharedMemory.MEM_INPUT).close());
        Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                () -> ctx.registerSharedMemory(null, SharedMemory.MEM_OUTPUT).close());
    }

    @Test
    void inputOutputMemrefBufferNullSize0(Context ctx) {
        byte[] empty = new byte[0];
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            s.invoke(OsTestTa.CMD_NULL_MEMREF_PARAMS, Operation.create()
                    .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, empty)
                    .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, null)
                    .tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, empty)
                    .tempMemref(3, ParamType.MEMREF_TEMP_OUTPUT, null));
        }
    }

    @Test
    void inputMemrefBufferNonNullSizeNon0(Context ctx) {
        byte[] empty = new byte[0];
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.TRUSTED_APP, () -> s.invoke(OsTestTa.CMD_NULL_MEMREF_PARAMS,
                    Operation.create()
                            .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[1])
                            .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, null)
                            .tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, empty)
                            .tempMemref(3, ParamType.MEMREF_TEMP_OUTPUT, null)));
        }
    }

    @Test
    void nullInoutMemrefReachesTheTaAsNull(Context ctx) {
        // xtest's last subcase uses a pseudo-TA; os_test's ECHO takes a null INOUT memref just as well
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            Operation op = Operation.create()
                    .tempMemref(0, ParamType.MEMREF_TEMP_INOUT, null)
                    .value(1, ParamType.VALUE_OUTPUT, -1, -1);
            s.invoke(OsTestTa.CMD_ECHO, op);
            org.junit.jupiter.api.Assertions.assertEquals(0, op.valueB(1), "total input length seen by the TA");
        }
    }
}
