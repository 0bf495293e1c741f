package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.SharedMemory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * xtest 1010 "Invalid memory access": every bad access kills the instance; the client sees
 * TARGET_DEAD, origin TEE, on that invoke and the next (reference facts §4), and the console shows
 * the abort and the TA's state dump. Variants 1–7 are xtest's (3–5 as Java analogs, see
 * {@link OsTestTa}); 1–5 again with a 1 KiB and a 64 KiB MEMREF_WHOLE; 8–20 are jtee's.
 */
class Xtest1010InvalidMemoryAccessTest {
    private static final String DATA_ABORT = "User mode data-abort at address";
    private static final String STATUS = "Status of TA " + OsTestTa.UUID;

    static Xtest.ConsoleWorld tee;

    @BeforeAll
    static void start() {
        tee = Xtest.ConsoleWorld.start(4);
    }

    @AfterAll
    static void stop() {
        tee.close();
    }

    @ParameterizedTest(name = "Invalid memory access {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void invalidMemoryAccess(int variant) {
        int from = tee.lines().size();
        killWith(variant, Operation.create().value(0, ParamType.VALUE_INPUT, variant, 0));
        assertTrue(tee.anySince(from, STATUS), () -> "no state dump:\n" + tee.since(from));
        if (variant != OsTestTa.BAD_MEM_NULL_CALL && variant != OsTestTa.BAD_MEM_UNDEF_INSTR) {
            assertTrue(tee.anySince(from, DATA_ABORT), () -> "no data-abort line:\n" + tee.since(from));
        }
    }

    @ParameterizedTest(name = "Invalid memory access {0} with 1024 and 65536 bytes memref")
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void invalidMemoryAccessWithMemref(int variant) {
        for (int size : new int[] {1024, 65536}) {
            try (Context ctx = tee.tee().newContext();
                 SharedMemory shm = ctx.allocateSharedMemory(size, SharedMemory.MEM_INPUT | SharedMemory.MEM_OUTPUT)) {
                int from = tee.lines().size();
                killWith(ctx, Operation.create()
                        .value(0, ParamType.VALUE_INPUT, variant, 0)
                        .wholeMemref(1, shm));
                assertTrue(tee.anySince(from, STATUS), () -> "no state dump:\n" + tee.since(from));
                assertTrue(tee.anySince(from, "(param)"), () -> "the dump shows no parameter region:\n" + tee.since(from));
            }
        }
    }

    @ParameterizedTest(name = "data abort {0}")
    @ValueSource(ints = {OsTestTa.BAD_MEM_NULL_READ, OsTestTa.BAD_MEM_READ_PAST_BLOCK, OsTestTa.BAD_MEM_WRITE_PAST_BLOCK,
        OsTestTa.BAD_MEM_READ_AFTER_FREE, OsTestTa.BAD_MEM_WRITE_AFTER_FREE, OsTestTa.BAD_MEM_MEMMOVE_PAST_BLOCK,
        OsTestTa.BAD_MEM_WILD_READ})
    void heapAndWildAccesses(int variant) {
        int from = tee.lines().size();
        killWith(variant, Operation.create().value(0, ParamType.VALUE_INPUT, variant, 0));
        assertTrue(tee.anySince(from, DATA_ABORT), () -> "no data-abort line:\n" + tee.since(from));
        assertTrue(tee.anySince(from, STATUS), () -> "no state dump:\n" + tee.since(from));
    }

    @Test
    void writeToAnInputMemref() {
        int from = tee.lines().size();
        killWith(OsTestTa.BAD_MEM_WRITE_INPUT_MEMREF, Operation.create()
                .value(0, ParamType.VALUE_INPUT, OsTestTa.BAD_MEM_WRITE_INPUT_MEMREF, 0)
                .tempMemref(1, ParamType.MEMREF_TEMP_INPUT, new byte[64]));
        assertTrue(tee.anySince(from, DATA_ABORT), () -> "no data-abort line:\n" + tee.since(from));
    }

    @Test
    void accessPastAMemrefsSize() {
        for (int variant : new int[] {OsTestTa.BAD_MEM_WRITE_PAST_MEMREF, OsTestTa.BAD_MEM_READ_PAST_MEMREF}) {
            int from = tee.lines().size();
            byte[] buffer = new byte[64];
            killWith(variant, Operation.create()
                    .value(0, ParamType.VALUE_INPUT, variant, 0)
                    .tempMemref(1, ParamType.MEMREF_TEMP_INOUT, buffer));
            assertTrue(tee.anySince(from, DATA_ABORT), () -> "no data-abort line:\n" + tee.since(from));
        }
    }

    @Test
    void stackOverflowPanicsWithOverflow() {
        // reference facts §4 and the seed: a smashed stack panics with TEE_ERROR_OVERFLOW
        int from = tee.lines().size();
        killWith(OsTestTa.BAD_MEM_STACK_OVERFLOW, Operation.create()
                .value(0, ParamType.VALUE_INPUT, OsTestTa.BAD_MEM_STACK_OVERFLOW, 0));
        assertTrue(tee.panickedSince(from, TeeResult.OVERFLOW.code()), () -> "no OVERFLOW panic:\n" + tee.since(from));
        assertTrue(tee.anySince(from, STATUS), () -> "no state dump:\n" + tee.since(from));
    }

    @Test
    void doubleFreeAndJavaExceptionsKillTheInstance() {
        for (int variant : new int[] {OsTestTa.BAD_MEM_DOUBLE_FREE, OsTestTa.BAD_MEM_THROW}) {
            int from = tee.lines().size();
            killWith(variant, Operation.create().value(0, ParamType.VALUE_INPUT, variant, 0));
            assertTrue(tee.anySince(from, STATUS), () -> "no state dump:\n" + tee.since(from));
        }
    }

    @Test
    void theWorldStaysUsable() {
        killWith(OsTestTa.BAD_MEM_NULL_WRITE, Operation.create().value(0, ParamType.VALUE_INPUT, OsTestTa.BAD_MEM_NULL_WRITE, 0));
        try (Context ctx = tee.tee().newContext(); Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            // variant 0 is no access at all
            s.invoke(OsTestTa.CMD_BAD_MEM_ACCESS, Operation.create().value(0, ParamType.VALUE_INPUT, 0, 0));
        }
    }

    static void killWith(int variant, Operation op) {
        try (Context ctx = tee.tee().newContext()) {
            killWith(ctx, op);
        }
    }

    /** xtest_tee_test_invalid_mem_access: TARGET_DEAD twice, origin TEE, then the session closes. */
    private static void killWith(Context ctx, Operation op) {
        Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID));
        Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(OsTestTa.CMD_BAD_MEM_ACCESS, op));
        Xtest.assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(OsTestTa.CMD_BAD_MEM_ACCESS, op));
        s.close();
    }
}
