package dev.jtee.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * The secure RAM budget of a world (TZDRAM): a fixed range of physical addresses from which each
 * instance reserves its code, data and stack regions, in whole 4 KiB pages. First fit over the
 * free ranges, which coalesce on release. Thread-safe (one monitor; reservations happen when
 * instances are created and destroyed, not per call).
 */
final class SecureRam {
    static final long PAGE = 4096;

    private final long base;
    private final long budget;
    /** Free ranges: first physical address → length in bytes; never two adjacent. */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private long used;

    /** @param budget bytes of secure RAM (rounded down to pages); {@code base} is the physical address of the first one */
    SecureRam(long base, long budget) {
        if (base < 0 || base % PAGE != 0) {
            throw new IllegalArgumentException("secure RAM base must be page-aligned: 0x" + Long.toHexString(base));
        }
        if (budget < 0 || base + budget < base) {
            throw new IllegalArgumentException("bad secure RAM budget " + budget);
        }
        this.base = base;
        this.budget = budget & -PAGE;
        if (this.budget > 0) {
            free.put(base, this.budget);
        }
    }

    /**
     * Reserves {@code size} bytes (rounded up to 4 KiB pages); the physical address, or -1 when
     * it does not fit.
     *
     * @throws IllegalArgumentException if size is not positive
     */
    synchronized long reserve(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("reservation size must be positive: " + size);
        }
        if (size > budget) {
            return -1;
        }
        long len = pages(size);
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            if (e.getValue() >= len) {
                long pa = e.getKey();
                long rest = e.getValue() - len;
                free.remove(pa);
                if (rest > 0) {
                    free.put(pa + len, rest);
                }
                used += len;
                return pa;
            }
        }
        return -1;
    }

    /**
     * Returns a reservation made by {@link #reserve} (same size as reserved, before rounding).
     *
     * @throws IllegalStateException if the range is not wholly reserved (double release, wrong range)
     */
    synchronized void release(long pa, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("release size must be positive: " + size);
        }
        if (size > budget) {
            throw new IllegalStateException("not a secure RAM range: 0x" + Long.toHexString(pa) + " +" + size);
        }
        long len = pages(size);
        if (pa < base || pa % PAGE != 0 || pa - base > budget - len) {
            throw new IllegalStateException("not a secure RAM range: 0x" + Long.toHexString(pa) + " +" + len);
        }
        long end = pa + len;
        Map.Entry<Long, Long> before = free.floorEntry(pa);
        Map.Entry<Long, Long> after = free.ceilingEntry(pa);
        if ((before != null && before.getKey() + before.getValue() > pa) || (after != null && after.getKey() < end)) {
            throw new IllegalStateException("secure RAM range 0x" + Long.toHexString(pa) + " +" + len + " is not reserved");
        }
        long start = pa;
        if (before != null && before.getKey() + before.getValue() == pa) {
            start = before.getKey();
            len += before.getValue();
            free.remove(start);
        }
        if (after != null && after.getKey() == end) {
            len += after.getValue();
            free.remove(end);
        }
        free.put(start, len);
        used -= pages(size);
    }

    /** Bytes of secure RAM in all. */
    long budget() {
        return budget;
    }

    /** Bytes reserved now. */
    synchronized long used() {
        return used;
    }

    /** Bytes not reserved (possibly in several ranges). */
    synchronized long available() {
        return budget - used;
    }

    /** The largest single reservation that would succeed now. */
    synchronized long largestAvailable() {
        long largest = 0;
        for (long len : free.values()) {
            largest = Math.max(largest, len);
        }
        return largest;
    }

    long base() {
        return base;
    }

    private static long pages(long size) {
        return (size + PAGE - 1) & -PAGE;
    }
}
