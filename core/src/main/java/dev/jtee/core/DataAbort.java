package dev.jtee.core;

/**
 * A bad memory access by TA code: the emulated MMU fault. Thrown out of the TA's stack by the
 * checked accessors; the instance then dies and the world logs
 * {@code User mode data-abort at address 0x…} with the dump. TA code must not be able to hide it,
 * so it is an Error.
 */
final class DataAbort extends Error {
    /** What went wrong, as a short OP-TEE-like fault description. */
    enum Kind {
        /** Address not mapped in the instance (wild or NULL pointer). */
        TRANSLATION_FAULT("translation fault"),
        /** Mapped, but the access is not allowed (write to an INPUT memref or to code). */
        PERMISSION_FAULT("permission fault"),
        /** Inside the heap region but outside any live block (out of bounds, use after free). */
        HEAP_OUT_OF_BOUNDS("heap out of bounds"),
        /** Dereference of the pointer TEE_Malloc(0) returned. */
        ZERO_SIZE_POINTER("zero-size pointer dereference"),
        /** free/realloc of something that is not a live block (double free, wild free). */
        BAD_FREE("invalid free");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    final long address;
    final Kind kind;
    final boolean write;

    DataAbort(long address, Kind kind, boolean write) {
        super(String.format("%s %s at address 0x%08x", write ? "write" : "read", kind.text, address), null, false, true);
        this.address = address;
        this.kind = kind;
        this.write = write;
    }
}
