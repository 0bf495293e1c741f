package dev.jtee.client;

import static dev.jtee.client.Fakes.assertTeeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Allocate / register / release rules of reference facts §1. */
class SharedMemoryTest extends OnFakeWorld {
    private static final int IN = SharedMemory.MEM_INPUT;
    private static final int OUT = SharedMemory.MEM_OUTPUT;

    @Test
    void flagConstantsAreTeecValues() {
        assertEquals(0x1, SharedMemory.MEM_INPUT);
        assertEquals(0x2, SharedMemory.MEM_OUTPUT);
    }

    @ParameterizedTest(name = "flags 0x{0}")
    @ValueSource(ints = {0, 0x4, 0x5, 0x8, 0x10, 0x80000001, -1})
    void allocateWithFlagsZeroOrUnknownBitsIsBadParameters(int flags) {
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.allocateSharedMemory(16, flags));
    }

    @ParameterizedTest(name = "flags 0x{0}")
    @ValueSource(ints = {0, 0x4, 0x7, 0x100})
    void registerWithFlagsZeroOrUnknownBitsIsBadParameters(int flags) {
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.registerSharedMemory(new byte[16], flags));
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.registerSharedMemory(new byte[16], 0, 8, flags));
    }

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(ints = {IN, OUT, IN | OUT})
    void allocateWithInputOutputOrBothKeepsSizeAndFlags(int flags) {
        try (SharedMemory shm = ctx.allocateSharedMemory(1024, flags)) {
            assertEquals(1024, shm.size());
            assertEquals(flags, shm.flags());
            assertEquals(1024, shm.buffer().length);
            assertEquals(0, shm.offset());
            assertSame(ctx, shm.context());
        }
    }

    @Test
    void allocateSizeZeroGivesASmallNonZeroBlock() {
        SharedMemory shm = ctx.allocateSharedMemory(0, OUT);
        assertEquals(0, shm.size());
        assertTrue(shm.buffer() != null && shm.buffer().length > 0, "a zero-size block still has a buffer");
        shm.close();
        SharedMemory registered = ctx.registerSharedMemory(new byte[0], IN);
        assertEquals(0, registered.size());
        registered.close();
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(longs = {Long.MAX_VALUE, -1L, Integer.MAX_VALUE - 7L, 1L << 40})
    void allocateTooLargeIsOutOfMemory(long size) {
        // xtest 5006 asks for SIZE_MAX
        assertTeeError(TeeResult.OUT_OF_MEMORY, Origin.API, () -> ctx.allocateSharedMemory(size, IN));
    }

    @Test
    void releaseTwiceIsANoOp() {
        SharedMemory shm = ctx.allocateSharedMemory(16, IN);
        assertEquals(1, ctx.liveSharedMemory());
        shm.release();
        assertTrue(shm.isReleased());
        shm.release();
        shm.close();
        assertTrue(shm.isReleased());
        assertEquals(0, ctx.liveSharedMemory());
    }

    @Test
    void registerNullBufferIsBadParameters() {
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.registerSharedMemory(null, IN));
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.registerSharedMemory(null, 0, 0, IN));
    }

    @Test
    void registerWindowOutsideTheBufferIsBadParameters() {
        byte[] b = new byte[10];
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.registerSharedMemory(b, 8, 3, IN));
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.registerSharedMemory(b, -1, 3, IN));
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.registerSharedMemory(b, 2, -1, IN));
    }

    @Test
    void registeredMemoryIsTheCallersArrayZeroCopy() {
        byte[] caller = {9, 8, 7, 6, 5, 4, 3, 2};
        try (Session s = ctx.openSession(Fakes.TA);
             SharedMemory window = ctx.registerSharedMemory(caller, 2, 4, IN | OUT)) {
            assertSame(caller, window.buffer());
            assertEquals(2, window.offset());
            assertEquals(4, window.size());
            world.handler = (k, f) -> f.buffer[0][f.offset[0]] = 42;
            s.invoke(1, Operation.create().wholeMemref(0, window));
            FakeWorld.Call call = world.lastInvoke();
            assertSame(caller, call.buffer()[0], "the TA gets the caller's own array");
            assertEquals(2, call.offset()[0]);
            assertEquals(4, call.size()[0]);
            assertEquals(42, caller[2], "the TA's write is in the caller's array");
        }
    }

    @Test
    void releasedSharedMemoryInAnOperationIsBadParameters() {
        try (Session s = ctx.openSession(Fakes.TA)) {
            SharedMemory shm = ctx.allocateSharedMemory(16, IN | OUT);
            shm.release();
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> s.invoke(1, Operation.create().wholeMemref(0, shm)));
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> s.invoke(1, Operation.create().partialMemref(1, ParamType.MEMREF_PARTIAL_INPUT, shm, 0, 4)));
            assertTrue(world.calls(FakeWorld.Kind.INVOKE).isEmpty(), "a marshalling error never reaches the world");
        }
    }

    @Test
    void sharedMemoryOfAnotherContextIsBadParametersFromComms() {
        try (Context other = tee.newContext();
             Session s = ctx.openSession(Fakes.TA);
             SharedMemory foreign = other.allocateSharedMemory(16, IN)) {
            // the kernel looks shared memory ids up in the caller's context only
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.COMMS, () -> s.invoke(1, Operation.create().wholeMemref(0, foreign)));
        }
    }

    @Test
    void contextCloseReleasesItsSharedMemory() {
        SharedMemory a = ctx.allocateSharedMemory(8, IN);
        SharedMemory b = ctx.registerSharedMemory(new byte[8], OUT);
        ctx.close();
        assertTrue(a.isReleased());
        assertTrue(b.isReleased());
        assertEquals(0, ctx.liveSharedMemory());
        assertFalse(tee.isClosed());
    }
}
