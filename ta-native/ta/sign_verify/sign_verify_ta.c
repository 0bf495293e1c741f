/*
 * sign_verify in C, with optee_examples' UUID and command and its GP 1.1 ABI: RSASSA-PSS and
 * PKCS#1 v1.5 with SHA-1..SHA-512 — a fresh key pair of the size asked for, the message hashed,
 * signed, verified with the public half, and the signature returned.
 */
#include <sign_verify_ta.h>
#include <tee_internal_api.h>

#define MAX_DIGEST_SIZE 64

static const uint32_t algorithms[] = {
	TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA1,   TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA224,
	TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA384,
	TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA512, TEE_ALG_RSASSA_PKCS1_V1_5_SHA1,
	TEE_ALG_RSASSA_PKCS1_V1_5_SHA224,     TEE_ALG_RSASSA_PKCS1_V1_5_SHA256,
	TEE_ALG_RSASSA_PKCS1_V1_5_SHA384,     TEE_ALG_RSASSA_PKCS1_V1_5_SHA512,
};
static const uint32_t hashes[] = { TEE_ALG_SHA1, TEE_ALG_SHA224, TEE_ALG_SHA256, TEE_ALG_SHA384,
				   TEE_ALG_SHA512 };

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
}

/* one operation of alg keyed with key: sign into sig (its length in *sig_len) or verify sig */
static TEE_Result with_key(uint32_t alg, uint32_t mode, uint32_t bits, TEE_ObjectHandle key,
			  const uint8_t *digest, uint32_t digest_len, uint8_t *sig,
			  uint32_t *sig_len)
{
	TEE_OperationHandle op;
	TEE_Result res;

	res = TEE_AllocateOperation(&op, alg, mode, bits);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_SetOperationKey(op, key);
	if (res == TEE_SUCCESS && mode == TEE_MODE_SIGN)
		res = TEE_AsymmetricSignDigest(op, NULL, 0, digest, digest_len, sig, sig_len);
	else if (res == TEE_SUCCESS)
		res = TEE_AsymmetricVerifyDigest(op, NULL, 0, digest, digest_len, sig, *sig_len);
	TEE_FreeOperation(op);
	return res;
}

static TEE_Result hash(uint32_t alg, const TEE_Param *msg, uint8_t *digest, uint32_t *digest_len)
{
	TEE_OperationHandle op;
	TEE_Result res;

	res = TEE_AllocateOperation(&op, alg, TEE_MODE_DIGEST, 0);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_DigestDoFinal(op, msg->memref.buffer, msg->memref.size, digest, digest_len);
	TEE_FreeOperation(op);
	return res;
}

static TEE_Result sign_verify(TEE_Param params[4], uint8_t *sig)
{
	uint32_t sel = params[2].value.a, bits = params[3].value.a;
	uint32_t digest_len = MAX_DIGEST_SIZE, sig_len = MAX_SIG_SIZE;
	TEE_ObjectHandle keypair = TEE_HANDLE_NULL, pub = TEE_HANDLE_NULL;
	uint8_t digest[MAX_DIGEST_SIZE];
	TEE_Result res;

	res = TEE_AllocateTransientObject(TEE_TYPE_RSA_KEYPAIR, bits, &keypair);
	if (res == TEE_SUCCESS)
		res = TEE_GenerateKey(keypair, bits, NULL, 0);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateTransientObject(TEE_TYPE_RSA_PUBLIC_KEY, bits, &pub);
	if (res == TEE_SUCCESS)
		res = TEE_CopyObjectAttributes1(pub, keypair);
	if (res == TEE_SUCCESS)
		res = hash(hashes[sel % 5], &params[0], digest, &digest_len);
	if (res == TEE_SUCCESS)
		res = with_key(algorithms[sel], TEE_MODE_SIGN, bits, keypair, digest, digest_len,
			       sig, &sig_len);
	if (res == TEE_SUCCESS)
		res = with_key(algorithms[sel], TEE_MODE_VERIFY, bits, pub, digest, digest_len,
			       sig, &sig_len);
	if (res == TEE_SUCCESS && params[1].memref.size < sig_len) {
		params[1].memref.size = sig_len;
		res = TEE_ERROR_SHORT_BUFFER;
	}
	if (res == TEE_SUCCESS) {
		TEE_MemMove(params[1].memref.buffer, sig, sig_len);
		params[1].memref.size = sig_len;
	}
	TEE_FreeTransientObject(pub);
	TEE_FreeTransientObject(keypair);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	TEE_Result res;
	uint8_t *sig;

	(void)sess_ctx;
	if (cmd_id != TA_RSA_SIGN_CMD_SIGN_VERIFY ||
	    param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
					   TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_VALUE_INPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	if (params[2].value.a >= sizeof(algorithms) / sizeof(algorithms[0]))
		return TEE_ERROR_BAD_PARAMETERS;
	sig = TEE_Malloc(MAX_SIG_SIZE, TEE_MALLOC_FILL_ZERO);
	if (!sig)
		return TEE_ERROR_OUT_OF_MEMORY;
	res = sign_verify(params, sig);
	TEE_Free(sig);
	return res;
}
