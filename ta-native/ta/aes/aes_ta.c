/*
 * aes in C, with optee_examples' UUID and commands (GP 1.3 ABI, as theirs): PREPARE chooses the
 * algorithm, key size and direction; SET_KEY, SET_IV and CIPHER run ECB/CBC/CTR; AUTHENC runs
 * CCM/GCM with the fixed nonce 00..0B and a 128-bit tag. State is per session.
 */
#include <aes_ta.h>
#include <tee_internal_api.h>

struct aes_session {
	uint32_t algorithm; /* TEE_ALG_*, 0 before PREPARE */
	uint32_t key_size;  /* bytes */
	uint32_t mode;      /* TEE_MODE_ENCRYPT or TEE_MODE_DECRYPT */
	TEE_OperationHandle op;
	TEE_ObjectHandle key;
};

#define NONCE_SIZE 12
#define TAG_BITS 128

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void **sess_ctx)
{
	struct aes_session *s;

	(void)param_types;
	(void)params;
	s = TEE_Malloc(sizeof(*s), TEE_MALLOC_FILL_ZERO);
	if (!s)
		return TEE_ERROR_OUT_OF_MEMORY;
	*sess_ctx = s;
	return TEE_SUCCESS;
}

static void release(struct aes_session *s)
{
	TEE_FreeOperation(s->op);
	TEE_FreeTransientObject(s->key);
	s->op = TEE_HANDLE_NULL;
	s->key = TEE_HANDLE_NULL;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	release(sess_ctx);
	TEE_Free(sess_ctx);
}

static int authenticated(uint32_t algorithm)
{
	return algorithm == TEE_ALG_AES_CCM || algorithm == TEE_ALG_AES_GCM;
}

static uint32_t algorithm_of(uint32_t algo)
{
	switch (algo) {
	case TA_AES_ALGO_ECB:
		return TEE_ALG_AES_ECB_NOPAD;
	case TA_AES_ALGO_CBC:
		return TEE_ALG_AES_CBC_NOPAD;
	case TA_AES_ALGO_CTR:
		return TEE_ALG_AES_CTR;
	case TA_AES_ALGO_CCM:
		return TEE_ALG_AES_CCM;
	case TA_AES_ALGO_GCM:
		return TEE_ALG_AES_GCM;
	default:
		return 0;
	}
}

static TEE_Result prepare(struct aes_session *s, uint32_t types, TEE_Param params[4])
{
	static const uint8_t placeholder[TA_AES_SIZE_256BIT];
	uint32_t alg, size, mode;
	TEE_Attribute attr;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_INPUT,
				     TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	alg = algorithm_of(params[0].value.a);
	size = params[1].value.a;
	if (params[2].value.a == TA_AES_MODE_ENCODE)
		mode = TEE_MODE_ENCRYPT;
	else if (params[2].value.a == TA_AES_MODE_DECODE)
		mode = TEE_MODE_DECRYPT;
	else
		return TEE_ERROR_BAD_PARAMETERS;
	if (!alg || (size != TA_AES_SIZE_128BIT && size != TA_AES_SIZE_256BIT))
		return TEE_ERROR_BAD_PARAMETERS;

	release(s);
	s->algorithm = alg;
	s->key_size = size;
	s->mode = mode;
	res = TEE_AllocateOperation(&s->op, alg, mode, size * 8);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateTransientObject(TEE_TYPE_AES, size * 8, &s->key);
	/* a placeholder key, so the operation is usable before SET_KEY */
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, placeholder, size);
	if (res == TEE_SUCCESS)
		res = TEE_PopulateTransientObject(s->key, &attr, 1);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(s->op, s->key);
	if (res != TEE_SUCCESS)
		release(s);
	return res;
}

static TEE_Result set_key(struct aes_session *s, uint32_t types, TEE_Param params[4])
{
	TEE_Attribute attr;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!s->op)
		return TEE_ERROR_BAD_STATE;
	if (params[0].memref.size != s->key_size)
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, params[0].memref.buffer,
			     params[0].memref.size);
	TEE_ResetTransientObject(s->key);
	res = TEE_PopulateTransientObject(s->key, &attr, 1);
	if (res != TEE_SUCCESS)
		return res;
	TEE_ResetOperation(s->op);
	return TEE_SetOperationKey(s->op, s->key);
}

static TEE_Result set_iv(struct aes_session *s, uint32_t types, TEE_Param params[4])
{
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!s->op)
		return TEE_ERROR_BAD_STATE;
	if (authenticated(s->algorithm))
		return TEE_SUCCESS; /* AUTHENC uses its fixed nonce */
	TEE_CipherInit(s->op, params[0].memref.buffer, params[0].memref.size);
	return TEE_SUCCESS;
}

static TEE_Result cipher(struct aes_session *s, uint32_t types, TEE_Param params[4])
{
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (params[1].memref.size < params[0].memref.size)
		return TEE_ERROR_BAD_PARAMETERS;
	if (!s->op || authenticated(s->algorithm))
		return TEE_ERROR_BAD_STATE;
	return TEE_CipherUpdate(s->op, params[0].memref.buffer, params[0].memref.size,
				params[1].memref.buffer, &params[1].memref.size);
}

/* one whole CCM/GCM message on an operation of its own, keyed with the session's key */
static TEE_Result authenc(struct aes_session *s, uint32_t types, TEE_Param params[4])
{
	uint8_t nonce[NONCE_SIZE];
	TEE_OperationHandle ae = TEE_HANDLE_NULL;
	int encrypt = params[2].value.a != 0;
	TEE_Result res;
	size_t i;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_MEMREF_INOUT))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!s->op || !authenticated(s->algorithm))
		return TEE_ERROR_BAD_STATE;
	for (i = 0; i < NONCE_SIZE; i++)
		nonce[i] = (uint8_t)i;
	res = TEE_AllocateOperation(&ae, s->algorithm, encrypt ? TEE_MODE_ENCRYPT : TEE_MODE_DECRYPT,
				    s->key_size * 8);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_SetOperationKey(ae, s->key);
	if (res == TEE_SUCCESS)
		res = TEE_AEInit(ae, nonce, NONCE_SIZE, TAG_BITS, 0, params[0].memref.size);
	if (res == TEE_SUCCESS && encrypt)
		res = TEE_AEEncryptFinal(ae, params[0].memref.buffer, params[0].memref.size,
					 params[1].memref.buffer, &params[1].memref.size,
					 params[3].memref.buffer, &params[3].memref.size);
	else if (res == TEE_SUCCESS)
		res = TEE_AEDecryptFinal(ae, params[0].memref.buffer, params[0].memref.size,
					 params[1].memref.buffer, &params[1].memref.size,
					 params[3].memref.buffer, params[3].memref.size);
	TEE_FreeOperation(ae);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	struct aes_session *s = sess_ctx;

	switch (cmd_id) {
	case TA_AES_CMD_PREPARE:
		return prepare(s, param_types, params);
	case TA_AES_CMD_SET_KEY:
		return set_key(s, param_types, params);
	case TA_AES_CMD_SET_IV:
		return set_iv(s, param_types, params);
	case TA_AES_CMD_CIPHER:
		return cipher(s, param_types, params);
	case TA_AES_CMD_AUTHENC:
		return authenc(s, param_types, params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
