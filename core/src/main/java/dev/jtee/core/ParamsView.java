package dev.jtee.core;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.api.TeeResult;
import dev.jtee.api.spi.CallFrame;
import dev.jtee.ta.Memref;
import dev.jtee.ta.Params;
import dev.jtee.ta.Value;

/**
 * The {@code TEE_Param[4]} an entry point sees, bound to the current call's frame. One per instance,
 * reset for every call so that the invoke path allocates nothing. Used only by the thread running
 * the instance's entry (one at a time, under its gate).
 */
final class ParamsView implements Params {
    // the TA-side parameter type nibbles (both runtimes read frames by them)
    static final int NONE = 0;
    static final int VALUE_INPUT = 0x1;
    static final int VALUE_OUTPUT = 0x2;
    static final int VALUE_INOUT = 0x3;
    static final int MEMREF_INPUT = 0x5;
    static final int MEMREF_OUTPUT = 0x6;
    static final int MEMREF_INOUT = 0x7;

    private final Instance instance;
    private final ValueView[] values = new ValueView[4];
    private final MemrefView[] memrefs = new MemrefView[4];
    private int types;
    private boolean mapped;

    ParamsView(Instance instance) {
        this.instance = instance;
        for (int i = 0; i < 4; i++) {
            values[i] = new ValueView();
            memrefs[i] = new MemrefView(instance, i);
        }
    }

    /**
     * Binds the frame's parameters: values copied in, memrefs mapped into the instance. On a
     * malformed frame answers the GP result to return (BAD_PARAMETERS) and maps nothing.
     */
    int bind(CallFrame f) {
        int bad = check(f);
        if (bad != 0) {
            return bad;
        }
        int t = f.paramTypes & 0xFFFF;
        types = t;
        TaMemory memory = instance.memory;
        for (int i = 0; i < 4; i++) {
            int n = ParamTypes.get(t, i);
            if (n >= VALUE_INPUT && n <= VALUE_INOUT) {
                values[i].a = f.valueA[i];
                values[i].b = f.valueB[i];
            } else if (n >= MEMREF_INPUT) {
                int size = (int) f.size[i];
                boolean writable = n != MEMREF_INPUT;
                long va = memory.mapParam(f.buffer[i], f.offset[i], size, writable);
                mapped = true;
                memrefs[i].bind(va, size, writable);
            }
        }
        return 0;
    }

    /** BAD_PARAMETERS for a frame whose parameters no TA could be given (a bad type, a memref out of its buffer), else 0. */
    static int check(CallFrame f) {
        int t = f.paramTypes & 0xFFFF;
        for (int i = 0; i < 4; i++) {
            int n = ParamTypes.get(t, i);
            if (n == NONE || (n >= VALUE_INPUT && n <= VALUE_INOUT)) {
                continue;
            }
            if (n < MEMREF_INPUT || n > MEMREF_INOUT) {
                return TeeResult.BAD_PARAMETERS.code();
            }
            byte[] b = f.buffer[i];
            long size = f.size[i];
            if (b == null ? size != 0 : (size < 0 || f.offset[i] < 0 || f.offset[i] > b.length || size > b.length - f.offset[i])) {
                return TeeResult.BAD_PARAMETERS.code();
            }
        }
        return 0;
    }

    /** After a normal return: a/b of VALUE_OUTPUT/INOUT and the reported size of MEMREF_OUTPUT/INOUT. */
    void writeBack(CallFrame f) {
        for (int i = 0; i < 4; i++) {
            int n = ParamTypes.get(types, i);
            if (n == VALUE_OUTPUT || n == VALUE_INOUT) {
                f.valueA[i] = values[i].a;
                f.valueB[i] = values[i].b;
            } else if (n == MEMREF_OUTPUT || n == MEMREF_INOUT) {
                f.size[i] = memrefs[i].reported;
            }
        }
    }

    /** Drops the parameter mappings; the next call starts clean. */
    void unbind() {
        if (mapped) {
            instance.memory.unmapParams();
            mapped = false;
        }
        types = 0;
    }

    /** For entries without parameters (create, close, destroy). */
    void clear() {
        types = 0;
    }

    @Override
    public int types() {
        return types;
    }

    @Override
    public Value value(int index) {
        int n = nibble(index);
        if (n < VALUE_INPUT || n > VALUE_INOUT) {
            throw instance.api.panic(TeeResult.BAD_PARAMETERS.code(),
                    "Params.value(" + index + ") on a " + name(n) + " parameter");
        }
        return values[index];
    }

    @Override
    public Memref memref(int index) {
        int n = nibble(index);
        if (n < MEMREF_INPUT || n > MEMREF_INOUT) {
            throw instance.api.panic(TeeResult.BAD_PARAMETERS.code(),
                    "Params.memref(" + index + ") on a " + name(n) + " parameter");
        }
        return memrefs[index];
    }

    private int nibble(int index) {
        if (index < 0 || index > 3) {
            throw instance.api.panic(TeeResult.BAD_PARAMETERS.code(), "parameter index " + index + " out of 0..3");
        }
        return ParamTypes.get(types, index);
    }

    private static String name(int n) {
        ParamType t = ParamType.ta(n);
        return t == null ? "0x" + Integer.toHexString(n) : t.name();
    }

    /** {@code TEE_Param.value}: a copy; written back for OUTPUT/INOUT only. */
    static final class ValueView implements Value {
        int a;
        int b;

        @Override
        public int a() {
            return a;
        }

        @Override
        public int b() {
            return b;
        }

        @Override
        public void a(int a) {
            this.a = a;
        }

        @Override
        public void b(int b) {
            this.b = b;
        }

        @Override
        public String toString() {
            return "value{a=" + Integer.toUnsignedString(a) + ", b=" + Integer.toUnsignedString(b) + "}";
        }
    }

    /** {@code TEE_Param.memref}: accesses go through the instance's MMU; out of range is an abort. */
    static final class MemrefView implements Memref {
        private final Instance instance;
        private final int index;
        long va;
        int size;
        long reported;
        boolean writable;

        MemrefView(Instance instance, int index) {
            this.instance = instance;
            this.index = index;
        }

        void bind(long va, int size, boolean writable) {
            this.va = va;
            this.size = size;
            this.reported = size;
            this.writable = writable;
        }

        @Override
        public long address() {
            return va;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void size(long reported) {
            this.reported = reported;
        }

        @Override
        public byte get(int offset) {
            check(offset, 1, false);
            return instance.api.getByte(va + offset);
        }

        @Override
        public void put(int offset, byte value) {
            check(offset, 1, true);
            instance.api.putByte(va + offset, value);
        }

        @Override
        public void read(int offset, byte[] dst, int dstOffset, int length) {
            check(offset, length, false);
            instance.api.read(va + offset, dst, dstOffset, length);
        }

        @Override
        public void write(int offset, byte[] src, int srcOffset, int length) {
            check(offset, length, true);
            instance.api.write(va + offset, src, srcOffset, length);
        }

        private void check(int offset, int length, boolean write) {
            if (offset < 0 || length < 0 || offset > size - length) {
                long at = offset < 0 || offset > size ? va + offset : va + size;
                throw instance.api.abort(new DataAbort(at, DataAbort.Kind.TRANSLATION_FAULT, write));
            }
            if (write && !writable && length > 0) {
                throw instance.api.abort(new DataAbort(va + offset, DataAbort.Kind.PERMISSION_FAULT, true));
            }
        }

        @Override
        public String toString() {
            return String.format("memref[%d]{va=0x%08x, size=%d}", index, va, size);
        }
    }
}
