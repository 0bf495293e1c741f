/*
 * sha in C, with optee_examples' UUID and commands and its GP 1.1 ABI: MACs (HMAC-SHA1/2 and AES
 * keys) with a key set once and reused, and one-shot digests of any GP digest algorithm the world's
 * engine has. One session per instance, so the MAC operation is the instance's.
 */
#include <sha_ta.h>
#include <tee_internal_api.h>

static TEE_OperationHandle mac_op;
static TEE_ObjectHandle mac_key;
static uint32_t key_bytes;

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void **sess_ctx)
{
	(void)param_types;
	(void)params;
	*sess_ctx = NULL;
	return TEE_SUCCESS;
}

static void release(void)
{
	TEE_FreeOperation(mac_op);
	TEE_FreeTransientObject(mac_key);
	mac_op = TEE_HANDLE_NULL;
	mac_key = TEE_HANDLE_NULL;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
	release();
}

static uint32_t object_type_of(uint32_t type)
{
	switch (type) {
	case TA_SHA_OBJ_TYPE_HMAC_SHA256:
		return TEE_TYPE_HMAC_SHA256;
	case TA_SHA_OBJ_TYPE_HMAC_SHA1:
		return TEE_TYPE_HMAC_SHA1;
	case TA_SHA_OBJ_TYPE_HMAC_SHA224:
		return TEE_TYPE_HMAC_SHA224;
	case TA_SHA_OBJ_TYPE_HMAC_SHA384:
		return TEE_TYPE_HMAC_SHA384;
	case TA_SHA_OBJ_TYPE_HMAC_SHA512:
		return TEE_TYPE_HMAC_SHA512;
	case TA_SHA_OBJ_TYPE_AES:
		return TEE_TYPE_AES;
	default:
		return 0;
	}
}

static TEE_Result prepare(uint32_t types, TEE_Param params[4])
{
	uint32_t object_type;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_INPUT,
				     TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	object_type = object_type_of(params[2].value.a);
	if (!object_type)
		return TEE_ERROR_NOT_SUPPORTED;
	release();
	key_bytes = params[1].value.a;
	res = TEE_AllocateOperation(&mac_op, params[0].value.a, TEE_MODE_MAC, key_bytes * 8);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateTransientObject(object_type, key_bytes * 8, &mac_key);
	if (res != TEE_SUCCESS)
		release();
	return res;
}

static TEE_Result set_key(uint32_t types, TEE_Param params[4])
{
	TEE_Attribute attr;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!mac_op)
		return TEE_ERROR_BAD_STATE;
	if (params[0].memref.size != key_bytes)
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, params[0].memref.buffer,
			     params[0].memref.size);
	TEE_ResetTransientObject(mac_key);
	res = TEE_PopulateTransientObject(mac_key, &attr, 1);
	if (res != TEE_SUCCESS)
		return res;
	TEE_ResetOperation(mac_op);
	res = TEE_SetOperationKey(mac_op, mac_key);
	if (res == TEE_SUCCESS)
		TEE_MACInit(mac_op, NULL, 0);
	return res;
}

static TEE_Result set_iv(uint32_t types, TEE_Param params[4])
{
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!mac_op)
		return TEE_ERROR_BAD_STATE;
	TEE_MACInit(mac_op, params[0].memref.buffer, params[0].memref.size);
	return TEE_SUCCESS;
}

static TEE_Result compute_mac(uint32_t types, TEE_Param params[4])
{
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!mac_op)
		return TEE_ERROR_BAD_STATE;
	res = TEE_MACComputeFinal(mac_op, params[0].memref.buffer, params[0].memref.size,
				  params[1].memref.buffer, &params[1].memref.size);
	if (res == TEE_SUCCESS)
		TEE_MACInit(mac_op, NULL, 0); /* ready for the next message with the same key */
	return res;
}

static TEE_Result compare_mac(uint32_t types, TEE_Param params[4])
{
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_INPUT,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!mac_op)
		return TEE_ERROR_BAD_STATE;
	res = TEE_MACCompareFinal(mac_op, params[0].memref.buffer, params[0].memref.size,
				  params[1].memref.buffer, params[1].memref.size);
	TEE_MACInit(mac_op, NULL, 0);
	return res;
}

static TEE_Result compute_digest(uint32_t types, TEE_Param params[4])
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	res = TEE_AllocateOperation(&op, params[2].value.a, TEE_MODE_DIGEST, 0);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_DigestDoFinal(op, params[0].memref.buffer, params[0].memref.size,
				params[1].memref.buffer, &params[1].memref.size);
	TEE_FreeOperation(op);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd_id) {
	case TA_SHA_CMD_PREPARE:
		return prepare(param_types, params);
	case TA_SHA_CMD_SET_KEY:
		return set_key(param_types, params);
	case TA_SHA_CMD_SET_IV:
		return set_iv(param_types, params);
	case TA_SHA_CMD_COMPUTE_MAC:
		return compute_mac(param_types, params);
	case TA_SHA_CMD_COMPARE_MAC:
		return compare_mac(param_types, params);
	case TA_SHA_CMD_COMPUTE_DIGEST:
		return compute_digest(param_types, params);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
