/*
 * The TEE_BigInt API end to end (GP 1.3 ABI): modular exponentiation (RSA, Diffie-Hellman), modular
 * inverse and primality over numbers the client passes as big-endian octet strings. Each big integer
 * is on the TA heap, sized for its operand with TEE_BigIntSizeInU32.
 */
#include <tee_internal_api.h>
#include <tee_ta_api.h>
#include <bignum_ta.h>

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void **sess_ctx)
{
	(void)params;
	(void)sess_ctx;
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
}

static TEE_BigInt *alloc_bits(size_t bits)
{
	size_t len = TEE_BigIntSizeInU32(bits);
	TEE_BigInt *b = TEE_Malloc(len * sizeof(uint32_t), TEE_MALLOC_FILL_ZERO);

	if (b)
		TEE_BigIntInit(b, len);
	return b;
}

/* A big integer holding the memref's octets; NULL when too long or out of memory. */
static TEE_BigInt *from_memref(TEE_Param *p)
{
	TEE_BigInt *b;

	if (p->memref.size * 8 > TA_BIGNUM_MAX_BITS)
		return NULL;
	b = alloc_bits(TA_BIGNUM_MAX_BITS);
	if (b && TEE_BigIntConvertFromOctetString(b, p->memref.buffer, p->memref.size, 1)) {
		TEE_Free(b);
		b = NULL;
	}
	return b;
}

static TEE_Result to_memref(TEE_Param *p, const TEE_BigInt *b)
{
	size_t len = p->memref.size;
	TEE_Result res = TEE_BigIntConvertToOctetString(p->memref.buffer, &len, b);

	p->memref.size = len;
	return res;
}

static TEE_Result exp_mod(uint32_t types, TEE_Param p[4])
{
	TEE_BigInt *base, *exp, *mod, *out;
	TEE_Result res = TEE_ERROR_BAD_PARAMETERS;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_INPUT,
				     TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	base = from_memref(&p[0]);
	exp = from_memref(&p[1]);
	mod = from_memref(&p[2]);
	out = alloc_bits(TA_BIGNUM_MAX_BITS);
	/* GP panics on a modulus <= 2: refuse it here */
	if (base && exp && mod && out && TEE_BigIntCmpS32(mod, 2) > 0) {
		res = TEE_BigIntExpMod(out, base, exp, mod, NULL);
		if (res == TEE_SUCCESS)
			res = to_memref(&p[3], out);
	}
	TEE_Free(base);
	TEE_Free(exp);
	TEE_Free(mod);
	TEE_Free(out);
	return res;
}

static TEE_Result inv_mod(uint32_t types, TEE_Param p[4])
{
	TEE_BigInt *v, *mod, *out;
	TEE_Result res = TEE_ERROR_BAD_PARAMETERS;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_INPUT,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_MEMREF_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	v = from_memref(&p[0]);
	mod = from_memref(&p[1]);
	out = alloc_bits(TA_BIGNUM_MAX_BITS);
	if (v && mod && out && TEE_BigIntCmpS32(mod, 2) >= 0) {
		/* GP panics on a value without inverse: the TA checks first */
		TEE_BigIntMod(out, v, mod);
		if (TEE_BigIntCmpS32(out, 0) == 0 || !TEE_BigIntRelativePrime(out, mod)) {
			res = TEE_ERROR_NO_DATA;
		} else {
			TEE_BigIntInvMod(out, out, mod);
			res = to_memref(&p[3], out);
		}
	}
	TEE_Free(v);
	TEE_Free(mod);
	TEE_Free(out);
	return res;
}

static TEE_Result is_prime(uint32_t types, TEE_Param p[4])
{
	TEE_BigInt *v;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_VALUE_OUTPUT,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	v = from_memref(&p[0]);
	if (!v)
		return TEE_ERROR_BAD_PARAMETERS;
	p[1].value.a = (uint32_t)TEE_BigIntIsProbablePrime(v, 80);
	TEE_Free(v);
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd_id) {
	case TA_BIGNUM_CMD_EXP_MOD:
		return exp_mod(param_types, params);
	case TA_BIGNUM_CMD_INV_MOD:
		return inv_mod(param_types, params);
	case TA_BIGNUM_CMD_IS_PRIME:
		return is_prime(param_types, params);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
