package dev.jtee.stress;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import dev.jtee.client.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters every call of a run carries, immutable: values, input bytes, output buffer
 * sizes in slots 0–3. Each caller of a run keeps one {@link Operation} and one set of buffers and
 * resets them before each call, since a TA may change values and output sizes.
 */
public final class OperationTemplate {
    private final ParamType[] types;
    private final int[] a;
    private final int[] b;
    private final byte[][] input;
    private final int[] outputSize;
    private final int count;

    private OperationTemplate(Builder builder) {
        count = builder.count;
        types = Arrays.copyOf(builder.types, ParamTypes.COUNT);
        a = builder.a.clone();
        b = builder.b.clone();
        input = new byte[ParamTypes.COUNT][];
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            input[i] = builder.input[i] == null ? null : builder.input[i].clone();
        }
        outputSize = builder.outputSize.clone();
    }

    /** No parameters. */
    public static OperationTemplate none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new operation holding the parameters, with its own buffers. */
    public Operation newOperation() {
        return bind().reset();
    }

    /** One caller's reusable operation and buffers. */
    Bound bind() {
        return new Bound();
    }

    /**
     * One caller's {@link Operation} and output buffers; {@link #reset} restores values and output
     * sizes before each call, since a TA may change them. Allocation-free. Input buffers are set
     * once (a TA cannot write an INPUT memref).
     */
    final class Bound {
        final Operation op = Operation.create();
        private final byte[][] buffers = new byte[ParamTypes.COUNT][];

        private Bound() {
            for (int i = 0; i < count; i++) {
                if (types[i] == ParamType.MEMREF_TEMP_INPUT) {
                    op.tempMemref(i, types[i], input[i].clone());
                } else if (types[i] == ParamType.MEMREF_TEMP_OUTPUT) {
                    buffers[i] = new byte[outputSize[i]];
                } else if (types[i] == ParamType.MEMREF_TEMP_INOUT) {
                    buffers[i] = new byte[input[i].length];
                }
            }
        }

        Operation reset() {
            for (int i = 0; i < count; i++) {
                ParamType t = types[i];
                if (t.isValue()) {
                    op.value(i, t, a[i], b[i]);
                } else if (t == ParamType.MEMREF_TEMP_OUTPUT) {
                    op.tempMemref(i, t, buffers[i]);
                } else if (t == ParamType.MEMREF_TEMP_INOUT) {
                    System.arraycopy(input[i], 0, buffers[i], 0, buffers[i].length);  // the TA wrote over it last time
                    op.tempMemref(i, t, buffers[i]);
                }
            }
            return op;
        }
    }

    /** Parameters in use (the slots after them are NONE). */
    public int count() {
        return count;
    }

    /** {@code value(1,0)}, {@code in(16 bytes)}, {@code out(64)}, comma-separated; {@code none} when empty. */
    public String describe() {
        if (count == 0) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ParamType t = types[i];
            parts.add(switch (t) {
                case VALUE_INPUT, VALUE_INOUT -> (t == ParamType.VALUE_INPUT ? "vin(" : "value(")
                        + Integer.toUnsignedString(a[i]) + "," + Integer.toUnsignedString(b[i]) + ")";
                case VALUE_OUTPUT -> "vout";
                case MEMREF_TEMP_INPUT -> "in(" + input[i].length + " bytes)";
                case MEMREF_TEMP_INOUT -> "inout(" + input[i].length + " bytes)";
                case MEMREF_TEMP_OUTPUT -> "out(" + outputSize[i] + ")";
                default -> "none";
            });
        }
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "OperationTemplate[" + describe() + "]";
    }

    /** Fills slots 0–3 in the order the parameters are added. Not thread-safe. */
    public static final class Builder {
        private final ParamType[] types = new ParamType[ParamTypes.COUNT];
        private final int[] a = new int[ParamTypes.COUNT];
        private final int[] b = new int[ParamTypes.COUNT];
        private final byte[][] input = new byte[ParamTypes.COUNT][];
        private final int[] outputSize = new int[ParamTypes.COUNT];
        private int count;

        private Builder() {
        }

        private int next() {
            if (count >= ParamTypes.COUNT) {
                throw new IllegalArgumentException("at most " + ParamTypes.COUNT + " parameters");
            }
            return count++;
        }

        /** A VALUE_INOUT parameter. */
        public Builder value(int a, int b) {
            return value(ParamType.VALUE_INOUT, a, b);
        }

        /** A value parameter of {@code type} (VALUE_INPUT, VALUE_OUTPUT or VALUE_INOUT). */
        public Builder value(ParamType type, int a, int b) {
            if (type == null || !type.isValue()) {
                throw new IllegalArgumentException("not a value type: " + type);
            }
            int i = next();
            types[i] = type;
            this.a[i] = a;
            this.b[i] = b;
            return this;
        }

        /** A MEMREF_TEMP_INPUT parameter holding a copy of {@code bytes}. */
        public Builder input(byte[] bytes) {
            int i = next();
            types[i] = ParamType.MEMREF_TEMP_INPUT;
            input[i] = bytes.clone();
            return this;
        }

        /** A MEMREF_TEMP_INOUT parameter: each call starts from a copy of {@code bytes}. */
        public Builder inout(byte[] bytes) {
            int i = next();
            types[i] = ParamType.MEMREF_TEMP_INOUT;
            input[i] = bytes.clone();
            return this;
        }

        /** An unused slot (NONE), for TAs that expect a parameter in a later one. */
        public Builder none() {
            types[next()] = ParamType.NONE;
            return this;
        }

        /** A MEMREF_TEMP_OUTPUT parameter of {@code size} bytes. */
        public Builder output(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("output size must be ≥ 0: " + size);
            }
            int i = next();
            types[i] = ParamType.MEMREF_TEMP_OUTPUT;
            outputSize[i] = size;
            return this;
        }

        public OperationTemplate build() {
            return new OperationTemplate(this);
        }
    }
}
