package dev.jtee.core;

/**
 * One mapping in a TA instance's address space, as OP-TEE's dump prints it.
 *
 * @param va    virtual address (page-aligned)
 * @param pa    physical address (secure RAM for code/data/stack; 0-based normal-world pages for params)
 * @param size  bytes, page-rounded
 * @param flags four characters r/w/x/s or '-': e.g. {@code r-xs} code, {@code rw-s} data and stack,
 *              {@code rw--} or {@code r---} a parameter (not secure memory)
 * @param desc  the dump's trailing description: {@code " [0]"}, {@code " (stack)"}, {@code " (param)"}, or empty
 */
record MemoryRegion(long va, long pa, long size, String flags, String desc) {
}
