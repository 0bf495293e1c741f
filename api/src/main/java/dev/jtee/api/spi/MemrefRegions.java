package dev.jtee.api.spi;

/**
 * How a call's memref parameters share client memory: memrefs on the same buffer form one region
 * (the span they cover), owned by the first of them, so a transport sends or maps it once and
 * parameters that overlap in the client overlap in the TA too. Shared by the socket transport and
 * the libteec one. Mutable scratch for one call at a time, reused so the call path allocates
 * nothing; not thread-safe.
 */
public final class MemrefRegions {
    /** {@link #owner} of a parameter that is not a memref on a buffer. */
    public static final int NONE = -1;

    private final int[] owner = new int[4];
    private final int[] lo = new int[4];
    private final int[] hi = new int[4];
    private final int[] users = new int[4];
    private final boolean[] in = new boolean[4];
    private final boolean[] out = new boolean[4];

    /**
     * Groups the frame's memrefs (TA-side types 5–7) by buffer. Throws IllegalArgumentException for
     * a type that is not TA-side, a null memref with a size, or a window outside its buffer.
     */
    public void compute(CallFrame f) {
        for (int i = 0; i < 4; i++) {
            owner[i] = NONE;
            users[i] = 0;
            in[i] = false;
            out[i] = false;
            int t = (f.paramTypes >>> (4 * i)) & 0xF;
            if (t == 0 || (t >= 1 && t <= 3)) {
                continue;
            }
            if (t < 5 || t > 7) {
                throw new IllegalArgumentException("parameter " + i + ": type 0x" + Integer.toHexString(t) + " is not a TA-side type");
            }
            byte[] b = f.buffer[i];
            long size = f.size[i];
            if (b == null) {
                if (size != 0) {
                    throw new IllegalArgumentException("parameter " + i + ": null memref with size " + size);
                }
                continue;
            }
            int off = f.offset[i];
            if (off < 0 || size < 0 || size > b.length - (long) off) {
                throw new IllegalArgumentException("parameter " + i + ": window [" + off + ", +" + size + ") outside its buffer of " + b.length);
            }
            int o = i;
            for (int j = 0; j < i; j++) {
                if (owner[j] == j && f.buffer[j] == b) {
                    o = j;
                    break;
                }
            }
            owner[i] = o;
            int end = (int) (off + size);
            if (o == i) {
                lo[i] = off;
                hi[i] = end;
            } else {
                lo[o] = Math.min(lo[o], off);
                hi[o] = Math.max(hi[o], end);
            }
            users[o]++;
            in[o] |= t != 6;
            out[o] |= t != 5;
        }
    }

    /** The parameter owning i's region (i itself for an owner), or {@link #NONE}. */
    public int owner(int i) {
        return owner[i];
    }

    /** For owners: where the region starts in the client's buffer. */
    public int lo(int i) {
        return lo[i];
    }

    /** For owners: the region's length in bytes. */
    public int length(int i) {
        return hi[i] - lo[i];
    }

    /** For owners: how many parameters lie on the region. */
    public int users(int i) {
        return users[i];
    }

    /** For owners: whether a parameter on the region is an input (the TA reads it). */
    public boolean isInput(int i) {
        return in[i];
    }

    /** For owners: whether a parameter on the region is an output (the TA may write it). */
    public boolean isOutput(int i) {
        return out[i];
    }
}
