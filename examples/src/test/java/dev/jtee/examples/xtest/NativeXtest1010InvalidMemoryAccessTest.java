package dev.jtee.examples.xtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every test of {@link Xtest1010InvalidMemoryAccessTest}, run against the project's C os_test TA
 * (ta-native/ta/os_test): the faults are real signals in a TA host process. Where C differs from
 * the Java TA, OP-TEE's fact holds: a byte past a heap block or past a memref's size is mapped
 * memory (the heap is one pool, a memref is mapped by pages), a freed block stays mapped, and C
 * has no exceptions, so those variants fault nowhere and the C TA answers NOT_SUPPORTED.
 */
class NativeXtest1010InvalidMemoryAccessTest extends Xtest1010InvalidMemoryAccessTest {
    private static final String DATA_ABORT = "User mode data-abort at address";

    /** Hides the Java variant's world: this class's world serves os_test from C. */
    @BeforeAll
    static void start() {
        tee = Xtest.ConsoleWorld.startNative(4);
    }

    @Override
    @ParameterizedTest(name = "data abort {0}")
    @ValueSource(ints = {OsTestTa.BAD_MEM_NULL_READ, OsTestTa.BAD_MEM_WILD_READ})
    void heapAndWildAccesses(int variant) {
        super.heapAndWildAccesses(variant);
    }

    @ParameterizedTest(name = "no fault in C: {0}")
    @ValueSource(ints = {OsTestTa.BAD_MEM_READ_PAST_BLOCK, OsTestTa.BAD_MEM_WRITE_PAST_BLOCK,
        OsTestTa.BAD_MEM_READ_AFTER_FREE, OsTestTa.BAD_MEM_WRITE_AFTER_FREE, OsTestTa.BAD_MEM_MEMMOVE_PAST_BLOCK,
        OsTestTa.BAD_MEM_THROW})
    void variantsWithoutACFaultAreNotSupported(int variant) {
        try (Context ctx = tee.tee().newContext(); Session s = ctx.openSession(Xtest.uuid(OsTestTa.UUID))) {
            Xtest.assertTeeError(TeeResult.NOT_SUPPORTED, Origin.TRUSTED_APP, () -> s.invoke(OsTestTa.CMD_BAD_MEM_ACCESS,
                    Operation.create().value(0, ParamType.VALUE_INPUT, variant, 0)
                            .tempMemref(1, ParamType.MEMREF_TEMP_INOUT, new byte[64])));
            s.invoke(OsTestTa.CMD_INIT, Operation.create()); // the instance lives
        }
    }

    @Override
    @Test
    void stackOverflowPanicsWithOverflow() {
        // native-ta-facts §3: running off the end of the stack is a user-mode data abort, not a panic
        int from = tee.lines().size();
        killWith(OsTestTa.BAD_MEM_STACK_OVERFLOW, Operation.create()
                .value(0, ParamType.VALUE_INPUT, OsTestTa.BAD_MEM_STACK_OVERFLOW, 0));
        assertTrue(tee.anySince(from, DATA_ABORT), () -> "no data-abort line:\n" + tee.since(from));
        assertTrue(tee.anySince(from, "Status of TA " + OsTestTa.UUID), () -> "no state dump:\n" + tee.since(from));
    }

    @Override
    @Test
    void accessPastAMemrefsSize() {
        // a memref is mapped by pages: the byte past its size is mapped memory in C, as on OP-TEE
        variantsWithoutACFaultAreNotSupported(OsTestTa.BAD_MEM_WRITE_PAST_MEMREF);
        variantsWithoutACFaultAreNotSupported(OsTestTa.BAD_MEM_READ_PAST_MEMREF);
    }

    @Override
    @Test
    void doubleFreeAndJavaExceptionsKillTheInstance() {
        // a double free: the TA heap panics (OP-TEE's allocator does too); the Java exception has no C form
        int from = tee.lines().size();
        killWith(OsTestTa.BAD_MEM_DOUBLE_FREE, Operation.create().value(0, ParamType.VALUE_INPUT, OsTestTa.BAD_MEM_DOUBLE_FREE, 0));
        assertTrue(tee.anySince(from, "Status of TA " + OsTestTa.UUID), () -> "no state dump:\n" + tee.since(from));
    }
}
