/*
 * ecdsa in C, with optee_examples' UUID and commands and its GP 1.1 ABI: the digest that goes with
 * a TEE_ALG_ECDSA_* algorithm, a key pair on its NIST curve (P-192 with SHA-1 up to P-521 with
 * SHA-512), and a signature that is verified with the public half before it is returned. One
 * session per instance, so the algorithm and keys are the instance's.
 */
#include <ecdsa_ta.h>
#include <tee_internal_api.h>

#define MAX_SIGNATURE_SIZE (2 * 66) /* r||s on P-521 */

static uint32_t algorithm;
static uint32_t key_bits;
static TEE_ObjectHandle keypair;
static TEE_ObjectHandle public_key;

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

static void free_keys(void)
{
	TEE_FreeTransientObject(keypair);
	TEE_FreeTransientObject(public_key);
	keypair = TEE_HANDLE_NULL;
	public_key = TEE_HANDLE_NULL;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
	free_keys();
}

/* the digest, curve and key size that go with an ECDSA algorithm; 0 for another algorithm */
static uint32_t hash_of(uint32_t alg, uint32_t *curve, uint32_t *bits)
{
	switch (alg) {
	case TEE_ALG_ECDSA_SHA1:
		*curve = TEE_ECC_CURVE_NIST_P192;
		*bits = 192;
		return TEE_ALG_SHA1;
	case TEE_ALG_ECDSA_SHA224:
		*curve = TEE_ECC_CURVE_NIST_P224;
		*bits = 224;
		return TEE_ALG_SHA224;
	case TEE_ALG_ECDSA_SHA256:
		*curve = TEE_ECC_CURVE_NIST_P256;
		*bits = 256;
		return TEE_ALG_SHA256;
	case TEE_ALG_ECDSA_SHA384:
		*curve = TEE_ECC_CURVE_NIST_P384;
		*bits = 384;
		return TEE_ALG_SHA384;
	case TEE_ALG_ECDSA_SHA512:
		*curve = TEE_ECC_CURVE_NIST_P521;
		*bits = 521;
		return TEE_ALG_SHA512;
	default:
		return 0;
	}
}

static TEE_Result compute_digest(uint32_t types, TEE_Param params[4])
{
	TEE_OperationHandle op;
	uint32_t hash, curve, bits;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	hash = hash_of(params[2].value.a, &curve, &bits);
	if (!hash)
		return TEE_ERROR_BAD_PARAMETERS;
	algorithm = params[2].value.a;
	res = TEE_AllocateOperation(&op, hash, TEE_MODE_DIGEST, 0);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_DigestDoFinal(op, params[0].memref.buffer, params[0].memref.size,
				params[1].memref.buffer, &params[1].memref.size);
	TEE_FreeOperation(op);
	return res;
}

static TEE_Result gen_key(uint32_t types)
{
	TEE_Attribute attr;
	uint32_t curve, bits;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!hash_of(algorithm, &curve, &bits))
		return TEE_ERROR_BAD_PARAMETERS;
	free_keys();
	TEE_InitValueAttribute(&attr, TEE_ATTR_ECC_CURVE, curve, 0);
	res = TEE_AllocateTransientObject(TEE_TYPE_ECDSA_KEYPAIR, bits, &keypair);
	if (res == TEE_SUCCESS)
		res = TEE_GenerateKey(keypair, bits, &attr, 1);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateTransientObject(TEE_TYPE_ECDSA_PUBLIC_KEY, bits, &public_key);
	if (res == TEE_SUCCESS)
		res = TEE_CopyObjectAttributes1(public_key, keypair);
	if (res != TEE_SUCCESS)
		free_keys();
	key_bits = bits;
	return res;
}

static TEE_Result run_with_key(uint32_t mode, TEE_ObjectHandle key, TEE_Param *digest, void *sig,
			       uint32_t *sig_len)
{
	TEE_OperationHandle op;
	TEE_Result res;

	res = TEE_AllocateOperation(&op, algorithm, mode, key_bits);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_SetOperationKey(op, key);
	if (res == TEE_SUCCESS && mode == TEE_MODE_SIGN)
		res = TEE_AsymmetricSignDigest(op, NULL, 0, digest->memref.buffer,
					       digest->memref.size, sig, sig_len);
	else if (res == TEE_SUCCESS)
		res = TEE_AsymmetricVerifyDigest(op, NULL, 0, digest->memref.buffer,
						 digest->memref.size, sig, *sig_len);
	TEE_FreeOperation(op);
	return res;
}

static TEE_Result sign_verify(uint32_t types, TEE_Param params[4])
{
	uint8_t sig[MAX_SIGNATURE_SIZE];
	uint32_t sig_len = sizeof(sig);
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!keypair)
		return TEE_ERROR_BAD_STATE;
	res = run_with_key(TEE_MODE_SIGN, keypair, &params[0], sig, &sig_len);
	if (res == TEE_SUCCESS)
		res = run_with_key(TEE_MODE_VERIFY, public_key, &params[0], sig, &sig_len);
	if (res != TEE_SUCCESS)
		return res;
	if (params[1].memref.size < sig_len) {
		params[1].memref.size = sig_len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(params[1].memref.buffer, sig, sig_len);
	params[1].memref.size = sig_len;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd_id) {
	case TA_ECDSA_CMD_COMPUTE_DIGEST:
		return compute_digest(param_types, params);
	case TA_ECDSA_CMD_GEN_KEY:
		return gen_key(param_types);
	case TA_ECDSA_CMD_SIGN_VERIFY_DIGEST:
		return sign_verify(param_types, params);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
