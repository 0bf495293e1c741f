package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.SharedMemory;
import dev.jtee.junit.JteeTest;
import org.junit.jupiter.api.Test;

/**
 * xtest 1018 "Test memref out of bounds": a partial memref that runs past its shared memory is
 * refused before any TA code runs: BAD_PARAMETERS (xtest also accepts GENERIC), origin not
 * TRUSTED_APP. Reference facts §1: offset + size must be ≤ the parent's size, else
 * BAD_PARAMETERS, origin API. The in-bounds layout (xtest 1017) succeeds.
 */
@JteeTest
class Xtest1018MemrefOutOfBoundsTest {
    private static final int PAGE = 4096;
    private static final int FLAGS = SharedMemory.MEM_INPUT | SharedMemory.MEM_OUTPUT;

    @Test
    void inBoundsLayoutOfXtest1017(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
             SharedMemory shm = ctx.allocateSharedMemory(8 * PAGE, FLAGS)) {
            s.invoke(OsTestTa.CMD_PARAMS, fourPartials(shm, 2 * PAGE));
        }
    }

    @Test
    void outOfBoundsByMoreThanAPageOnAllocatedShm(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
             SharedMemory shm = ctx.allocateSharedMemory(8 * PAGE, FLAGS)) {
            // p3 is 3 pages at offset 6 pages of an 8-page block
            assertRefused(() -> s.invoke(OsTestTa.CMD_PARAMS, fourPartials(shm, 3 * PAGE)));
        }
    }

    @Test
    void outOfBoundsByOneByteOnRegisteredShm(Context ctx) {
        byte[] buffer = new byte[6001]; // not 4 KiB aligned and odd, as xtest's
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
             SharedMemory shm = ctx.registerSharedMemory(buffer, FLAGS)) {
            assertRefused(() -> s.invoke(OsTestTa.CMD_PARAMS, oneByteOut(shm, buffer.length)));
        }
    }

    @Test
    void outOfBoundsByOneByteOnAllocatedShm(Context ctx) {
        try (Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
             SharedMemory shm = ctx.allocateSharedMemory(6001, FLAGS)) {
            assertRefused(() -> s.invoke(OsTestTa.CMD_PARAMS, oneByteOut(shm, 6001)));
            // the session is unharmed: nothing reached the TA
            s.invoke(OsTestTa.CMD_INIT, Operation.create());
        }
    }

    private static Operation fourPartials(SharedMemory shm, int lastSize) {
        return Operation.create()
                .partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 0, PAGE)
                .partialMemref(1, ParamType.MEMREF_PARTIAL_INPUT, shm, PAGE, PAGE)
                .partialMemref(2, ParamType.MEMREF_PARTIAL_OUTPUT, shm, 4 * PAGE, PAGE)
                .partialMemref(3, ParamType.MEMREF_PARTIAL_OUTPUT, shm, 6 * PAGE, lastSize);
    }

    /** invoke_1byte_out_of_bounds: size/2 bytes at offset size - size/2 + 1. */
    private static Operation oneByteOut(SharedMemory shm, int size) {
        return Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, size - size / 2 + 1, size / 2);
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable call) {
        TeeException e = assertThrows(TeeException.class, call);
        assertNotEquals(Origin.TRUSTED_APP, e.origin(), e.getMessage());
        assertTrue(e.result().equals(TeeResult.BAD_PARAMETERS) || e.result().equals(TeeResult.GENERIC), e.getMessage());
        // jtee follows libteec exactly (reference facts §1)
        Xtest.assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, call);
    }
}
