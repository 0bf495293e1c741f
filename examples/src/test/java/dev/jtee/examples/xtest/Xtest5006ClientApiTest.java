package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.SharedMemory;
import dev.jtee.client.Tee;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 5006 "Tests for Global platform TEEC": shared memory allocated and registered for input,
 * output and both, of zero length and of 32 KiB, the same memory twice; OUT_OF_MEMORY for an
 * impossible size; a TA that does not exist; a TEE name that does not exist. jtee adds that data
 * really flows through each kind of memref, and the SHORT_BUFFER size write-back (reference facts §1).
 */
@JteeTest
class Xtest5006ClientApiTest {
    private static final int IN = SharedMemory.MEM_INPUT;
    private static final int OUT = SharedMemory.MEM_OUTPUT;

    @Test
    void allocateIn(Context ctx) {
        try (SharedMemory shm = ctx.allocateSharedMemory(1024, IN)) {
            assertEquals(1024, shm.size());
        }
    }

    @Test
    void allocateOutOfMemory(Context ctx) {
        Xtest.assertTeeError(TeeResult.OUT_OF_MEMORY, Origin.API, () -> ctx.allocateSharedMemory(Long.MAX_VALUE, IN).close());
    }

    @Test
    void openSessionErrorNotExistingTa(Context ctx) {
        TeeException e = assertThrows(TeeException.class,
                () -> ctx.openSession(Xtest.uuid(Xtest1008TaToTaAndCreateFailTest.MISSING_TA)).close());
        assertNotEquals(Origin.TRUSTED_APP, e.origin());
        assertEquals(TeeResult.ITEM_NOT_FOUND, e.result());
        assertEquals(Origin.TEE, e.origin());
    }

    @Test
    void allocateInOut(Context ctx) {
        try (SharedMemory shm = ctx.allocateSharedMemory(4, IN | OUT)) {
            assertEquals(4, shm.size());
        }
    }

    @Test
    void registerInOutAndInOut(Context ctx) {
        ctx.registerSharedMemory(new byte[] {32, 65, 43, 21, 98}, IN).close();
        ctx.registerSharedMemory(new byte[] {56, 67, 78, 99}, OUT).close();
        ctx.registerSharedMemory(new byte[] {54, 76, 23, 98, (byte) 255, 23, 86}, IN | OUT).close();
    }

    @Test
    void zeroLength(Context ctx) {
        ctx.registerSharedMemory(new byte[0], OUT).close();
        ctx.allocateSharedMemory(0, OUT).close();
    }

    @Test
    void initializeContextNotExistingTee() {
        Xtest.assertTeeError(TeeResult.ITEM_NOT_FOUND, Origin.API, () -> Tee.open("Invalid TEE name").close());
    }

    @Test
    void sameMemoryTwice(Context ctx) {
        try (SharedMemory a = ctx.allocateSharedMemory(32, IN); SharedMemory b = ctx.allocateSharedMemory(32, IN)) {
            assertEquals(32, a.size());
            assertEquals(32, b.size());
        }
        byte[] val = {1, 2, 3, 4, 5, 6, 7, 8, 9, 0};
        try (SharedMemory a = ctx.registerSharedMemory(val, IN); SharedMemory b = ctx.registerSharedMemory(val, IN)) {
            assertEquals(val.length, a.size());
            assertEquals(val.length, b.size());
        }
    }

    @Test
    void sharedMemory32k(Context ctx) {
        ctx.allocateSharedMemory(32 * 1024, IN).close();
        ctx.registerSharedMemory(new byte[32 * 1024], IN).close();
    }

    @Test
    void badFlags(Context ctx) {
        // reference facts §1: flags 0 or bits other than IN|OUT → BAD_PARAMETERS
        Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.allocateSharedMemory(16, 0).close());
        Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.registerSharedMemory(new byte[16], 0x4).close());
    }

    @Test
    void releaseTwiceIsANoOp(Context ctx) {
        SharedMemory shm = ctx.allocateSharedMemory(16, IN);
        shm.close();
        shm.close();
    }

    // ---- data through each kind of memref (os_test ECHO)

    @Test
    void wholeMemrefsCarryDataBothWays(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
             SharedMemory in = ctx.registerSharedMemory(new byte[] {1, 2, 3, 4}, IN);
             SharedMemory inout = ctx.allocateSharedMemory(3, IN | OUT);
             SharedMemory out = ctx.allocateSharedMemory(8, OUT)) {
            byte[] io = bytesOf(inout);
            io[0] = 10;
            io[1] = 20;
            io[2] = 30;
            Operation op = Operation.create()
                    .wholeMemref(0, in)
                    .wholeMemref(1, inout)
                    .wholeMemref(2, out)
                    .value(3, ParamType.VALUE_OUTPUT, 0, 0);
            s.invoke(OsTestTa.CMD_ECHO, op);
            assertArrayEquals(new byte[] {11, 21, 31}, java.util.Arrays.copyOf(bytesOf(inout), 3));
            assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOf(bytesOf(out), 4));
            assertEquals(4, op.size(2), "WHOLE OUTPUT: the size the TA reports");
            assertEquals(1 + 2 + 3 + 4 + 10 + 20 + 30, op.valueA(3), "sum of the input bytes the TA saw");
            assertEquals(4 + 3, op.valueB(3), "length of the input the TA saw");
        }
    }

    @Test
    void partialMemrefsCarryTheirWindowOnly(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
             SharedMemory shm = ctx.allocateSharedMemory(64, IN | OUT)) {
            byte[] b = bytesOf(shm);
            for (int i = 0; i < 16; i++) {
                b[i] = (byte) (i + 1);
            }
            Operation op = Operation.create()
                    .partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 4, 4)
                    .partialMemref(1, ParamType.MEMREF_PARTIAL_OUTPUT, shm, 32, 8)
                    .partialMemref(2, ParamType.MEMREF_PARTIAL_INOUT, shm, 12, 2);
            s.invoke(OsTestTa.CMD_ECHO, op);
            byte[] after = bytesOf(shm);
            assertArrayEquals(new byte[] {5, 6, 7, 8}, java.util.Arrays.copyOfRange(after, 32, 36));
            assertEquals(4, op.size(1));
            assertArrayEquals(new byte[] {14, 15}, java.util.Arrays.copyOfRange(after, 12, 14), "INOUT window incremented");
            assertEquals(15, after[14], "the byte after the INOUT window is untouched");
            assertEquals(0, after[36], "nothing written past the reported output");
        }
    }

    @Test
    void tempMemrefsAndValues(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            byte[] out = new byte[5];
            Operation op = Operation.create()
                    .value(0, ParamType.VALUE_INOUT, 41, 99)
                    .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, new byte[] {7, 8, 9})
                    .tempMemref(2, ParamType.MEMREF_TEMP_OUTPUT, out)
                    .value(3, ParamType.VALUE_INPUT, 5, 6);
            s.invoke(OsTestTa.CMD_ECHO, op);
            assertEquals(42, op.valueA(0));
            assertEquals(100, op.valueB(0));
            assertArrayEquals(new byte[] {7, 8, 9, 0, 0}, out);
            assertEquals(3, op.size(2));
        }
    }

    @Test
    void shortBufferWritesBackTheNeededSize(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            byte[] small = new byte[10];
            Operation op = Operation.create()
                    .value(0, ParamType.VALUE_INPUT, 100, 0)
                    .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, small);
            Xtest.assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> s.invoke(OsTestTa.CMD_SHORT_BUFFER, op));
            assertEquals(100, op.size(1), "the size the TA needs, written back on SHORT_BUFFER");

            byte[] big = new byte[100];
            Operation retry = Operation.create()
                    .value(0, ParamType.VALUE_INPUT, 100, 0)
                    .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, big);
            s.invoke(OsTestTa.CMD_SHORT_BUFFER, retry);
            assertEquals(100, retry.size(1));
            assertEquals(99, big[99]);
        }
    }

    @Test
    void shortBufferThroughSharedMemory(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
             SharedMemory shm = ctx.allocateSharedMemory(16, OUT)) {
            Operation op = Operation.create()
                    .value(0, ParamType.VALUE_INPUT, 40, 0)
                    .partialMemref(1, ParamType.MEMREF_PARTIAL_OUTPUT, shm, 0, 16);
            Xtest.assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> s.invoke(OsTestTa.CMD_SHORT_BUFFER, op));
            assertEquals(40, op.size(1));
        }
    }

    private static byte[] bytesOf(SharedMemory shm) {
        return shm.buffer();
    }
}
