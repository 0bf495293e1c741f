/* The host's TEE_BigInt test TA: known answers (kat.h, from Python's integers; RFC 3526's 2048-bit MODP
 * prime for a Diffie-Hellman exchange) for every arithmetic function, and the misuse GP/OP-TEE panic on.
 * Command 0 runs the answers (value a out: checks passed; on a failure the line of the check), 1 the
 * 2048-bit Diffie-Hellman, 2 the misuse case of value a (it panics). Big integers live on the heap: the
 * stack is 2 KiB + 2 KiB. */
#include <string.h>
#include <tee_internal_api.h>
#include "kat.h"

#if defined(__OPTEE_CORE_API_COMPAT_1_1) && __OPTEE_CORE_API_COMPAT_1_1
typedef uint32_t olen_t; /* GP 1.1: the octet string's length is 32 bits */
#else
typedef size_t olen_t;
#endif

#define WORDS TEE_BigIntSizeInU32(2 * 2048 + 64)
#define ERR_LINE(l) (0x70000000u | (uint32_t)(l))
#define OK(c) do { checks++; if (!(c)) { EMSG("check failed at line %d", __LINE__); return ERR_LINE(__LINE__); } } while (0)
#define HEX(name) name, sizeof(name), name##_SIGN

static uint32_t checks;

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **ctx)
{
	(void)types;
	(void)params;
	(void)ctx;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
	(void)ctx;
}

static TEE_BigInt *big(size_t words)
{
	TEE_BigInt *b = TEE_Malloc(words * sizeof(uint32_t), TEE_MALLOC_FILL_ZERO);
	if (!b)
		TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
	TEE_BigIntInit(b, words);
	return b;
}

static TEE_BigInt *from(const uint8_t *oct, size_t len, int sign)
{
	TEE_BigInt *b = big(WORDS);
	if (TEE_BigIntConvertFromOctetString(b, oct, len, sign))
		TEE_Panic(1);
	return b;
}

/* b equals the octets with that sign */
static bool is(const TEE_BigInt *b, const uint8_t *oct, size_t len, int sign)
{
	TEE_BigInt *e = from(oct, len, sign);
	bool same = TEE_BigIntCmp(b, e) == 0;
	TEE_Free(e);
	return same;
}

static TEE_Result conversions(void)
{
	uint8_t out[300];
	olen_t n = 2;
	TEE_BigInt *x = from(HEX(X));
	/* the magnitude, big-endian, in the fewest octets; SHORT_BUFFER tells the size */
	OK(TEE_BigIntConvertToOctetString(out, &n, x) == TEE_ERROR_SHORT_BUFFER && n == sizeof(X));
	n = sizeof(out);
	OK(TEE_BigIntConvertToOctetString(out, &n, x) == TEE_SUCCESS && n == sizeof(X) && !memcmp(out, X, n));
	/* the layout: sign word, then allocated / used words, then the words least significant first */
	OK(x[0] == 1 && (x[1] & 0xffff) == WORDS - 2 && (x[1] >> 16) == (sizeof(X) + 3) / 4);
	OK(x[2] == ((uint32_t)X[sizeof(X) - 4] << 24 | (uint32_t)X[sizeof(X) - 3] << 16 |
		    (uint32_t)X[sizeof(X) - 2] << 8 | X[sizeof(X) - 1]));
	TEE_BigInt *y = from(HEX(Y));
	OK(y[0] == (uint32_t)-1 && TEE_BigIntCmpS32(y, 0) < 0);
	/* OVERFLOW when the octets do not fit; leading zeros do not count */
	TEE_BigInt small[TEE_BigIntSizeInU32(32)];
	TEE_BigIntInit(small, TEE_BigIntSizeInU32(32));
	const uint8_t five[] = { 1, 2, 3, 4, 5 }, padded[] = { 0, 0, 0xde, 0xad, 0xbe, 0xef };
	OK(TEE_BigIntConvertFromOctetString(small, five, sizeof(five), 1) == TEE_ERROR_OVERFLOW);
	OK(TEE_BigIntConvertFromOctetString(small, padded, sizeof(padded), 1) == TEE_SUCCESS && small[2] == 0xdeadbeef);
	int32_t v = 0;
	OK(TEE_BigIntConvertToS32(&v, small) == TEE_ERROR_OVERFLOW);
	TEE_BigIntConvertFromS32(small, INT32_MIN);
	OK(TEE_BigIntConvertToS32(&v, small) == TEE_SUCCESS && v == INT32_MIN && TEE_BigIntCmpS32(small, INT32_MIN) == 0);
	TEE_BigIntConvertFromS32(small, -5);
	OK(TEE_BigIntConvertToS32(&v, small) == TEE_SUCCESS && v == -5 && small[0] == (uint32_t)-1 && small[2] == 5);
	TEE_BigIntConvertFromS32(small, 0);
	n = sizeof(out);
	OK(TEE_BigIntConvertToOctetString(out, &n, small) == TEE_SUCCESS && n == 0); /* 0 takes no octets */
	TEE_Free(x);
	TEE_Free(y);
	return TEE_SUCCESS;
}

static TEE_Result bits_and_compare(void)
{
	TEE_BigInt *x = from(HEX(X)), *y = from(HEX(Y)), *t = big(WORDS);
	OK(TEE_BigIntGetBitCount(x) == (sizeof(X) - 1) * 8 + 8 && TEE_BigIntGetBit(x, 0) == (X[sizeof(X) - 1] & 1));
	OK(TEE_BigIntGetBit(x, (sizeof(X) - 1) * 8 + 7) && !TEE_BigIntGetBit(x, 100000));
	OK(TEE_BigIntCmp(x, y) > 0 && TEE_BigIntCmp(y, x) < 0 && TEE_BigIntCmp(x, x) == 0);
	OK(TEE_BigIntAbs(t, y) == TEE_SUCCESS && TEE_BigIntCmp(t, y) > 0 && is(t, Y, sizeof(Y), 1));
	TEE_BigIntNeg(t, t);
	OK(TEE_BigIntCmp(t, y) == 0);
	TEE_BigIntShiftRight(t, x, 77);
	OK(is(t, HEX(X_SHR_77)));
	TEE_BigIntShiftRight(x, x, 77); /* in place */
	OK(is(x, HEX(X_SHR_77)));
	TEE_BigIntShiftRight(t, x, 5000);
	OK(TEE_BigIntCmpS32(t, 0) == 0);
	TEE_BigIntConvertFromS32(t, 0);
	OK(TEE_BigIntSetBit(t, 64, true) == TEE_SUCCESS && TEE_BigIntGetBitCount(t) == 65);
	OK(TEE_BigIntSetBit(t, 64, false) == TEE_SUCCESS && TEE_BigIntCmpS32(t, 0) == 0);
	TEE_BigInt small[TEE_BigIntSizeInU32(64)];
	TEE_BigIntInit(small, TEE_BigIntSizeInU32(64));
	OK(TEE_BigIntSetBit(small, 64, true) == TEE_ERROR_OVERFLOW);
	OK(TEE_BigIntAssign(small, y) == TEE_ERROR_OVERFLOW && TEE_BigIntAssign(t, y) == TEE_SUCCESS &&
	   TEE_BigIntCmp(t, y) == 0);
	TEE_Free(x);
	TEE_Free(y);
	TEE_Free(t);
	return TEE_SUCCESS;
}

static TEE_Result arithmetic(void)
{
	TEE_BigInt *x = from(HEX(X)), *y = from(HEX(Y)), *q = big(WORDS), *r = big(WORDS);
	TEE_BigIntAdd(q, x, y);
	OK(is(q, HEX(X_PLUS_Y)));
	TEE_BigIntSub(q, x, y);
	OK(is(q, HEX(X_MINUS_Y)));
	TEE_BigIntMul(q, x, y);
	OK(is(q, HEX(X_TIMES_Y)));
	TEE_BigIntSquare(q, x);
	OK(is(q, HEX(X_SQUARED)));
	TEE_BigIntDiv(q, r, x, y); /* truncated: the remainder has x's sign */
	OK(is(q, HEX(X_DIV_Y)) && is(r, HEX(X_REM_Y)));
	TEE_BigIntDiv(NULL, r, x, y);
	OK(is(r, HEX(X_REM_Y)));
	TEE_BigIntConvertFromS32(q, -7);
	TEE_BigIntConvertFromS32(r, 2);
	TEE_BigIntDiv(q, r, q, r);
	OK(TEE_BigIntCmpS32(q, -3) == 0 && TEE_BigIntCmpS32(r, -1) == 0);
	TEE_BigIntAdd(x, x, x); /* operands may be the destination */
	TEE_BigIntSub(x, x, from(HEX(X)));
	OK(is(x, HEX(X)));
	TEE_Free(x);
	TEE_Free(y);
	TEE_Free(q);
	TEE_Free(r);
	return TEE_SUCCESS;
}

static TEE_Result modular(void)
{
	TEE_BigInt *x = from(HEX(X)), *y = from(HEX(Y)), *n = from(HEX(N)), *xn = big(WORDS), *yn = big(WORDS);
	TEE_BigInt *t = big(WORDS), *u = big(WORDS), *v = big(WORDS);
	TEE_BigIntMod(xn, x, n);
	OK(is(xn, HEX(X_MOD_N)));
	TEE_BigIntMod(yn, y, n); /* a negative operand: the residue is in [0, n) */
	OK(is(yn, HEX(Y_MOD_N)));
	TEE_BigIntAddMod(t, xn, yn, n);
	OK(is(t, HEX(XN_PLUS_YN_MOD_N)));
	TEE_BigIntSubMod(t, yn, xn, n);
	OK(is(t, HEX(YN_MINUS_XN_MOD_N)));
	TEE_BigIntMulMod(t, xn, yn, n);
	OK(is(t, HEX(XN_TIMES_YN_MOD_N)));
	TEE_BigIntSquareMod(t, xn, n);
	OK(is(t, HEX(XN_SQUARED_MOD_N)));
	TEE_BigIntInvMod(t, xn, n);
	OK(is(t, HEX(XN_INV_MOD_N)));
	TEE_BigIntAbs(u, y);
	OK(TEE_BigIntExpMod(t, xn, u, n, NULL) == TEE_SUCCESS && is(t, HEX(XN_POW_Y_ABS_MOD_N)));
	TEE_BigIntConvertFromS32(u, 0);
	OK(TEE_BigIntExpMod(t, xn, u, n, NULL) == TEE_SUCCESS && TEE_BigIntCmpS32(t, 1) == 0);
	TEE_BigIntConvertFromS32(v, 10);
	OK(TEE_BigIntExpMod(t, xn, u, v, NULL) == TEE_ERROR_NOT_SUPPORTED); /* an even modulus, as OP-TEE */
	/* Wikipedia's textbook RSA: n = 61 * 53, e = 17, d = 2753; 65 -> 2790 -> 65 */
	TEE_BigIntConvertFromS32(v, 3233);
	TEE_BigIntConvertFromS32(u, 17);
	TEE_BigIntConvertFromS32(t, 65);
	OK(TEE_BigIntExpMod(t, t, u, v, NULL) == TEE_SUCCESS && TEE_BigIntCmpS32(t, 2790) == 0);
	TEE_BigIntConvertFromS32(u, 2753);
	OK(TEE_BigIntExpMod(t, t, u, v, NULL) == TEE_SUCCESS && TEE_BigIntCmpS32(t, 65) == 0);

	/* fast modular multiplication: the same answers through the FMM representation */
	size_t fw = TEE_BigIntFMMSizeInU32(192);
	OK(fw == TEE_BigIntSizeInU32(192) && TEE_BigIntFMMContextSizeInU32(192) >= 1);
	TEE_BigIntFMMContext *ctx = TEE_Malloc(TEE_BigIntFMMContextSizeInU32(192) * sizeof(uint32_t), 0);
	TEE_BigIntFMM *fx = TEE_Malloc(fw * sizeof(uint32_t), 0), *fy = TEE_Malloc(fw * sizeof(uint32_t), 0);
	TEE_BigIntFMM *fr = TEE_Malloc(fw * sizeof(uint32_t), 0);
	OK(ctx && fx && fy && fr);
	TEE_BigIntInitFMMContext(ctx, TEE_BigIntFMMContextSizeInU32(192), n);
	OK(TEE_BigIntInitFMMContext1(ctx, TEE_BigIntFMMContextSizeInU32(192), n) == TEE_SUCCESS);
	TEE_BigIntInitFMM(fx, fw);
	TEE_BigIntInitFMM(fy, fw);
	TEE_BigIntInitFMM(fr, fw);
	TEE_BigIntConvertToFMM(fx, x, n, ctx);
	TEE_BigIntConvertToFMM(fy, y, n, ctx);
	TEE_BigIntComputeFMM(fr, fx, fy, n, ctx);
	TEE_BigIntConvertFromFMM(t, fr, n, ctx);
	OK(is(t, HEX(XN_TIMES_YN_MOD_N)));
	OK(TEE_BigIntExpMod(t, xn, from(HEX(Y_MOD_N)), n, ctx) == TEE_SUCCESS);

	/* gcds: u * op1 + v * op2 = gcd */
	TEE_BigIntConvertFromS32(x, 240);
	TEE_BigIntConvertFromS32(y, 46);
	TEE_BigIntComputeExtendedGcd(t, u, v, x, y);
	OK(TEE_BigIntCmpS32(t, 2) == 0);
	TEE_BigIntMul(u, u, x);
	TEE_BigIntMul(v, v, y);
	TEE_BigIntAdd(u, u, v);
	OK(TEE_BigIntCmp(u, t) == 0);
	TEE_BigIntComputeExtendedGcd(t, NULL, NULL, x, y);
	OK(TEE_BigIntCmpS32(t, 2) == 0);
	TEE_BigIntConvertFromS32(x, 35);
	TEE_BigIntConvertFromS32(y, 64);
	OK(TEE_BigIntRelativePrime(x, y));
	TEE_BigIntConvertFromS32(y, 21);
	OK(!TEE_BigIntRelativePrime(x, y));

	/* primes: the P-192 prime and RFC 3526's 2048-bit one; 2^192 - 2^64 - 3 and the prime squared are not */
	OK(TEE_BigIntIsProbablePrime(n, 80) == 1);
	TEE_BigInt *p = from(HEX(DH_P));
	OK(TEE_BigIntIsProbablePrime(p, 100) == 1);
	TEE_BigIntConvertFromS32(t, 2);
	TEE_BigIntSub(t, n, t);
	OK(TEE_BigIntIsProbablePrime(t, 80) == 0);
	TEE_BigIntSquare(t, n);
	OK(TEE_BigIntIsProbablePrime(t, 0) == 0);
	TEE_Free(p);
	return TEE_SUCCESS;
}

/* A 2048-bit Diffie-Hellman exchange (g = 2 over RFC 3526 group 14) from both sides. */
static TEE_Result diffie_hellman(void)
{
	TEE_BigInt *p = from(HEX(DH_P)), *g = big(WORDS), *a = from(HEX(DH_A_PRIV)), *b = from(HEX(DH_B_PRIV));
	TEE_BigInt *pa = big(WORDS), *pb = big(WORDS), *s1 = big(WORDS), *s2 = big(WORDS);
	TEE_BigIntConvertFromS32(g, 2);
	OK(TEE_BigIntExpMod(pa, g, a, p, NULL) == TEE_SUCCESS && is(pa, HEX(DH_A_PUB)));
	OK(TEE_BigIntExpMod(pb, g, b, p, NULL) == TEE_SUCCESS && is(pb, HEX(DH_B_PUB)));
	OK(TEE_BigIntExpMod(s1, pb, a, p, NULL) == TEE_SUCCESS && is(s1, HEX(DH_SHARED)));
	OK(TEE_BigIntExpMod(s2, pa, b, p, NULL) == TEE_SUCCESS && TEE_BigIntCmp(s1, s2) == 0);
	uint8_t out[256];
	olen_t n = sizeof(out);
	OK(TEE_BigIntConvertToOctetString(out, &n, s1) == TEE_SUCCESS && n == sizeof(DH_SHARED) &&
	   !memcmp(out, DH_SHARED, n));
	return TEE_SUCCESS;
}

/* Each panics (OP-TEE's 0xB16127) */
static void __attribute__((noinline)) misuse(uint32_t which)
{
	TEE_BigInt *a = big(WORDS), *n = big(WORDS);
	TEE_BigInt small[TEE_BigIntSizeInU32(32)];
	TEE_BigIntInit(small, TEE_BigIntSizeInU32(32));
	TEE_BigIntConvertFromS32(a, 5);
	TEE_BigIntConvertFromS32(n, 1);
	switch (which) {
	case 0:
		TEE_BigIntMod(a, a, n); /* modulus < 2 */
		break;
	case 1:
		TEE_BigIntConvertFromS32(n, 2);
		TEE_BigIntExpMod(a, a, a, n, NULL); /* modulus <= 2 */
		break;
	case 2:
		TEE_BigIntConvertFromS32(n, 7);
		TEE_BigIntConvertFromS32(a, 0);
		TEE_BigIntInvMod(a, a, n); /* inverting zero */
		break;
	case 3:
		TEE_BigIntConvertFromS32(a, 2);
		TEE_BigIntConvertFromS32(n, 4);
		TEE_BigIntInvMod(a, a, n); /* no inverse */
		break;
	case 4:
		TEE_BigIntConvertFromS32(n, 0);
		TEE_BigIntDiv(a, NULL, a, n); /* division by zero */
		break;
	case 5:
		TEE_BigIntConvertFromS32(small, 0x7fffffff);
		TEE_BigIntMul(small, small, small); /* the result does not fit */
		break;
	case 6:
		TEE_BigIntInit(a, 2048 / 4 + 1); /* over gpd.tee.arith.maxBigIntSize / 4 words */
		break;
	case 7:
		TEE_BigIntConvertFromS32(n, 7);
		TEE_BigIntConvertFromS32(small, -1);
		TEE_BigIntExpMod(a, a, small, n, NULL); /* a negative exponent */
		break;
	}
}

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	TEE_Result res = TEE_SUCCESS;
	(void)ctx;
	(void)types;
	checks = 0;
	switch (cmd) {
	case 0:
		res = conversions();
		if (!res)
			res = bits_and_compare();
		if (!res)
			res = arithmetic();
		if (!res)
			res = modular();
		break;
	case 1:
		res = diffie_hellman();
		break;
	case 2:
		misuse(p[0].value.a);
		return TEE_ERROR_GENERIC; /* not reached */
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
	p[0].value.a = checks;
	return res;
}
