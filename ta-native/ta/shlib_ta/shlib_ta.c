#include <dlfcn.h>
#include <link.h>
#include <shlib_lib.h>
#include <shlib_ta.h>
#include <string.h>
#include <tee_internal_api.h>
#include <trace.h>

#include "shlib_cxx.h"

volatile int shlib_order;
__thread int shlib_ta_tls = 42;
__thread int shlib_ta_tls_zero;

static void __attribute__((constructor)) shlib_ta_init(void)
{
	shlib_order = shlib_order * 10 + 1;
}

static void __attribute__((destructor)) shlib_ta_fini(void)
{
	IMSG("shlib fini: TA");
}

#define CHECK(cond)                                   \
	do {                                          \
		if (!(cond)) {                        \
			params[0].value.a = __LINE__; \
			return TEE_ERROR_GENERIC;     \
		}                                     \
	} while (0)

#define DL_FLAGS (RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE)

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **ctx)
{
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
}

static TEE_Result call_lib_dl(TEE_Param params[4])
{
	void *h = dlopen(SHLIB_DL_UUID_STR, DL_FLAGS);
	CHECK(h);
	int (*mul)(int, int) = (int (*)(int, int))dlsym(h, "shlib_dl_mul");
	CHECK(mul && mul(6, 7) == 42);
	CHECK(!dlsym(h, "shlib_dl_nothing"));
	void *all = dlopen(NULL, DL_FLAGS);
	CHECK(all);
	CHECK(dlsym(all, "shlib_dl_mul") == (void *)mul);
	CHECK(dlsym(all, "shlib_add") == (void *)shlib_add); /* the linked library's, through the zero UUID */
	dlclose(all);
	CHECK(!dlopen("5b1ba000-0017-4d1a-8b5e-5a4e11b0ffff", DL_FLAGS)); /* no such library: ITEM_NOT_FOUND */
	CHECK(!dlopen(SHLIB_DL_UUID_STR, RTLD_NOW));                     /* OP-TEE takes its three flags only */
	CHECK(!dlopen("not a uuid", DL_FLAGS));
	params[0].value.a = (uint32_t)mul(6, 7);
	dlclose(h);
	return TEE_SUCCESS;
}

static TEE_Result call_lib_dl_panic(TEE_Param params[4])
{
	void *h = dlopen(SHLIB_DL_UUID_STR, DL_FLAGS);
	CHECK(h);
	void (*panic)(void) = (void (*)(void))dlsym(h, "shlib_dl_panic");
	CHECK(panic);
	panic();
	return TEE_ERROR_GENERIC;
}

struct phdr_walk {
	unsigned int count;
	bool loads;
	bool ta_first;
};

static int each_module(struct dl_phdr_info *info, size_t size, void *data)
{
	struct phdr_walk *w = data;
	bool load = false;
	for (unsigned int i = 0; i < info->dlpi_phnum; i++) {
		const Elf_Phdr *ph = info->dlpi_phdr + i;
		if (ph->p_type != PT_LOAD)
			continue;
		load = true;
		uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
		if (!w->count && (ph->p_flags & PF_X) && (uintptr_t)TA_CreateEntryPoint >= lo &&
		    (uintptr_t)TA_CreateEntryPoint < lo + ph->p_memsz)
			w->ta_first = true;
	}
	w->loads = w->loads && load && size >= sizeof(*info);
	w->count++;
	return 123;
}

static TEE_Result dl_phdr(TEE_Param params[4])
{
	struct phdr_walk w = { .loads = true };
	CHECK(dl_iterate_phdr(each_module, &w) == 123);
	params[0].value.a = w.count;
	params[0].value.b = w.loads && w.ta_first;
	return TEE_SUCCESS;
}

static TEE_Result lib_memory(TEE_Param params[4])
{
	size_t n = 0;
	uint8_t *buf = shlib_buffer(&n);
	CHECK(TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ | TEE_MEMORY_ACCESS_WRITE, buf, n) == TEE_SUCCESS);
	const uint8_t *table = shlib_table(&n);
	CHECK(TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ, (void *)table, n) == TEE_SUCCESS);
	CHECK(TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_WRITE, (void *)table, n) == TEE_ERROR_ACCESS_DENIED);
	TEE_GenerateRandom(buf, 16); /* a system call writing the library's memory */
	return TEE_SUCCESS;
}

static TEE_Result tls(TEE_Param params[4])
{
	CHECK(shlib_tls_a == 0 && shlib_tls_b == 123 && shlib_ta_tls == 42 && shlib_ta_tls_zero == 0);
	params[0].value.a = (uint32_t)shlib_tls_b;
	params[0].value.b = (uint32_t)shlib_ta_tls;
	shlib_tls_a = 1;
	shlib_ta_tls_zero = 1;
	CHECK(shlib_tls_a == 1 && shlib_ta_tls_zero == 1);
	shlib_tls_a = 0;
	shlib_ta_tls_zero = 0;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t types, TEE_Param params[4])
{
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	switch (cmd) {
	case SHLIB_CMD_CALL_LIB:
		params[0].value.a = (uint32_t)shlib_add(3, 4);
		return TEE_SUCCESS;
	case SHLIB_CMD_CALL_LIB_PANIC:
		shlib_panic();
		return TEE_ERROR_GENERIC;
	case SHLIB_CMD_GET_ORDER:
		params[0].value.a = (uint32_t)shlib_order;
		return TEE_SUCCESS;
	case SHLIB_CMD_CALL_LIB_DL:
		return call_lib_dl(params);
	case SHLIB_CMD_CALL_LIB_DL_PANIC:
		return call_lib_dl_panic(params);
	case SHLIB_CMD_DL_PHDR:
		return dl_phdr(params);
	case SHLIB_CMD_LIB_MEMORY:
		return lib_memory(params);
	case SHLIB_CMD_CXX:
		params[0].value.a = (uint32_t)shlib_cxx_global();
		params[0].value.b = (uint32_t)shlib_cxx_throw_through_c();
		return TEE_SUCCESS;
	case SHLIB_CMD_TLS:
		return tls(params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
