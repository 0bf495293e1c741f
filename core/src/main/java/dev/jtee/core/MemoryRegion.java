package dev.jtee.core;

/**
 * One mapping in a TA instance's address space, as OP-TEE's dump prints it.
 *
 * @param va    virtual address (page-aligned)
 * @param pa    physical address (secure RAM for code/data/stack; normal-world shared memory
 *              pages for params)
 * @param size  bytes, page-rounded
 * @param flags four characters r/w/x/s or '-': e.g. {@code r-xs} code, {@code rw-s} data and stack,
 *              {@code rw--} or {@code r---} a parameter (not secure memory)
 * @param desc  the dump's trailing description: {@code " [0]"}, {@code " (stack)"}, {@code " (param)"}, or empty
 */
record MemoryRegion(long va, long pa, long size, String flags, String desc) {
    /**
     * The dump line for this region as region number {@code index}, in the format of OP-TEE's
     * ldelf ({@code ta_elf_print_mappings}): 8-digit addresses, 6-digit size.
     */
    String dumpLine(int index) {
        return String.format("region %2d: va 0x%08x pa 0x%08x size 0x%06x flags %s%s", index, va, pa, size, flags, desc);
    }
}
