package dev.jtee.client;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;

/**
 * Client parameter kinds to the TA kinds of a {@link CallFrame} and back, as libteec's
 * pre/post-processing does: TEMP, WHOLE and PARTIAL memrefs all become MEMREF_INPUT/OUTPUT/INOUT,
 * zero copy (the frame carries the caller's or the block's own array). Allocation-free.
 */
final class Marshalling {
    private static final int IN = SharedMemory.MEM_INPUT;
    private static final int OUT = SharedMemory.MEM_OUTPUT;
    private static final int TA_MEMREF_INPUT = 0x5;
    private static final int TA_MEMREF_OUTPUT = 0x6;
    private static final int TA_MEMREF_INOUT = 0x7;

    private Marshalling() {
    }

    /** Fills the frame's parameters from {@code op}; throws BAD_PARAMETERS (origin API) on a marshalling error. */
    static void toFrame(Operation op, CallFrame f, Context context) {
        int taTypes = 0;
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            int t = ParamTypes.get(op.types, i);
            int ta;
            switch (t) {
                case 0x0 -> ta = 0;
                case 0x1, 0x3 -> {
                    ta = t;
                    f.valueA[i] = op.a[i];
                    f.valueB[i] = op.b[i];
                }
                // the kernel passes no input for VALUE_OUTPUT: the TA sees zeros
                case 0x2 -> ta = t;
                case 0x5, 0x6, 0x7 -> ta = temp(op, f, i, t);
                case 0xC -> ta = whole(op, f, i, context);
                case 0xD, 0xE, 0xF -> ta = partial(op, f, i, t, context);
                default -> throw bad(Origin.API, i, "invalid parameter type 0x" + Integer.toHexString(t));
            }
            taTypes |= ta << (4 * i);
        }
        f.paramTypes = taTypes;
    }

    private static int temp(Operation op, CallFrame f, int i, int t) {
        byte[] buffer = op.temp[i];
        long size = op.size[i];
        if (buffer == null) {
            if (size != 0) {
                throw bad(Origin.API, i, "null temporary memref with size " + size);
            }
            // a null memref: buffer null, size 0 (the frame is cleared)
        } else {
            if (size > buffer.length) {
                throw bad(Origin.API, i, "temporary memref size " + size + " exceeds its buffer of " + buffer.length);
            }
            f.buffer[i] = buffer;
            f.size[i] = size;
        }
        return t;
    }

    private static int whole(Operation op, CallFrame f, int i, Context context) {
        SharedMemory shm = usable(op, i, context);
        int ta = switch (shm.flags & (IN | OUT)) {
            case IN | OUT -> TA_MEMREF_INOUT;
            case IN -> TA_MEMREF_INPUT;
            case OUT -> TA_MEMREF_OUTPUT;
            default -> throw bad(Origin.API, i, "whole memref on a block with neither MEM_INPUT nor MEM_OUTPUT");
        };
        f.buffer[i] = shm.array;
        f.offset[i] = shm.base;
        f.size[i] = shm.size;
        return ta;
    }

    private static int partial(Operation op, CallFrame f, int i, int t, Context context) {
        SharedMemory shm = usable(op, i, context);
        int need = t == 0xD ? IN : t == 0xE ? OUT : IN | OUT;
        if ((shm.flags & need) != need) {
            throw bad(Origin.API, i, "partial memref direction not allowed by the block's flags 0x" + Integer.toHexString(shm.flags));
        }
        long offset = op.offset[i];
        long size = op.size[i];
        // as unsigned size_t: negative values are huge, so they overflow or exceed the block
        if (offset < 0 || size < 0 || size > shm.size - offset) {
            throw bad(Origin.API, i, "partial memref [" + Long.toUnsignedString(offset) + ", +" + Long.toUnsignedString(size)
                    + ") outside a block of " + shm.size + " bytes");
        }
        f.buffer[i] = shm.array;
        f.offset[i] = shm.base + (int) offset;
        f.size[i] = size;
        return t - 0x8;
    }

    private static SharedMemory usable(Operation op, int i, Context context) {
        SharedMemory shm = op.parent[i];
        if (shm == null) {
            throw bad(Origin.API, i, "registered memref without shared memory");
        }
        if (shm.isReleased()) {
            throw bad(Origin.API, i, "shared memory already released");
        }
        if (shm.context != context) {
            // the kernel looks shared memory ids up per context: another context's id is EINVAL
            throw bad(Origin.COMMS, i, "shared memory belongs to another context");
        }
        return shm;
    }

    /** Copies the TA's answers back into {@code op}; done for every result once the world ran the call. */
    static void fromFrame(Operation op, CallFrame f) {
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            switch (ParamTypes.get(op.types, i)) {
                case 0x2, 0x3 -> {
                    op.a[i] = f.valueA[i];
                    op.b[i] = f.valueB[i];
                }
                case 0x6, 0x7, 0xE, 0xF -> op.size[i] = f.size[i];
                case 0xC -> {
                    if ((op.parent[i].flags & OUT) != 0) {
                        op.size[i] = f.size[i];
                    }
                }
                default -> {
                }
            }
        }
    }

    private static TeeException bad(Origin origin, int i, String detail) {
        return new TeeException(TeeResult.BAD_PARAMETERS, origin, "parameter " + i + ": " + detail);
    }
}
