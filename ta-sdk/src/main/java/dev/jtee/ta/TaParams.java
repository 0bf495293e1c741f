package dev.jtee.ta;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;

/**
 * Parameters a TA sends to another TA (Internal Client API). Memrefs point into the caller's own
 * memory by virtual address (a heap block or one of its own memref parameters). After the call,
 * values and sizes of OUTPUT/INOUT parameters hold what the callee returned.
 */
public final class TaParams {
    private int types;
    private final int[] a = new int[4];
    private final int[] b = new int[4];
    private final long[] address = new long[4];
    private final long[] size = new long[4];

    public static TaParams none() {
        return new TaParams();
    }

    public int types() {
        return types;
    }

    public TaParams value(int index, ParamType type, int a, int b) {
        if (!type.isValue()) {
            throw new IllegalArgumentException(type + " is not a value type");
        }
        types = ParamTypes.with(types, index, type.nibble());
        this.a[index] = a;
        this.b[index] = b;
        return this;
    }

    /** A memref of the TA-side kind MEMREF_INPUT / OUTPUT / INOUT over {@code [address, address+size)}. */
    public TaParams memref(int index, ParamType type, long address, long size) {
        if (type != ParamType.MEMREF_INPUT && type != ParamType.MEMREF_OUTPUT && type != ParamType.MEMREF_INOUT) {
            throw new IllegalArgumentException(type + " is not a TA memref type");
        }
        types = ParamTypes.with(types, index, type.nibble());
        this.address[index] = address;
        this.size[index] = size;
        return this;
    }

    public int a(int index) {
        return a[index];
    }

    public int b(int index) {
        return b[index];
    }

    public long address(int index) {
        return address[index];
    }

    public long size(int index) {
        return size[index];
    }

    /** Used by the world to write back what the callee returned. */
    public void update(int index, int a, int b, long size) {
        this.a[index] = a;
        this.b[index] = b;
        this.size[index] = size;
    }
}
