package dev.jtee.wire;

import dev.jtee.api.spi.CallFrame;
import dev.jtee.api.spi.MemrefRegions;
import java.nio.ByteBuffer;

/**
 * How a call's memref parameters travel: memrefs on the same buffer form one region (the span
 * they cover) sent once, so parameters that overlap in the client's memory overlap in the TA's too
 * and the TA's writes come back in one piece. Mutable scratch for one call at a time; reused so
 * the call path allocates nothing. Not thread-safe.
 *
 * <p>Request parameters: {@code u32 types}, then per parameter by its TA-side type: VALUE_INPUT and
 * VALUE_INOUT {@code u32 a, u32 b}; VALUE_OUTPUT nothing (the TA sees zeros, as from the kernel);
 * MEMREF_INPUT/OUTPUT/INOUT {@code u8 kind}: 0 a null memref; 1 a region {@code u32 length,
 * u8 hasData, [length bytes], u32 offset, u64 size}; 2 a window on parameter j's region
 * {@code u8 j, u32 offset, u64 size}. Region bytes are sent when a parameter on it is an input.
 *
 * <p>Reply parameters: {@code u32 types} (echoed), then per parameter: VALUE_OUTPUT/INOUT
 * {@code u32 a, u32 b}; MEMREF_OUTPUT/INOUT {@code u64 size} (as the TA reported it); then, per
 * region with an output parameter, {@code u32 length} and its bytes (whatever the result: a TA
 * may write before it fails, e.g. SHORT_BUFFER).
 */
public final class ParamLayout {
    static final int NONE = MemrefRegions.NONE;
    /** The parameter owning i's region (i itself for an owner), or NONE. */
    final int[] owner = new int[4];
    /** For owners: the region's start in the client's buffer, and its length. */
    final int[] lo = new int[4];
    final int[] length = new int[4];
    /** For owners: whether any parameter on the region is an input / an output. */
    final boolean[] in = new boolean[4];
    final boolean[] out = new boolean[4];

    /** The client side's grouping (the server side fills the arrays above from the request). */
    private final MemrefRegions regions = new MemrefRegions();

    public ParamLayout() {
    }

    static boolean isValue(int t) {
        return t >= 1 && t <= 3;
    }

    static boolean isMemref(int t) {
        return t >= 5 && t <= 7;
    }

    static int type(int types, int i) {
        return (types >>> (4 * i)) & 0xF;
    }

    /** Client side: groups the frame's memrefs by buffer. Throws IllegalArgumentException on a bad frame. */
    public void compute(CallFrame f, int maxPayload) {
        regions.compute(f);
        long total = 0;
        for (int i = 0; i < 4; i++) {
            owner[i] = regions.owner(i);
            if (owner[i] == i) {
                lo[i] = regions.lo(i);
                length[i] = regions.length(i);
                in[i] = regions.isInput(i);
                out[i] = regions.isOutput(i);
                total += length[i];
            } else {
                in[i] = false;
                out[i] = false;
            }
        }
        if (total > maxPayload) {
            throw new TooLargeException(total, maxPayload);
        }
    }

    /** More memref bytes than a frame may carry. */
    static final class TooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long total, int max) {
            super("memref parameters of " + total + " bytes exceed the daemon's limit of " + max + " bytes per call");
        }
    }

    /** Client side: writes the request parameters of {@code f} (after {@link #compute}). */
    void putRequest(ByteBuffer b, CallFrame f) {
        b.putInt(f.paramTypes);
        for (int i = 0; i < 4; i++) {
            int t = type(f.paramTypes, i);
            if (t == 1 || t == 3) {
                b.putInt(f.valueA[i]).putInt(f.valueB[i]);
            } else if (isMemref(t)) {
                int o = owner[i];
                if (o == NONE) {
                    b.put((byte) 0);
                } else if (o == i) {
                    b.put((byte) 1).putInt(length[i]).put((byte) (in[i] ? 1 : 0));
                    if (in[i]) {
                        b.put(f.buffer[i], lo[i], length[i]);
                    }
                    b.putInt(f.offset[i] - lo[i]).putLong(f.size[i]);
                } else {
                    b.put((byte) 2).put((byte) o).putInt(f.offset[i] - lo[o]).putLong(f.size[i]);
                }
            }
        }
    }

    /** Bytes {@link #putRequest} writes at most (an upper bound, for sizing the buffer). */
    int requestBound() {
        int n = 4 + 4 * 32;
        for (int i = 0; i < 4; i++) {
            if (owner[i] == i && in[i]) {
                n += length[i];
            }
        }
        return n;
    }

    /** Bytes {@link #putReply} writes at most. */
    int replyBound() {
        int n = 4 + 4 * 16;
        for (int i = 0; i < 4; i++) {
            if (owner[i] == i && out[i]) {
                n += 4 + length[i];
            }
        }
        return n;
    }

    /**
     * Daemon side: reads request parameters into {@code g} (buffers are fresh arrays, windows start
     * where the client's did within its region). Throws {@link WireException} BAD_FRAME or
     * BAD_REQUEST; the frame is then unusable but the connection may go on.
     */
    void getRequest(ByteBuffer b, CallFrame g, int maxPayload) {
        Protocol.need(b, 4);
        int types = b.getInt();
        g.paramTypes = types;
        long budget = maxPayload;
        for (int i = 0; i < 4; i++) {
            owner[i] = NONE;
            in[i] = false;
            out[i] = false;
            int t = type(types, i);
            if (t == 0 || t == 2) {
                continue;
            }
            if (isValue(t)) {
                Protocol.need(b, 8);
                g.valueA[i] = b.getInt();
                g.valueB[i] = b.getInt();
                continue;
            }
            if (!isMemref(t)) {
                throw new WireException(ErrorCode.BAD_FRAME, "parameter " + i + ": type 0x" + Integer.toHexString(t) + " is not a TA-side type");
            }
            Protocol.need(b, 1);
            int kind = b.get();
            int o;
            switch (kind) {
                case 0 -> {
                    continue;
                }
                case 1 -> {
                    Protocol.need(b, 5);
                    int len = b.getInt();
                    int hasData = b.get();
                    if (len < 0 || len > budget) {
                        throw new WireException(ErrorCode.BAD_REQUEST, "parameter " + i + ": region of " + Integer.toUnsignedString(len)
                                + " bytes exceeds the " + budget + " bytes left for this call");
                    }
                    budget -= len;
                    byte[] region = new byte[len];
                    if (hasData == 1) {
                        Protocol.need(b, len);
                        b.get(region);
                    } else if (hasData != 0) {
                        throw new WireException(ErrorCode.BAD_FRAME, "parameter " + i + ": bad data flag " + hasData);
                    }
                    g.buffer[i] = region;
                    length[i] = len;
                    o = i;
                }
                case 2 -> {
                    Protocol.need(b, 1);
                    o = b.get();
                    if (o < 0 || o >= i || owner[o] != o) {
                        throw new WireException(ErrorCode.BAD_FRAME, "parameter " + i + ": no region at parameter " + o);
                    }
                    g.buffer[i] = g.buffer[o];
                }
                default -> throw new WireException(ErrorCode.BAD_FRAME, "parameter " + i + ": bad memref kind " + kind);
            }
            Protocol.need(b, 12);
            int off = b.getInt();
            long size = b.getLong();
            int len = length[o];
            if (off < 0 || off > len || size < 0 || size > len - off) {
                throw new WireException(ErrorCode.BAD_FRAME, "parameter " + i + ": window [" + Integer.toUnsignedString(off) + ", +"
                        + Long.toUnsignedString(size) + ") outside its region of " + len + " bytes");
            }
            owner[i] = o;
            g.offset[i] = off;
            g.size[i] = size;
            in[o] |= t != 6;
            out[o] |= t != 5;
        }
    }

    /** Daemon side: writes the reply parameters of {@code g} (after {@link #getRequest}). */
    void putReply(ByteBuffer b, CallFrame g) {
        int types = g.paramTypes;
        b.putInt(types);
        for (int i = 0; i < 4; i++) {
            int t = type(types, i);
            if (t == 2 || t == 3) {
                b.putInt(g.valueA[i]).putInt(g.valueB[i]);
            } else if (t == 6 || t == 7) {
                b.putLong(g.size[i]);
            }
        }
        for (int i = 0; i < 4; i++) {
            if (owner[i] == i && out[i]) {
                b.putInt(length[i]).put(g.buffer[i], 0, length[i]);
            }
        }
    }

    /** Client side: reads reply parameters into the caller's frame (after {@link #compute} for that call). */
    void getReply(ByteBuffer b, CallFrame f) {
        Protocol.need(b, 4);
        int types = b.getInt();
        if (types != f.paramTypes) {
            throw new WireException(ErrorCode.BAD_FRAME, "reply parameter types 0x" + Integer.toHexString(types)
                    + " do not match the request's 0x" + Integer.toHexString(f.paramTypes));
        }
        for (int i = 0; i < 4; i++) {
            int t = type(types, i);
            if (t == 2 || t == 3) {
                Protocol.need(b, 8);
                f.valueA[i] = b.getInt();
                f.valueB[i] = b.getInt();
            } else if (t == 6 || t == 7) {
                Protocol.need(b, 8);
                long size = b.getLong();
                if (size < 0) {
                    throw new WireException(ErrorCode.BAD_FRAME, "parameter " + i + ": negative size " + size);
                }
                f.size[i] = size;
            }
        }
        for (int i = 0; i < 4; i++) {
            if (owner[i] == i && out[i]) {
                Protocol.need(b, 4);
                int n = b.getInt();
                if (n != length[i]) {
                    throw new WireException(ErrorCode.BAD_FRAME, "parameter " + i + ": region of " + n + " bytes, sent " + length[i]);
                }
                Protocol.need(b, n);
                b.get(f.buffer[i], lo[i], n);
            }
        }
    }

    /** Daemon side, after {@link #getRequest}: the memref bytes this call holds. */
    public long regionBytes() {
        long n = 0;
        for (int i = 0; i < 4; i++) {
            if (owner[i] == i) {
                n += length[i];
            }
        }
        return n;
    }

    /** Call types without parameters (close): no memrefs. */
    void clear() {
        for (int i = 0; i < 4; i++) {
            owner[i] = NONE;
            in[i] = false;
            out[i] = false;
        }
    }
}
