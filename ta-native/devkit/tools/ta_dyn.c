/* jtee-ta-dyn FILE: renames a TA's (or TA library's) DT_INIT_ARRAY, DT_FINI_ARRAY and their sizes to
 * jtee's own dynamic tags, in place, so the C library's loader leaves them alone and the TA host runs
 * them when OP-TEE does (NATIVE-TAS.md §E). A 64-bit ELF of this machine's byte order; an object
 * without them is left as it is. Run by mk/ta_dev_kit.mk after the link. */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "ta_dyn.h"

static int fail(const char *file, const char *why)
{
	fprintf(stderr, "jtee-ta-dyn: %s: %s\n", file, why);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return fail("usage", "jtee-ta-dyn FILE");
	const char *file = argv[1];
	FILE *f = fopen(file, "r+b");
	if (!f)
		return fail(file, "cannot open");
	Elf64_Ehdr eh;
	if (fread(&eh, sizeof(eh), 1, f) != 1 || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr))
		return fail(file, "not a 64-bit ELF file");
	for (int i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		if (fseek(f, (long)(eh.e_phoff + (uint64_t)i * sizeof(ph)), SEEK_SET) || fread(&ph, sizeof(ph), 1, f) != 1)
			return fail(file, "truncated program headers");
		if (ph.p_type != PT_DYNAMIC)
			continue;
		for (uint64_t off = 0; off + sizeof(Elf64_Dyn) <= ph.p_filesz; off += sizeof(Elf64_Dyn)) {
			Elf64_Dyn d;
			if (fseek(f, (long)(ph.p_offset + off), SEEK_SET) || fread(&d, sizeof(d), 1, f) != 1)
				return fail(file, "truncated dynamic section");
			if (d.d_tag == DT_NULL)
				break;
			int64_t to = d.d_tag == DT_INIT_ARRAY ? JTEE_DT_INIT_ARRAY
				   : d.d_tag == DT_INIT_ARRAYSZ ? JTEE_DT_INIT_ARRAYSZ
				   : d.d_tag == DT_FINI_ARRAY ? JTEE_DT_FINI_ARRAY
				   : d.d_tag == DT_FINI_ARRAYSZ ? JTEE_DT_FINI_ARRAYSZ
				   : d.d_tag == DT_INIT || d.d_tag == DT_FINI || d.d_tag == DT_PREINIT_ARRAY ? -1 : 0;
			if (to < 0)
				return fail(file, "has DT_INIT, DT_FINI or DT_PREINIT_ARRAY (a TA has .init_array and .fini_array only)");
			if (!to)
				continue;
			d.d_tag = to;
			if (fseek(f, (long)(ph.p_offset + off), SEEK_SET) || fwrite(&d, sizeof(d), 1, f) != 1)
				return fail(file, "cannot write");
		}
	}
	return fclose(f) ? fail(file, "cannot write") : 0;
}
