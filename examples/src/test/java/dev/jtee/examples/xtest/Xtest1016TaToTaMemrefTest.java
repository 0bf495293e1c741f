package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtee.api.ParamType;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 1016 "Test TA to TA transfers (in/out/inout memrefs on the stack)": os_test sends
 * memrefs into its own memory to another os_test instance, and forwards zero-sized non-null
 * memrefs it got from the client. jtee adds forwarding non-empty client memrefs.
 */
@JteeTest
class Xtest1016TaToTaMemrefTest {

    @Test
    void memrefsIntoTheCallersHeap(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            Xtest.selfCheck(s, OsTestTa.CMD_TA2TA_MEMREF, "TA2TA_MEMREF");
            // as xtest calls it: no parameters
            s.invoke(OsTestTa.CMD_TA2TA_MEMREF, Operation.create());
        }
    }

    @Test
    void zeroSizedMemrefsForwarded(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            byte[] dummy = new byte[0];
            s.invoke(OsTestTa.CMD_TA2TA_MEMREF_SIZE0, Operation.create()
                    .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, dummy)
                    .tempMemref(1, ParamType.MEMREF_TEMP_INOUT, dummy)
                    .tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, dummy));
        }
    }

    @Test
    void clientMemrefsForwarded(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            byte[] in = new byte[300];
            byte[] inout = new byte[300];
            byte[] out = new byte[300];
            for (int i = 0; i < in.length; i++) {
                in[i] = (byte) i;
                inout[i] = (byte) (3 * i);
            }
            Operation op = Operation.create()
                    .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, in)
                    .tempMemref(1, ParamType.MEMREF_TEMP_INOUT, inout)
                    .tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, out);
            s.invoke(OsTestTa.CMD_TA2TA_MEMREF_PARAMS, op);
            for (int i = 0; i < in.length; i++) {
                assertEquals((byte) i, in[i], "input untouched at " + i);
                assertEquals((byte) (3 * i + 1), inout[i], "inout incremented at " + i);
                assertEquals((byte) (3 * i + 1 + i), out[i], "out = ++inout + in at " + i);
            }
            assertEquals(300, op.size(1));
            assertEquals(300, op.size(2));
        }
    }
}
