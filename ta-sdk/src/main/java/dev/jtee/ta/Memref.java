package dev.jtee.ta;

/**
 * A memory reference parameter ({@code TEE_Param.memref}) as the TA sees it: a buffer mapped into
 * the instance's address space at {@link #address()}, {@link #size()} bytes long. Every access is
 * bounds-checked: reading or writing outside {@code [0, size)}, or writing a MEMREF_INPUT, is a
 * data abort that kills the instance, as a bad access does in OP-TEE.
 */
public interface Memref {
    /** The virtual address of the buffer in the TA (0 for a null memref). */
    long address();

    /** The size the client gave. */
    int size();

    /**
     * Reports the size of the output: what the client's size is set to on return, also on
     * SHORT_BUFFER, where a size larger than {@link #size()} tells the client what it needs.
     */
    void size(long reported);

    byte get(int offset);

    void put(int offset, byte value);

    /** Copies {@code length} bytes from the memref at {@code offset} into {@code dst}. */
    void read(int offset, byte[] dst, int dstOffset, int length);

    /** Copies {@code length} bytes from {@code src} into the memref at {@code offset}. */
    void write(int offset, byte[] src, int srcOffset, int length);

    /** The whole memref as a new array. */
    default byte[] toByteArray() {
        byte[] out = new byte[size()];
        read(0, out, 0, out.length);
        return out;
    }
}
