package dev.jtee.client;

import dev.jtee.api.Origin;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;

/**
 * A block of memory shared with the secure world ({@code TEEC_SharedMemory}), allocated by or
 * registered with one {@link Context}. In process it is zero copy: the TA reads and writes
 * {@link #buffer()} itself, in the window {@code [offset(), offset() + size())}.
 *
 * <p>Thread-safe to release; the bytes follow the usual rules of a shared array.
 */
public final class SharedMemory implements AutoCloseable {
    /** {@code TEEC_MEM_INPUT}: the secure world may read the block. */
    public static final int MEM_INPUT = 0x1;
    /** {@code TEEC_MEM_OUTPUT}: the secure world may write the block. */
    public static final int MEM_OUTPUT = 0x2;

    /** libteec maps 8 bytes for a zero-size block so its buffer is never null. */
    static final int ZERO_SIZE_BLOCK = 8;
    /** The largest array the JVM reliably allocates; anything larger is OUT_OF_MEMORY, like SIZE_MAX in xtest 5006. */
    static final long MAX_SIZE = Integer.MAX_VALUE - 8;

    final Context context;
    final byte[] array;
    final int base;
    final long size;
    final int flags;
    /** The world's id for an allocated block it accounts (a daemon's secure RAM), else 0. */
    private final int worldId;
    private volatile boolean released;

    private SharedMemory(Context context, byte[] array, int base, long size, int flags, int worldId) {
        this.context = context;
        this.array = array;
        this.base = base;
        this.size = size;
        this.flags = flags;
        this.worldId = worldId;
    }

    static SharedMemory allocate(Context context, long size, int flags) {
        checkFlags(flags);
        if (size < 0 || size > MAX_SIZE) {
            throw new TeeException(TeeResult.OUT_OF_MEMORY, Origin.API,
                    "cannot allocate " + Long.toUnsignedString(size) + " bytes of shared memory");
        }
        // a daemon accounts the block in its secure RAM first: a size it cannot hold is OUT_OF_MEMORY before any allocation here
        int id = context.world().allocateSharedMemory(size);
        byte[] block;
        try {
            block = new byte[size == 0 ? ZERO_SIZE_BLOCK : (int) size];
        } catch (OutOfMemoryError e) {
            context.world().releaseSharedMemory(id);
            throw new TeeException(TeeResult.OUT_OF_MEMORY, Origin.API, "cannot allocate " + size + " bytes of shared memory", e);
        }
        return new SharedMemory(context, block, 0, size, flags, id);
    }

    static SharedMemory register(Context context, byte[] buffer, int offset, int length, int flags) {
        checkFlags(flags);
        if (buffer == null) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API, "cannot register a null buffer");
        }
        if (offset < 0 || length < 0 || length > buffer.length - offset) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API,
                    "window [" + offset + ", +" + length + ") is outside a buffer of " + buffer.length + " bytes");
        }
        return new SharedMemory(context, buffer, offset, length, flags, 0);
    }

    private static void checkFlags(int flags) {
        if (flags == 0 || (flags & ~(MEM_INPUT | MEM_OUTPUT)) != 0) {
            throw new TeeException(TeeResult.BAD_PARAMETERS, Origin.API,
                    "shared memory flags must be MEM_INPUT and/or MEM_OUTPUT, got 0x" + Integer.toHexString(flags));
        }
    }

    /**
     * The backing array: the block itself when allocated (at least {@value #ZERO_SIZE_BLOCK}
     * bytes, even for size 0), the caller's array when registered (see {@link #offset()}).
     */
    public byte[] buffer() {
        return array;
    }

    /** Where the block starts in {@link #buffer()}: 0 unless a window of an array was registered. */
    public int offset() {
        return base;
    }

    /** The size the client asked for (0 for a zero-size block). */
    public long size() {
        return size;
    }

    /** {@link #MEM_INPUT} and/or {@link #MEM_OUTPUT}. */
    public int flags() {
        return flags;
    }

    public Context context() {
        return context;
    }

    public boolean isReleased() {
        return released;
    }

    /** {@code TEEC_ReleaseSharedMemory}: the block can no longer be used in an operation. No-op if already released. */
    public void release() {
        if (!released) {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            context.forget(this);
            if (worldId != 0) {
                context.world().releaseSharedMemory(worldId);
            }
        }
    }

    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "SharedMemory[size=" + size + ", flags=" + flags + (released ? ", released]" : "]");
    }
}
