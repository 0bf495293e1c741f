package dev.jtee.core;

/**
 * The secure RAM budget of a world (TZDRAM): a fixed range of physical addresses from which each
 * instance reserves its code, data and stack regions. Thread-safe.
 */
final class SecureRam {
    /** @param budget bytes of secure RAM; {@code base} is the physical address of the first one */
    SecureRam(long base, long budget) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Reserves {@code size} bytes (rounded up to 4 KiB pages); the physical address, or -1 when it does not fit. */
    long reserve(long size) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Returns a reservation made by {@link #reserve}. */
    void release(long pa, long size) {
        throw new UnsupportedOperationException("TODO");
    }

    long budget() {
        throw new UnsupportedOperationException("TODO");
    }

    long used() {
        throw new UnsupportedOperationException("TODO");
    }
}
