package dev.jtee.client;

import dev.jtee.api.ParamType;
import dev.jtee.api.ParamTypes;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The four parameters of one call ({@code TEEC_Operation}): values, temporary memory references
 * (a caller's array) and registered memory references (whole or partial {@link SharedMemory}).
 * Setters chain; after a call the output values and sizes are read back here.
 *
 * <p>Mutable and reusable, not thread-safe: one call at a time may use it. Only
 * {@link #requestCancellation()} may be called from another thread while a call runs.
 */
public final class Operation {
    private static final AtomicInteger CANCEL_IDS = new AtomicInteger();

    /** Non-zero id naming this operation's calls in a cancellation request. */
    final int cancelId;
    /** Client-side type nibbles, {@code p0 | p1<<4 | p2<<8 | p3<<12}. */
    int types;
    final int[] a = new int[ParamTypes.COUNT];
    final int[] b = new int[ParamTypes.COUNT];
    final byte[][] temp = new byte[ParamTypes.COUNT][];
    final SharedMemory[] parent = new SharedMemory[ParamTypes.COUNT];
    final long[] offset = new long[ParamTypes.COUNT];
    final long[] size = new long[ParamTypes.COUNT];

    /** Where a cancellation goes: the {@link Session} last used, or the {@link Driver} while opening one. */
    volatile Object target;
    /** Set while a call with this operation waits in the driver's call queue. */
    volatile dev.jtee.flow.SecureThreadQueue.Waiter waiter;
    /** The flow control of the context of the call under way, for a cancellation of its wait. */
    volatile ContextFlow flow;
    /** Set while a call with this operation waits for a flow-control permit. */
    volatile dev.jtee.flow.Permit flowPermit;
    /** Its place in an instance gate's queue while it waits there (for cancellation). */
    volatile CallCombiner.Node combining;
    /** A cancellation asked for the call under way (reset when a call starts). */
    volatile boolean cancelRequested;

    private Operation() {
        int id;
        do {
            id = CANCEL_IDS.incrementAndGet();
        } while (id == 0);
        cancelId = id;
    }

    /** A new operation with four NONE parameters. */
    public static Operation create() {
        return new Operation();
    }

    /** A value parameter; {@code type} is VALUE_INPUT, VALUE_OUTPUT or VALUE_INOUT. */
    public Operation value(int i, ParamType type, int a, int b) {
        Objects.checkIndex(i, ParamTypes.COUNT);
        if (type == null || !type.isValue()) {
            throw new IllegalArgumentException("not a value type: " + type);
        }
        reset(i, type.nibble());
        this.a[i] = a;
        this.b[i] = b;
        return this;
    }

    /** A temporary memref over the whole of {@code buffer} (size 0 when null). */
    public Operation tempMemref(int i, ParamType type, byte[] buffer) {
        return tempMemref(i, type, buffer, buffer == null ? 0 : buffer.length);
    }

    /**
     * A temporary memref ({@code TEEC_TempMemoryReference}); {@code type} is MEMREF_TEMP_INPUT,
     * _OUTPUT or _INOUT. A null buffer with size 0 is a null memref; with size &gt; 0 the call
     * fails with BAD_PARAMETERS. For OUTPUT and INOUT, {@link #size(int)} holds the size the TA
     * reports after the call, also when it answers SHORT_BUFFER.
     */
    public Operation tempMemref(int i, ParamType type, byte[] buffer, int size) {
        Objects.checkIndex(i, ParamTypes.COUNT);
        int nibble = type == null ? -1 : type.nibble();
        if (nibble < 0x5 || nibble > 0x7) {
            throw new IllegalArgumentException("not a temporary memref type: " + type);
        }
        reset(i, nibble);
        temp[i] = buffer;
        this.size[i] = Integer.toUnsignedLong(size);
        return this;
    }

    /**
     * A whole registered memref ({@code TEEC_MEMREF_WHOLE}): the direction comes from the
     * block's flags; after the call {@link #size(int)} is what the TA reports if the block has
     * {@link SharedMemory#MEM_OUTPUT}.
     */
    public Operation wholeMemref(int i, SharedMemory shm) {
        Objects.checkIndex(i, ParamTypes.COUNT);
        reset(i, ParamType.MEMREF_WHOLE.nibble());
        parent[i] = shm;
        size[i] = shm == null ? 0 : shm.size;
        return this;
    }

    /**
     * A window of a registered block ({@code TEEC_RegisteredMemoryReference}); {@code type} is
     * MEMREF_PARTIAL_INPUT, _OUTPUT or _INOUT and the block's flags must allow it.
     */
    public Operation partialMemref(int i, ParamType type, SharedMemory shm, long offset, long size) {
        Objects.checkIndex(i, ParamTypes.COUNT);
        int nibble = type == null ? -1 : type.nibble();
        if (nibble < 0xD || nibble > 0xF) {
            throw new IllegalArgumentException("not a partial memref type: " + type);
        }
        reset(i, nibble);
        parent[i] = shm;
        this.offset[i] = offset;
        this.size[i] = size;
        return this;
    }

    /** Parameter {@code i} is unused. */
    public Operation none(int i) {
        Objects.checkIndex(i, ParamTypes.COUNT);
        reset(i, ParamType.NONE.nibble());
        return this;
    }

    /** All four parameters back to NONE, for reuse. */
    public Operation clear() {
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            reset(i, 0);
        }
        return this;
    }

    /**
     * Puts any 4-bit type nibble into parameter {@code i}, keeping its other fields: for tests of
     * invalid types (0x4, 0x8–0xB), which a call refuses with BAD_PARAMETERS, origin API.
     */
    public Operation rawType(int i, int nibble) {
        Objects.checkIndex(i, ParamTypes.COUNT);
        types = ParamTypes.with(types, i, nibble);
        return this;
    }

    private void reset(int i, int nibble) {
        types = ParamTypes.with(types, i, nibble);
        a[i] = 0;
        b[i] = 0;
        temp[i] = null;
        parent[i] = null;
        offset[i] = 0;
        size[i] = 0;
    }

    /** The client-side paramTypes word ({@code TEEC_PARAM_TYPES}). */
    public int types() {
        return types;
    }

    /** The client kind of parameter {@code i}, or null for an invalid nibble set with {@link #rawType}. */
    public ParamType type(int i) {
        Objects.checkIndex(i, ParamTypes.COUNT);
        return ParamType.client(ParamTypes.get(types, i));
    }

    public int valueA(int i) {
        return a[Objects.checkIndex(i, ParamTypes.COUNT)];
    }

    public int valueB(int i) {
        return b[Objects.checkIndex(i, ParamTypes.COUNT)];
    }

    /** The memref size: as set before the call, as written back after it (see the memref setters). */
    public long size(int i) {
        return size[Objects.checkIndex(i, ParamTypes.COUNT)];
    }

    /** A partial memref's offset in its block. */
    public long offset(int i) {
        return offset[Objects.checkIndex(i, ParamTypes.COUNT)];
    }

    /** A temporary memref's buffer (null for other kinds or a null memref). */
    public byte[] buffer(int i) {
        return temp[Objects.checkIndex(i, ParamTypes.COUNT)];
    }

    /** A registered memref's block (null for other kinds). */
    public SharedMemory sharedMemory(int i) {
        return parent[Objects.checkIndex(i, ParamTypes.COUNT)];
    }

    /**
     * {@code TEEC_RequestCancellation}: asks the call running (or queued) with this operation to
     * stop. It targets the session this operation was last used with; a no-op if it was never used.
     * A call still waiting in the normal world (for flow control or for a secure thread) ends with
     * CANCEL, origin COMMS; a call in the TA ends as the TA decides (it sees the request only with
     * cancellation unmasked).
     */
    public void requestCancellation() {
        Object t = target;
        if (t instanceof Session s) {
            s.driver.requestCancellation(this, s.id(), cancelId, flow);
        } else if (t instanceof Driver d) {
            d.requestCancellation(this, 0, cancelId, flow);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Operation[");
        for (int i = 0; i < ParamTypes.COUNT; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            ParamType t = type(i);
            sb.append(t != null ? t.name() : "0x" + Integer.toHexString(ParamTypes.get(types, i)));
        }
        return sb.append(']').toString();
    }
}
