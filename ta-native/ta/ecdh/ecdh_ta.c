/*
 * ecdh in C, with optee_examples' UUID and command and its GP 1.1 ABI: a key agreement self test
 * on a NIST curve — two key pairs, the shared secret derived by each with the other's public
 * value (TEE_DeriveKey), compared, and returned.
 */
#include <ecdh_ta.h>
#include <tee_internal_api.h>

#define MAX_COORD_SIZE 48 /* P-384 */

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

static TEE_Result keypair(uint32_t curve, uint32_t bits, TEE_ObjectHandle *key)
{
	TEE_Attribute attr;
	TEE_Result res;

	TEE_InitValueAttribute(&attr, TEE_ATTR_ECC_CURVE, curve, 0);
	res = TEE_AllocateTransientObject(TEE_TYPE_ECDH_KEYPAIR, bits, key);
	if (res == TEE_SUCCESS)
		res = TEE_GenerateKey(*key, bits, &attr, 1);
	return res;
}

/* the secret mine derives with peer's public value, read back from the derived object */
static TEE_Result derive(TEE_ObjectHandle mine, TEE_ObjectHandle peer, uint32_t bits,
			 uint8_t secret[MAX_COORD_SIZE], uint32_t *secret_len)
{
	uint8_t x[MAX_COORD_SIZE], y[MAX_COORD_SIZE];
	uint32_t x_len = sizeof(x), y_len = sizeof(y);
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle derived = TEE_HANDLE_NULL;
	TEE_Attribute attrs[2];
	TEE_Result res;

	res = TEE_GetObjectBufferAttribute(peer, TEE_ATTR_ECC_PUBLIC_VALUE_X, x, &x_len);
	if (res == TEE_SUCCESS)
		res = TEE_GetObjectBufferAttribute(peer, TEE_ATTR_ECC_PUBLIC_VALUE_Y, y, &y_len);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateOperation(&op, TEE_ALG_ECDH_DERIVE_SHARED_SECRET, TEE_MODE_DERIVE,
					    bits);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, mine);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, bits, &derived);
	if (res == TEE_SUCCESS) {
		TEE_InitRefAttribute(&attrs[0], TEE_ATTR_ECC_PUBLIC_VALUE_X, x, x_len);
		TEE_InitRefAttribute(&attrs[1], TEE_ATTR_ECC_PUBLIC_VALUE_Y, y, y_len);
		TEE_DeriveKey(op, attrs, 2, derived);
		*secret_len = MAX_COORD_SIZE;
		res = TEE_GetObjectBufferAttribute(derived, TEE_ATTR_SECRET_VALUE, secret, secret_len);
	}
	TEE_FreeTransientObject(derived);
	TEE_FreeOperation(op);
	return res;
}

static TEE_Result curve_of(uint32_t value, uint32_t *curve, uint32_t *bits)
{
	switch (value) {
	case TA_ECDH_CURVE_NIST_P192:
		*curve = TEE_ECC_CURVE_NIST_P192;
		*bits = 192;
		return TEE_SUCCESS;
	case TA_ECDH_CURVE_NIST_P224:
		*curve = TEE_ECC_CURVE_NIST_P224;
		*bits = 224;
		return TEE_SUCCESS;
	case TA_ECDH_CURVE_NIST_P256:
		*curve = TEE_ECC_CURVE_NIST_P256;
		*bits = 256;
		return TEE_SUCCESS;
	case TA_ECDH_CURVE_NIST_P384:
		*curve = TEE_ECC_CURVE_NIST_P384;
		*bits = 384;
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}

static TEE_Result derive_selftest(TEE_Param params[4])
{
	uint8_t sa[MAX_COORD_SIZE], sb[MAX_COORD_SIZE];
	uint32_t sa_len = 0, sb_len = 0, curve, bits;
	TEE_ObjectHandle a = TEE_HANDLE_NULL, b = TEE_HANDLE_NULL;
	TEE_Result res;

	res = curve_of(params[0].value.a, &curve, &bits);
	if (res == TEE_SUCCESS)
		res = keypair(curve, bits, &a);
	if (res == TEE_SUCCESS)
		res = keypair(curve, bits, &b);
	if (res == TEE_SUCCESS)
		res = derive(a, b, bits, sa, &sa_len);
	if (res == TEE_SUCCESS)
		res = derive(b, a, bits, sb, &sb_len);
	if (res == TEE_SUCCESS && (sa_len != sb_len || TEE_MemCompare(sa, sb, sa_len)))
		res = TEE_ERROR_GENERIC;
	if (res == TEE_SUCCESS && params[3].memref.size < sa_len) {
		params[3].memref.size = sa_len;
		res = TEE_ERROR_SHORT_BUFFER;
	}
	if (res == TEE_SUCCESS) {
		TEE_MemMove(params[3].memref.buffer, sa, sa_len);
		params[3].memref.size = sa_len;
	}
	TEE_FreeTransientObject(a);
	TEE_FreeTransientObject(b);
	return res;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	if (cmd_id != TA_ECDH_CMD_DERIVE_SELFTEST ||
	    param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INPUT, TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_MEMREF_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	return derive_selftest(params);
}
