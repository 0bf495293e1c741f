/* dl_iterate_phdr() over a TA and its shared libraries, as OP-TEE's libutee offers it: every module
 * is passed to the callback (the TA first, then its libraries in load order, then those dlopen()
 * added) and the call returns the last callback's value. */
#ifndef _LINK_H_
#define _LINK_H_

#include <elf.h>
#include <stddef.h>

struct dl_phdr_info {
	Elf_Addr dlpi_addr;          /* where the module is loaded */
	const char *dlpi_name;
	const Elf_Phdr *dlpi_phdr;
	Elf_Half dlpi_phnum;
	unsigned long long dlpi_adds; /* modules loaded so far */
	unsigned long long dlpi_subs; /* modules unloaded so far */
	size_t dlpi_tls_modid;
	void *dlpi_tls_data;
};

int dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data), void *data);

#endif /* _LINK_H_ */
