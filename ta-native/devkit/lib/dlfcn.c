/* OP-TEE's libdl for a TA: dlopen() and dlsym() are commands of the system pseudo-TA (PTA_SYSTEM_DLOPEN
 * with the library's UUID and the flags, PTA_SYSTEM_DLSYM with a UUID and a symbol name), on one session
 * opened at the first call and closed when the last handle is. jtee's TA host serves those two commands
 * in the TA's own process (NATIVE-TAS.md §E). A handle is the library's UUID; dlopen(NULL) is the zero
 * UUID, whose dlsym() searches the TA and all its libraries. */
#include <dlfcn.h>
#include <pta_system.h>
#include <stdlib.h>
#include <string.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#include "jtee_host.h"

static TEE_TASessionHandle system_pta = TEE_HANDLE_NULL;
static size_t open_handles;

struct dl_handle {
	TEE_UUID uuid;
};

static TEE_Result system_pta_invoke(uint32_t command, uint32_t types, TEE_Param params[TEE_NUM_PARAMS])
{
	if (system_pta == TEE_HANDLE_NULL) {
		static const TEE_UUID uuid = PTA_SYSTEM_UUID;
		uint32_t origin = 0;
		TEE_Result res = TEE_OpenTASession(&uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &system_pta, &origin);
		/* a world without the system pseudo-TA: the TA host serves DLOPEN and DLSYM on its own */
		if (res == TEE_ERROR_ITEM_NOT_FOUND && origin == TEE_ORIGIN_TEE)
			system_pta = jtee_system_pta_local_session();
		else if (res != TEE_SUCCESS)
			return res;
		if (system_pta == TEE_HANDLE_NULL)
			return TEE_ERROR_OUT_OF_MEMORY;
	}
	return TEE_InvokeTACommand(system_pta, TEE_TIMEOUT_INFINITE, command, types, params, NULL);
}

void *dlopen(const char *filename, int flags)
{
	struct dl_handle *h = malloc(sizeof(*h));
	if (!h)
		return NULL;
	memset(h, 0, sizeof(*h));
	if (filename) {
		TEE_Param params[TEE_NUM_PARAMS] = { 0 };
		if (tee_uuid_from_str(&h->uuid, filename) != TEE_SUCCESS)
			goto fail;
		params[0].memref.buffer = &h->uuid;
		params[0].memref.size = sizeof(h->uuid);
		params[1].value.a = (uint32_t)flags;
		if (system_pta_invoke(PTA_SYSTEM_DLOPEN, TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
					TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
				      params) != TEE_SUCCESS)
			goto fail;
	}
	open_handles++;
	return h;
fail:
	free(h);
	return NULL;
}

int dlclose(void *handle)
{
	free(handle);
	if (open_handles)
		open_handles--;
	if (!open_handles && system_pta != TEE_HANDLE_NULL) {
		TEE_CloseTASession(system_pta);
		system_pta = TEE_HANDLE_NULL;
	}
	return 0;
}

void *dlsym(void *handle, const char *symbol)
{
	struct dl_handle *h = handle;
	TEE_Param params[TEE_NUM_PARAMS] = { 0 };
	if (!h || !symbol)
		return NULL;
	params[0].memref.buffer = &h->uuid;
	params[0].memref.size = sizeof(h->uuid);
	params[1].memref.buffer = (void *)symbol;
	params[1].memref.size = strlen(symbol) + 1;
	if (system_pta_invoke(PTA_SYSTEM_DLSYM, TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
				TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE),
			      params) != TEE_SUCCESS)
		return NULL;
	return (void *)(uintptr_t)(((uint64_t)params[2].value.a << 32) | params[2].value.b);
}
