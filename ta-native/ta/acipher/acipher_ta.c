/*
 * acipher in C, with optee_examples' UUID and commands and its GP 1.1 ABI: an RSA key pair
 * generated in the TA, then RSAES PKCS#1 v1.5 or OAEP encryption and decryption with it. One
 * session per instance, so the key is the instance's.
 */
#include <acipher_ta.h>
#include <tee_internal_api.h>

static TEE_ObjectHandle key;
static uint32_t key_bits;

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

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
	TEE_FreeTransientObject(key);
	key = TEE_HANDLE_NULL;
}

static TEE_Result gen_key(uint32_t types, TEE_Param params[4])
{
	TEE_ObjectHandle k;
	uint32_t bits;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	bits = params[0].value.a;
	res = TEE_AllocateTransientObject(TEE_TYPE_RSA_KEYPAIR, bits, &k);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_GenerateKey(k, bits, NULL, 0);
	if (res != TEE_SUCCESS) {
		TEE_FreeTransientObject(k);
		return res;
	}
	TEE_FreeTransientObject(key);
	key = k;
	key_bits = bits;
	return TEE_SUCCESS;
}

static int known_algorithm(uint32_t alg)
{
	switch (alg) {
	case TA_ALG_PKCS1_V1_5:
	case TA_ALG_OAEP_MGF1_SHA1:
	case TA_ALG_OAEP_MGF1_SHA224:
	case TA_ALG_OAEP_MGF1_SHA256:
	case TA_ALG_OAEP_MGF1_SHA384:
	case TA_ALG_OAEP_MGF1_SHA512:
		return 1;
	default:
		return 0;
	}
}

static TEE_Result encrypt_decrypt(uint32_t types, TEE_Param params[4])
{
	uint32_t alg = TA_ALG_PKCS1_V1_5;
	uint32_t mode = TEE_MODE_ENCRYPT;
	TEE_OperationHandle op;
	TEE_Result res;

	if (types == TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_INPUT)) {
		alg = params[3].value.a;
		if (params[2].value.a == TA_ACIPHER_MODE_DECRYPT)
			mode = TEE_MODE_DECRYPT;
		if (!known_algorithm(alg))
			return TEE_ERROR_BAD_PARAMETERS;
	} else if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT,
					    TEE_PARAM_TYPE_MEMREF_OUTPUT, TEE_PARAM_TYPE_NONE,
					    TEE_PARAM_TYPE_NONE)) {
		return TEE_ERROR_BAD_PARAMETERS;
	}
	if (!key)
		return TEE_ERROR_BAD_STATE;
	res = TEE_AllocateOperation(&op, alg, mode, key_bits);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_SetOperationKey(op, key);
	if (res == TEE_SUCCESS && mode == TEE_MODE_ENCRYPT)
		res = TEE_AsymmetricEncrypt(op, NULL, 0, params[0].memref.buffer,
					    params[0].memref.size, params[1].memref.buffer,
					    &params[1].memref.size);
	else if (res == TEE_SUCCESS)
		res = TEE_AsymmetricDecrypt(op, NULL, 0, params[0].memref.buffer,
					    params[0].memref.size, params[1].memref.buffer,
					    &params[1].memref.size);
	TEE_FreeOperation(op);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd_id) {
	case TA_ACIPHER_CMD_GEN_KEY:
		return gen_key(param_types, params);
	case TA_ACIPHER_CMD_ENCRYPT_DECRYPT:
		return encrypt_decrypt(param_types, params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
