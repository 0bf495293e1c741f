/* OP-TEE's tee_map_zi(), tee_map_zi_va() and tee_unmap() (libutee, served by ldelf's PTA_SYSTEM_MAP_ZI
 * and PTA_SYSTEM_UNMAP in OP-TEE): zero-initialised pages mapped into the TA's own address space,
 * outside its heap. Here they are anonymous mappings of the TA's process, counted among the TA's
 * memory for TEE_CheckMemoryAccessRights and listed in an abort dump as "(zi)". */
#include "tahost.h"

#include <sys/mman.h>
#include <unistd.h>

#define ACCESS_ANY_OWNER 0x4u
#define MAX_ZI 32

static struct {
	uintptr_t va;
	size_t size;
} zi[MAX_ZI];
static int n_zi;

static size_t page_round(size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	return len > SIZE_MAX - page ? 0 : (len + page - 1) & ~(page - 1);
}

EXPORT void *tee_map_zi_va(uintptr_t va, size_t len, uint32_t flags)
{
	size_t size = page_round(len);
	void *p;
	/* libutee: no flags but ANY_OWNER (a mapping the TA may share); a size the PTA's u32 holds */
	if ((flags & ~ACCESS_ANY_OWNER) || !size || len > UINT32_MAX || n_zi == MAX_ZI)
		return NULL;
	p = mmap((void *)va, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | (va ? MAP_FIXED_NOREPLACE : 0), -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (va && (uintptr_t)p != va) { /* a kernel without MAP_FIXED_NOREPLACE took it as a hint */
		munmap(p, size);
		return NULL;
	}
	zi[n_zi].va = (uintptr_t)p;
	zi[n_zi].size = size;
	n_zi++;
	return p;
}

EXPORT void *tee_map_zi(size_t len, uint32_t flags)
{
	return tee_map_zi_va(0, len, flags);
}

/* A whole mapping, or its first or last pages: BAD_PARAMETERS for anything else, as vm_unmap refuses it */
EXPORT TEE_Result tee_unmap(void *buf, size_t len)
{
	uintptr_t a = (uintptr_t)buf;
	size_t size = page_round(len);
	for (int i = 0; size && i < n_zi; i++) {
		uintptr_t lo = zi[i].va, hi = zi[i].va + zi[i].size;
		if (a < lo || a + size > hi || (a != lo && a + size != hi) || a + size < a)
			continue;
		if (munmap(buf, size))
			return TEE_ERROR_BAD_PARAMETERS;
		if (a == lo)
			zi[i].va += size;
		zi[i].size -= size;
		if (!zi[i].size)
			zi[i] = zi[--n_zi];
		return TEE_SUCCESS;
	}
	return TEE_ERROR_BAD_PARAMETERS;
}

bool map_zi_contains(uintptr_t a, size_t len)
{
	for (int i = 0; i < n_zi; i++)
		if (a >= zi[i].va && a + len <= zi[i].va + zi[i].size)
			return true;
	return false;
}

int map_zi_count(void)
{
	return n_zi;
}

void map_zi_region(int i, uintptr_t *va, size_t *size)
{
	*va = zi[i].va;
	*size = zi[i].size;
}
