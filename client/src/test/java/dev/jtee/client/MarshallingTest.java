package dev.jtee.client;

import static dev.jtee.client.Fakes.assertTeeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client parameter kinds to the TA kinds in the frame and back (reference facts §1, libteec). */
class MarshallingTest {
    private static final int IN = SharedMemory.MEM_INPUT;
    private static final int OUT = SharedMemory.MEM_OUTPUT;

    private FakeWorld world;
    private Tee tee;
    private Context ctx;
    private Session session;

    @BeforeEach
    void start() {
        world = new FakeWorld(2);
        tee = Fakes.tee(world);
        ctx = tee.newContext();
        session = ctx.openSession(Fakes.TA);
    }

    @AfterEach
    void stop() {
        tee.close();
    }

    private int sentType(int i) {
        return ParamTypes.get(world.lastInvoke().paramTypes(), i);
    }

    // ---- TEMP

    @Test
    void tempNullBufferWithSizeIsBadParameters() {
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                () -> session.invoke(1, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_OUTPUT, null, 4)));
        assertTrue(world.calls(FakeWorld.Kind.INVOKE).isEmpty());
    }

    @Test
    void tempNullBufferWithSizeZeroIsANullMemref() {
        Operation op = Operation.create().tempMemref(2, ParamType.MEMREF_TEMP_INOUT, null);
        session.invoke(1, op);
        FakeWorld.Call c = world.lastInvoke();
        assertEquals(ParamType.MEMREF_INOUT.nibble(), sentType(2));
        assertNull(c.buffer()[2]);
        assertEquals(0, c.size()[2]);
    }

    @Test
    void tempNullMemrefLearnsTheNeededSizeOnShortBuffer() {
        world.handler = (k, f) -> {
            f.size[0] = 77;
            f.result = TeeResult.SHORT_BUFFER.code();
        };
        Operation op = Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_OUTPUT, null);
        assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> session.invoke(1, op));
        assertEquals(77, op.size(0));
    }

    @Test
    void tempPassesTheCallersArrayZeroCopy() {
        byte[] in = {1, 2, 3};
        byte[] out = new byte[8];
        world.handler = (k, f) -> {
            for (int j = 0; j < f.size[0]; j++) {
                f.buffer[1][f.offset[1] + j] = (byte) (f.buffer[0][f.offset[0] + j] * 2);
            }
            f.size[1] = f.size[0];
        };
        Operation op = Operation.create()
                .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, in)
                .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, out);
        session.invoke(1, op);
        FakeWorld.Call c = world.lastInvoke();
        assertSame(in, c.buffer()[0]);
        assertSame(out, c.buffer()[1]);
        assertEquals(ParamType.MEMREF_INPUT.nibble(), sentType(0));
        assertEquals(ParamType.MEMREF_OUTPUT.nibble(), sentType(1));
        assertEquals(3, c.size()[0]);
        assertEquals(8, c.size()[1]);
        assertArrayEquals(new byte[] {2, 4, 6, 0, 0, 0, 0, 0}, out);
    }

    @Test
    void tempOutputAndInoutSizeOverwrittenOnReturn() {
        world.handler = (k, f) -> {
            f.size[0] = 1;
            f.size[1] = 2;
            f.size[2] = 3;
        };
        Operation op = Operation.create()
                .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[10])
                .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, new byte[10])
                .tempMemref(2, ParamType.MEMREF_TEMP_INOUT, new byte[10], 5);
        session.invoke(1, op);
        assertEquals(10, op.size(0), "INPUT: size not written back");
        assertEquals(2, op.size(1));
        assertEquals(3, op.size(2));
        assertEquals(5, world.lastInvoke().size()[2], "the size given, not the array length");
    }

    @Test
    void tempSizeWrittenBackAlsoOnShortBuffer() {
        world.handler = (k, f) -> {
            f.size[1] = 100;
            f.result = TeeResult.SHORT_BUFFER.code();
        };
        Operation op = Operation.create()
                .value(0, ParamType.VALUE_INPUT, 100, 0)
                .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, new byte[10]);
        assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> session.invoke(1, op));
        assertEquals(100, op.size(1), "the size the TA needs, written back before the exception");
        // calling again with the same, now too large, size is refused before the world
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> session.invoke(1, op));
    }

    @Test
    void tempSizeBeyondTheBufferIsBadParameters() {
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                () -> session.invoke(1, Operation.create().tempMemref(0, ParamType.MEMREF_TEMP_INPUT, new byte[4], 5)));
    }

    // ---- WHOLE

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(ints = {IN, OUT, IN | OUT})
    void wholeDirectionComesFromParentFlags(int flags) {
        try (SharedMemory shm = ctx.allocateSharedMemory(12, flags)) {
            session.invoke(1, Operation.create().none(0).wholeMemref(3, shm));
            int expected = flags == IN ? 0x5 : flags == OUT ? 0x6 : 0x7;
            assertEquals(expected, sentType(3));
            assertSame(shm.buffer(), world.lastInvoke().buffer()[3], "zero copy: the block's own array");
            assertEquals(12, world.lastInvoke().size()[3], "size sent = the block's size");
        }
    }

    @Test
    void wholeSizeWrittenBackOnlyWithMemOutput() {
        world.handler = (k, f) -> {
            f.size[0] = 3;
            f.size[1] = 4;
            f.size[2] = 5;
        };
        try (SharedMemory in = ctx.allocateSharedMemory(10, IN);
             SharedMemory out = ctx.allocateSharedMemory(10, OUT);
             SharedMemory inout = ctx.allocateSharedMemory(10, IN | OUT)) {
            Operation op = Operation.create().wholeMemref(0, in).wholeMemref(1, out).wholeMemref(2, inout);
            assertEquals(10, op.size(1), "before the call: the block's size");
            session.invoke(1, op);
            assertEquals(10, op.size(0), "MEM_INPUT only: not written back");
            assertEquals(4, op.size(1));
            assertEquals(5, op.size(2));
        }
    }

    @Test
    void wholeWithoutSharedMemoryIsBadParameters() {
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> session.invoke(1, Operation.create().wholeMemref(0, null)));
    }

    // ---- PARTIAL

    @Test
    void partialNeedsTheParentFlagsForItsDirection() {
        try (SharedMemory in = ctx.allocateSharedMemory(16, IN); SharedMemory out = ctx.allocateSharedMemory(16, OUT)) {
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_OUTPUT, in, 0, 4)));
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, out, 0, 4)));
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INOUT, in, 0, 4)));
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INOUT, out, 0, 4)));
            assertTrue(world.calls(FakeWorld.Kind.INVOKE).isEmpty());
            session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, in, 0, 4));
            session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_OUTPUT, out, 0, 4));
            assertEquals(2, world.calls(FakeWorld.Kind.INVOKE).size());
        }
    }

    @Test
    void partialOffsetPlusSizeBeyondTheParentIsBadParameters() {
        try (SharedMemory shm = ctx.allocateSharedMemory(16, IN | OUT)) {
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 8, 9)));
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 17, 0)));
            session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 8, 8));
            session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 16, 0));
        }
    }

    @Test
    void partialOffsetPlusSizeOverflowIsBadParameters() {
        try (SharedMemory shm = ctx.allocateSharedMemory(16, IN | OUT)) {
            // as size_t: offset + size wraps around to a small number
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 8, -4)));
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, Long.MAX_VALUE, Long.MAX_VALUE)));
            assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API,
                    () -> session.invoke(1, Operation.create().partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, -8, 12)));
        }
    }

    @Test
    void partialPassesTheBlocksArrayAndWindow() {
        byte[] caller = new byte[32];
        try (SharedMemory shm = ctx.registerSharedMemory(caller, 4, 20, IN | OUT)) {
            session.invoke(1, Operation.create().partialMemref(1, ParamType.MEMREF_PARTIAL_INOUT, shm, 6, 10));
            FakeWorld.Call c = world.lastInvoke();
            assertSame(caller, c.buffer()[1]);
            assertEquals(10, c.offset()[1], "block offset 4 + window offset 6");
            assertEquals(10, c.size()[1]);
            assertEquals(0x7, sentType(1));
        }
    }

    @Test
    void partialSizeWrittenBackForOutputAndInout() {
        world.handler = (k, f) -> {
            f.size[0] = 1;
            f.size[1] = 2;
            f.size[2] = 3;
            f.result = TeeResult.SHORT_BUFFER.code();
        };
        try (SharedMemory shm = ctx.allocateSharedMemory(64, IN | OUT)) {
            Operation op = Operation.create()
                    .partialMemref(0, ParamType.MEMREF_PARTIAL_INPUT, shm, 0, 8)
                    .partialMemref(1, ParamType.MEMREF_PARTIAL_OUTPUT, shm, 8, 8)
                    .partialMemref(2, ParamType.MEMREF_PARTIAL_INOUT, shm, 16, 8);
            assertTeeError(TeeResult.SHORT_BUFFER, Origin.TRUSTED_APP, () -> session.invoke(1, op));
            assertEquals(8, op.size(0));
            assertEquals(2, op.size(1));
            assertEquals(3, op.size(2));
            assertEquals(0x5, sentType(0));
            assertEquals(0x6, sentType(1));
            assertEquals(0x7, sentType(2));
        }
    }

    // ---- VALUE and NONE

    @Test
    void valueCopiedBackOnlyForOutputAndInout() {
        world.handler = (k, f) -> {
            for (int i = 0; i < 4; i++) {
                f.valueA[i] = 100 + i;
                f.valueB[i] = 200 + i;
            }
        };
        Operation op = Operation.create()
                .value(0, ParamType.VALUE_INPUT, 1, 2)
                .value(1, ParamType.VALUE_OUTPUT, 3, 4)
                .value(2, ParamType.VALUE_INOUT, 5, 6);
        session.invoke(1, op);
        FakeWorld.Call c = world.lastInvoke();
        assertEquals(1, c.a()[0]);
        assertEquals(2, c.b()[0]);
        assertEquals(0, c.a()[1], "VALUE_OUTPUT carries nothing in");
        assertEquals(5, c.a()[2]);
        assertEquals(6, c.b()[2]);
        assertEquals(1, op.valueA(0));
        assertEquals(2, op.valueB(0));
        assertEquals(101, op.valueA(1));
        assertEquals(201, op.valueB(1));
        assertEquals(102, op.valueA(2));
        assertEquals(202, op.valueB(2));
        assertEquals(0, op.valueA(3), "NONE: nothing written");
        assertEquals(0x0321, c.paramTypes());
    }

    @ParameterizedTest(name = "nibble 0x{0}")
    @ValueSource(ints = {0x4, 0x8, 0x9, 0xA, 0xB})
    void invalidTypeNibbleIsBadParametersOriginApi(int nibble) {
        Operation op = Operation.create().value(0, ParamType.VALUE_INPUT, 1, 1).rawType(2, nibble);
        assertEquals(nibble, ParamTypes.get(op.types(), 2));
        assertNull(op.type(2));
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> session.invoke(1, op));
        assertTrue(world.calls(FakeWorld.Kind.INVOKE).isEmpty(), "refused before the world");
    }

    @Test
    void invalidTypeNibbleInOpenSessionIsBadParametersOriginApi() {
        Operation op = Operation.create().rawType(0, 0x4);
        int opensBefore = world.calls(FakeWorld.Kind.OPEN).size();
        assertTeeError(TeeResult.BAD_PARAMETERS, Origin.API, () -> ctx.openSession(Fakes.TA, dev.jtee.api.Login.PUBLIC, null, op));
        assertEquals(opensBefore, world.calls(FakeWorld.Kind.OPEN).size());
    }

    @Test
    void settersRefuseTheWrongKindAndIndex() {
        Operation op = Operation.create();
        assertThrows(IllegalArgumentException.class, () -> op.value(0, ParamType.MEMREF_TEMP_INPUT, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> op.tempMemref(0, ParamType.VALUE_INPUT, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> op.partialMemref(0, ParamType.MEMREF_TEMP_INPUT, null, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> op.none(4));
        assertThrows(IndexOutOfBoundsException.class, () -> op.valueA(-1));
    }

    @Test
    void operationIsReusable() {
        world.handler = (k, f) -> f.valueA[0] = f.valueA[0] + 1;
        Operation op = Operation.create();
        int v = 41;
        for (int i = 0; i < 5; i++) {
            op.value(0, ParamType.VALUE_INOUT, v, 0);
            session.invoke(1, op);
            assertEquals(v + 1, op.valueA(0));
            v = op.valueA(0);
        }
        op.clear();
        assertEquals(0, op.types());
        session.invoke(2, op);
        assertEquals(0, world.lastInvoke().paramTypes());
        assertEquals("Operation[NONE, NONE, NONE, NONE]", op.toString());
    }
}
