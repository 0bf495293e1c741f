/* OP-TEE's system pseudo-TA from a C TA: TA unique keys and RNG entropy (pta_system.h). */
#include <pta_system.h>
#include <string.h>
#include <tee_internal_api.h>

#include "check.h"

static TEE_Result derive(TEE_TASessionHandle s, void *extra, size_t extra_len, void *key, size_t key_len)
{
	uint32_t origin = 0;
	TEE_Param p[4] = { 0 };
	p[0].memref.buffer = extra;
	p[0].memref.size = extra_len;
	p[1].memref.buffer = key;
	p[1].memref.size = key_len;
	return TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY,
				   TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
						   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE),
				   p, &origin);
}

/* p1 memref in: the client's extra data; p2 memref out (32 bytes): the client's buffer, which gets
 * the key derived into the TA's own memory (a key written straight into it is SECURITY). */
TEE_Result gpops_system_pta(TEE_Param params[4])
{
	static const TEE_UUID system_uuid = PTA_SYSTEM_UUID;
	TEE_TASessionHandle s = TEE_HANDLE_NULL;
	uint32_t origin = 0;
	uint8_t key[32], again[32], entropy[32];
	CHECK(params[2].memref.size == sizeof(key));
	CHECK(TEE_OpenTASession(&system_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin) == TEE_SUCCESS);

	/* the client's input is fine as extra data; the key goes into the TA's memory */
	CHECK(derive(s, params[1].memref.buffer, params[1].memref.size, key, sizeof(key)) == TEE_SUCCESS);
	CHECK(derive(s, params[1].memref.buffer, params[1].memref.size, again, sizeof(again)) == TEE_SUCCESS);
	CHECK(!TEE_MemCompare(key, again, sizeof(key)));
	CHECK(derive(s, params[1].memref.buffer, params[1].memref.size, again, 16) == TEE_SUCCESS);
	CHECK(!TEE_MemCompare(key, again, 16));
	/* xtest 4013's negative case: the key's destination in the client's (normal-world) memory */
	CHECK(derive(s, NULL, 0, params[2].memref.buffer, params[2].memref.size) == TEE_ERROR_SECURITY);
	CHECK(derive(s, NULL, 0, again, 15) == TEE_ERROR_BAD_PARAMETERS);
	CHECK(derive(s, NULL, 0, again, 33) == TEE_ERROR_BAD_PARAMETERS);

	TEE_Param p[4] = { 0 };
	TEE_GenerateRandom(entropy, sizeof(entropy));
	p[0].memref.buffer = entropy;
	p[0].memref.size = sizeof(entropy);
	CHECK(TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, PTA_SYSTEM_ADD_RNG_ENTROPY,
				  TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
						  TEE_PARAM_TYPE_NONE),
				  p, &origin) == TEE_SUCCESS);
	TEE_CloseTASession(s);
	TEE_MemMove(params[2].memref.buffer, key, sizeof(key));
	return TEE_SUCCESS;
}
