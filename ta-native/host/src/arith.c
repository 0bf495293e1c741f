/* The GP TEE Arithmetical API (Internal Core API 1.3.1 §8, all 37 TEE_BigInt functions) in the TA
 * process, on GMP.
 *
 * A TEE_BigInt is the TA's own array of u32 words with OP-TEE's layout (lib/libutee): word 0 the sign
 * (int32, 1 or -1), word 1 two u16s, allocated words then used words, then the magnitude's words, least
 * significant first, in the CPU's byte order; TEE_BigIntSizeInU32(bits) is the words plus that 2-word
 * header. The host reads and writes that memory in place; GMP's numbers live only for one call and are
 * wiped when freed.
 *
 * GMP keeps temporaries on the stack (alloca up to ~32 KiB each), far more than a TA's few KiB, so
 * every GMP call runs on a stack of its own (run_on_arith_stack); the checks that may panic run on the
 * TA's stack before or after it, so a panic's call stack is the TA's.
 *
 * Misuse panics as OP-TEE's libutee does, with its code 0xB16127 ("BIGINT") and a line naming the call:
 * a modulus < 2 (ExpMod: <= 2), inverting 0 or a value without inverse, dividing by 0, a result that
 * does not fit its destination (in the functions without a result code), a length over
 * gpd.tee.arith.maxBigIntSize / 4 words. ExpMod with an even modulus is TEE_ERROR_NOT_SUPPORTED.
 *
 * Constant time: ExpMod (mpz_powm_sec) only, as GP asks for it alone. The others are not: Add/Sub/Mul/
 * Div and the Mod family, InvMod (mpz_invert), the gcds and IsProbablePrime run in time that depends on
 * their values; the FMM functions are the Mod family's (a plain residue, as OP-TEE's). */
#include "tahost.h"

#include <gmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define TEE_ERROR_NOT_SUPPORTED 0xFFFF000Au
#define BIGINT_PANIC 0xB16127u /* OP-TEE libutee's panic code for arithmetic misuse */
#define HDR_WORDS 2u
#define MAX_BITS 2048u /* gpd.tee.arith.maxBigIntSize (core's TaProperties) */
#define MAX_WORDS (MAX_BITS / 4) /* OP-TEE: a length over CFG_TA_BIGNUM_MAX_BITS / 4 panics */
#define ARITH_STACK (1024 * 1024)

typedef uint32_t TEE_BigInt;

struct hdr {
	int32_t sign;
	uint16_t alloc; /* words for the magnitude */
	uint16_t used;  /* of them in use */
};

static inline struct hdr *hdr(const TEE_BigInt *b)
{
	return (struct hdr *)(uintptr_t)b;
}

static inline uint32_t *words(const TEE_BigInt *b)
{
	return (uint32_t *)(uintptr_t)(b + HDR_WORDS);
}

/* ---- panics: one line, then TEE_Panic(0xB16127), always from the TA's stack ---- */

static void panic_line(const char *func, const char *why) __attribute__((noreturn));
static void panic_line(const char *func, const char *why)
{
	out_begin(FR_TRACE, 0);
	out_u32(1);
	out_bytes(func, strlen(func));
	out_bytes(": ", 2);
	out_bytes(why, strlen(why));
	out_send();
	fault_from_ta(FAULT_PANIC, BIGINT_PANIC);
}

/* The used words without leading zero words (a TA may leave some). */
static size_t len_of(const TEE_BigInt *b)
{
	size_t n = hdr(b)->used;
	const uint32_t *w = words(b);
	while (n && !w[n - 1])
		n--;
	return n;
}

static bool negative(const TEE_BigInt *b)
{
	return hdr(b)->sign < 0 && len_of(b);
}

/* A header a TA could not have made with TEE_BigIntInit: the call would read or write past its array. */
static void check(const char *func, const TEE_BigInt *b)
{
	if (!b)
		panic_line(func, "NULL big integer");
	if (hdr(b)->used > hdr(b)->alloc)
		panic_line(func, "big integer not initialised by TEE_BigIntInit (used > allocated)");
}

/* Writes magnitude n words + sign; false when it does not fit (the destination is left unchanged). */
static bool store(TEE_BigInt *d, const uint32_t *w, size_t n, bool neg)
{
	while (n && !w[n - 1])
		n--;
	if (n > hdr(d)->alloc)
		return false;
	memmove(words(d), w, n * 4);
	memset(words(d) + n, 0, (hdr(d)->alloc - n) * 4u);
	hdr(d)->used = (uint16_t)n;
	hdr(d)->sign = neg && n ? -1 : 1;
	return true;
}

/* ---- the arithmetic stack ---- */

static uint8_t *arith_stack;
static ucontext_t arith_ctx, arith_caller;
static void (*arith_fn)(void *);
static void *arith_arg;

static void *gmp_alloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		die("out of host memory for GMP (%zu bytes)", n);
	return p;
}

/* Numbers from a TA may be secrets: wipe what GMP gives back. */
static void gmp_free(void *p, size_t n)
{
	explicit_bzero(p, n);
	free(p);
}

static void *gmp_realloc(void *p, size_t old, size_t n)
{
	void *q = gmp_alloc(n);
	memcpy(q, p, old < n ? old : n);
	gmp_free(p, old);
	return q;
}

static void arith_tramp(void)
{
	arith_fn(arith_arg);
}

void run_on_arith_stack(void (*fn)(void *), void *arg)
{
	if (!arith_stack) {
		long page = 4096;
		uint8_t *m = mmap(NULL, ARITH_STACK + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
				  -1, 0);
		if (m == MAP_FAILED || mprotect(m, page, PROT_NONE))
			die("cannot map the arithmetic stack");
		arith_stack = m + page;
		mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
	}
	arith_fn = fn;
	arith_arg = arg;
	getcontext(&arith_ctx);
	arith_ctx.uc_stack.ss_sp = arith_stack;
	arith_ctx.uc_stack.ss_size = ARITH_STACK;
	arith_ctx.uc_link = &arith_caller;
	makecontext(&arith_ctx, arith_tramp, 0);
	if (swapcontext(&arith_caller, &arith_ctx))
		die("cannot switch to the arithmetic stack");
}

/* ---- GMP jobs: import the operands, compute, export; everything here runs on the arithmetic stack ---- */

enum op {
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_ADDMOD, OP_SUBMOD, OP_MULMOD, OP_INVMOD, OP_EXPMOD,
	OP_SHIFT, OP_GCD, OP_PRIME,
};

/* What went wrong, for the panic the caller raises back on the TA's stack. */
enum fail { OK = 0, F_DEST, F_DEST_R, F_NO_INVERSE };

struct job {
	enum op op;
	TEE_BigInt *d, *d2, *d3;        /* destinations (Div: q, r; gcd: gcd, u, v), any may be NULL */
	const TEE_BigInt *a, *b, *n;
	uint64_t x;                     /* shift bits; confidence level */
	int ret;                        /* gcd == 1; IsProbablePrime */
	enum fail fail;
};

static void get(mpz_t z, const TEE_BigInt *b)
{
	mpz_init(z);
	if (!b)
		return;
	mpz_import(z, len_of(b), -1, 4, 0, 0, words(b));
	if (hdr(b)->sign < 0)
		mpz_neg(z, z);
}

static bool put(TEE_BigInt *d, const mpz_t z)
{
	size_t n = 0;
	size_t cap = mpz_sgn(z) ? (mpz_sizeinbase(z, 2) + 31) / 32 : 0;
	if (cap > hdr(d)->alloc)
		return false;
	uint32_t *w = malloc(cap ? cap * 4 : 4);
	if (!w)
		die("out of host memory");
	mpz_export(w, &n, -1, 4, 0, 0, z);
	bool ok = store(d, w, n, mpz_sgn(z) < 0);
	explicit_bzero(w, cap * 4);
	free(w);
	return ok;
}

static void job_run(void *arg)
{
	struct job *j = arg;
	mpz_t a, b, n, r, s, t;
	get(a, j->a);
	get(b, j->b);
	get(n, j->n);
	mpz_inits(r, s, t, NULL);
	switch (j->op) {
	case OP_ADD:
		mpz_add(r, a, b);
		break;
	case OP_SUB:
		mpz_sub(r, a, b);
		break;
	case OP_MUL:
		mpz_mul(r, a, b);
		break;
	case OP_DIV: /* truncated, as GP: op1 = q * op2 + r, r with op1's sign */
		mpz_tdiv_qr(r, s, a, b);
		break;
	case OP_MOD:
		mpz_mod(r, a, n);
		break;
	case OP_ADDMOD:
		mpz_add(t, a, b);
		mpz_mod(r, t, n);
		break;
	case OP_SUBMOD:
		mpz_sub(t, a, b);
		mpz_mod(r, t, n);
		break;
	case OP_MULMOD:
		mpz_mul(t, a, b);
		mpz_mod(r, t, n);
		break;
	case OP_INVMOD:
		if (!mpz_invert(r, a, n))
			j->fail = F_NO_INVERSE;
		break;
	case OP_EXPMOD: /* n odd and > 2, b >= 0: checked by the caller */
		if (!mpz_sgn(b)) {
			mpz_set_ui(r, 1);
		} else {
			mpz_mod(t, a, n); /* the base's reduction is not constant time; the exponentiation is */
			mpz_powm_sec(r, t, b, n);
		}
		break;
	case OP_SHIFT: /* of the magnitude, keeping the sign (OP-TEE's) */
		mpz_tdiv_q_2exp(r, a, (mp_bitcnt_t)j->x);
		break;
	case OP_GCD: /* gcd = u * op1 + v * op2, gcd >= 0 */
		mpz_gcdext(r, s, t, a, b);
		j->ret = mpz_cmp_ui(r, 1) == 0;
		break;
	case OP_PRIME: {
		/* confidence c: error <= 2^-c; each round of GMP's test errs with at most 4^-1 */
		uint64_t c = j->x < 80 ? 80 : j->x > 256 ? 256 : j->x;
		j->ret = mpz_probab_prime_p(a, (int)((c + 1) / 2)) > 0;
		break;
	}
	}
	if (!j->fail) {
		if (j->d && !put(j->d, r))
			j->fail = F_DEST;
		else if (j->d2 && !put(j->d2, s))
			j->fail = F_DEST_R;
		else if (j->d3 && !put(j->d3, t))
			j->fail = F_DEST_R;
	}
	mpz_clears(a, b, n, r, s, t, NULL);
}

static void run(const char *func, struct job *j)
{
	run_on_arith_stack(job_run, j);
	if (j->fail == F_NO_INVERSE)
		panic_line(func, "the operand has no inverse modulo n");
	if (j->fail)
		panic_line(func, "the result does not fit the destination");
}

static void check_modulus(const char *func, const TEE_BigInt *n)
{
	check(func, n);
	if (negative(n) || len_of(n) == 0 || (len_of(n) == 1 && words(n)[0] < 2))
		panic_line(func, "modulus < 2");
}

/* ---- sizes and initialisation ---- */

EXPORT size_t TEE_BigIntFMMSizeInU32(size_t modulusSizeInBits)
{
	return (modulusSizeInBits + 31) / 32 + HDR_WORDS;
}

EXPORT uint32_t __GP11_TEE_BigIntFMMSizeInU32(uint32_t modulusSizeInBits)
{
	return (uint32_t)TEE_BigIntFMMSizeInU32(modulusSizeInBits);
}

/* The FMM representation is a plain residue (as OP-TEE's): the context needs no state, one word keeps
 * TEE_Malloc of it non-empty. */
EXPORT size_t TEE_BigIntFMMContextSizeInU32(size_t modulusSizeInBits)
{
	(void)modulusSizeInBits;
	return 1;
}

EXPORT uint32_t __GP11_TEE_BigIntFMMContextSizeInU32(uint32_t modulusSizeInBits)
{
	return (uint32_t)TEE_BigIntFMMContextSizeInU32(modulusSizeInBits);
}

EXPORT void TEE_BigIntInit(TEE_BigInt *bigInt, size_t len)
{
	if (!bigInt)
		panic_line(__func__, "NULL big integer");
	if (len < HDR_WORDS)
		panic_line(__func__, "length below the 2-word header");
	if (len > MAX_WORDS)
		panic_line(__func__, "length over gpd.tee.arith.maxBigIntSize / 4 words");
	memset(bigInt, 0, len * 4);
	hdr(bigInt)->sign = 1;
	hdr(bigInt)->alloc = (uint16_t)(len - HDR_WORDS);
}

EXPORT void __GP11_TEE_BigIntInit(TEE_BigInt *bigInt, uint32_t len)
{
	TEE_BigIntInit(bigInt, len);
}

EXPORT void TEE_BigIntInitFMM(TEE_BigInt *bigIntFMM, size_t len)
{
	TEE_BigIntInit(bigIntFMM, len);
}

EXPORT void __GP11_TEE_BigIntInitFMM(TEE_BigInt *bigIntFMM, uint32_t len)
{
	TEE_BigIntInit(bigIntFMM, len);
}

EXPORT TEE_Result TEE_BigIntInitFMMContext1(uint32_t *context, size_t len, const TEE_BigInt *modulus)
{
	(void)len;
	if (!context)
		panic_line(__func__, "NULL context");
	check_modulus(__func__, modulus);
	context[0] = 0;
	return TEE_SUCCESS;
}

EXPORT void TEE_BigIntInitFMMContext(uint32_t *context, size_t len, const TEE_BigInt *modulus)
{
	(void)TEE_BigIntInitFMMContext1(context, len, modulus);
}

EXPORT void __GP11_TEE_BigIntInitFMMContext(uint32_t *context, uint32_t len, const TEE_BigInt *modulus)
{
	(void)TEE_BigIntInitFMMContext1(context, len, modulus);
}

/* ---- conversions ---- */

EXPORT TEE_Result TEE_BigIntConvertFromOctetString(TEE_BigInt *dest, const uint8_t *buffer, size_t bufferLen,
						   int32_t sign)
{
	check(__func__, dest);
	while (bufferLen && !*buffer) {
		buffer++;
		bufferLen--;
	}
	size_t n = (bufferLen + 3) / 4;
	if (n > hdr(dest)->alloc)
		return TEE_ERROR_OVERFLOW;
	uint32_t *w = words(dest);
	memset(w, 0, hdr(dest)->alloc * 4u);
	for (size_t i = 0; i < bufferLen; i++) {
		size_t bit = (bufferLen - 1 - i) * 8; /* big-endian octets */
		w[bit / 32] |= (uint32_t)buffer[i] << (bit % 32);
	}
	hdr(dest)->used = (uint16_t)n;
	hdr(dest)->sign = sign < 0 && n ? -1 : 1;
	return TEE_SUCCESS;
}

EXPORT TEE_Result __GP11_TEE_BigIntConvertFromOctetString(TEE_BigInt *dest, const uint8_t *buffer,
							  uint32_t bufferLen, int32_t sign)
{
	return TEE_BigIntConvertFromOctetString(dest, buffer, bufferLen, sign);
}

static size_t octets(const TEE_BigInt *b)
{
	size_t n = len_of(b);
	if (!n)
		return 0;
	uint32_t top = words(b)[n - 1];
	size_t bytes = (n - 1) * 4;
	while (top) {
		bytes++;
		top >>= 8;
	}
	return bytes;
}

/* The magnitude, big-endian, in the fewest octets (0 takes none, as OP-TEE's); SHORT_BUFFER says the size. */
EXPORT TEE_Result TEE_BigIntConvertToOctetString(uint8_t *buffer, size_t *bufferLen, const TEE_BigInt *bigInt)
{
	check(__func__, bigInt);
	size_t sz = octets(bigInt);
	if (sz > *bufferLen) {
		*bufferLen = sz;
		return TEE_ERROR_SHORT_BUFFER;
	}
	const uint32_t *w = words(bigInt);
	for (size_t i = 0; i < sz; i++) {
		size_t bit = (sz - 1 - i) * 8;
		buffer[i] = (uint8_t)(w[bit / 32] >> (bit % 32));
	}
	*bufferLen = sz;
	return TEE_SUCCESS;
}

EXPORT TEE_Result __GP11_TEE_BigIntConvertToOctetString(uint8_t *buffer, uint32_t *bufferLen,
							const TEE_BigInt *bigInt)
{
	size_t l = *bufferLen;
	TEE_Result res = TEE_BigIntConvertToOctetString(buffer, &l, bigInt);
	*bufferLen = (uint32_t)l;
	return res;
}

EXPORT void TEE_BigIntConvertFromS32(TEE_BigInt *dest, int32_t shortVal)
{
	check(__func__, dest);
	uint32_t mag = shortVal < 0 ? 0u - (uint32_t)shortVal : (uint32_t)shortVal;
	if (!store(dest, &mag, 1, shortVal < 0))
		panic_line(__func__, "the value does not fit the destination");
}

EXPORT TEE_Result TEE_BigIntConvertToS32(int32_t *dest, const TEE_BigInt *src)
{
	check(__func__, src);
	size_t n = len_of(src);
	if (n > 1)
		return TEE_ERROR_OVERFLOW;
	uint32_t mag = n ? words(src)[0] : 0;
	if (negative(src)) {
		if (mag > 0x80000000u)
			return TEE_ERROR_OVERFLOW;
		*dest = (int32_t)(0u - mag);
	} else {
		if (mag > 0x7fffffffu)
			return TEE_ERROR_OVERFLOW;
		*dest = (int32_t)mag;
	}
	return TEE_SUCCESS;
}

/* ---- comparisons and bits: on the words, no GMP ---- */

static int cmp_mag(const TEE_BigInt *a, const TEE_BigInt *b)
{
	size_t na = len_of(a), nb = len_of(b);
	if (na != nb)
		return na < nb ? -1 : 1;
	for (size_t i = na; i > 0; i--)
		if (words(a)[i - 1] != words(b)[i - 1])
			return words(a)[i - 1] < words(b)[i - 1] ? -1 : 1;
	return 0;
}

EXPORT int32_t TEE_BigIntCmp(const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	check(__func__, op1);
	check(__func__, op2);
	bool n1 = negative(op1), n2 = negative(op2);
	if (n1 != n2)
		return n1 ? -1 : 1;
	int c = cmp_mag(op1, op2);
	return n1 ? -c : c;
}

EXPORT int32_t TEE_BigIntCmpS32(const TEE_BigInt *op, int32_t shortVal)
{
	uint32_t v[HDR_WORDS + 1];
	hdr(v)->alloc = 1;
	store(v, &(uint32_t){ shortVal < 0 ? 0u - (uint32_t)shortVal : (uint32_t)shortVal }, 1, shortVal < 0);
	return TEE_BigIntCmp(op, v);
}

EXPORT bool TEE_BigIntGetBit(const TEE_BigInt *src, uint32_t bitIndex)
{
	check(__func__, src);
	if (bitIndex / 32 >= len_of(src))
		return false;
	return (words(src)[bitIndex / 32] >> (bitIndex % 32)) & 1;
}

EXPORT uint32_t TEE_BigIntGetBitCount(const TEE_BigInt *src)
{
	check(__func__, src);
	size_t n = len_of(src);
	if (!n)
		return 0;
	return (uint32_t)((n - 1) * 32 + (32 - (size_t)__builtin_clz(words(src)[n - 1])));
}

/* Of the magnitude (as OP-TEE's); OVERFLOW when the bit lies past the allocated words. */
EXPORT TEE_Result TEE_BigIntSetBit(TEE_BigInt *op, uint32_t bitIndex, bool value)
{
	check(__func__, op);
	size_t w = bitIndex / 32;
	if (w >= hdr(op)->alloc)
		return value ? TEE_ERROR_OVERFLOW : TEE_SUCCESS;
	if (value)
		words(op)[w] |= 1u << (bitIndex % 32);
	else
		words(op)[w] &= ~(1u << (bitIndex % 32));
	size_t used = hdr(op)->used > w + 1 ? hdr(op)->used : w + 1;
	bool neg = hdr(op)->sign < 0;
	hdr(op)->used = (uint16_t)used;
	store(op, words(op), used, neg);
	return TEE_SUCCESS;
}

EXPORT TEE_Result TEE_BigIntAssign(TEE_BigInt *dest, const TEE_BigInt *src)
{
	check(__func__, dest);
	check(__func__, src);
	if (dest == src)
		return TEE_SUCCESS;
	return store(dest, words(src), len_of(src), negative(src)) ? TEE_SUCCESS : TEE_ERROR_OVERFLOW;
}

EXPORT TEE_Result TEE_BigIntAbs(TEE_BigInt *dest, const TEE_BigInt *src)
{
	TEE_Result res = TEE_BigIntAssign(dest, src);
	if (!res)
		hdr(dest)->sign = 1;
	return res;
}

EXPORT void TEE_BigIntNeg(TEE_BigInt *dest, const TEE_BigInt *src)
{
	check(__func__, dest);
	check(__func__, src);
	if (!store(dest, words(src), len_of(src), !negative(src)))
		panic_line(__func__, "the result does not fit the destination");
}

EXPORT void TEE_BigIntConvertFromFMM(TEE_BigInt *dest, const TEE_BigInt *src, const TEE_BigInt *n,
				     const uint32_t *context)
{
	(void)n;
	(void)context;
	check(__func__, dest);
	check(__func__, src);
	if (!store(dest, words(src), len_of(src), negative(src)))
		panic_line(__func__, "the result does not fit the destination");
}

/* ---- arithmetic on GMP ---- */

static void binary(const char *func, enum op op, TEE_BigInt *dest, const TEE_BigInt *a, const TEE_BigInt *b)
{
	check(func, dest);
	check(func, a);
	check(func, b);
	run(func, &(struct job){ .op = op, .d = dest, .a = a, .b = b });
}

static void modular(const char *func, enum op op, TEE_BigInt *dest, const TEE_BigInt *a, const TEE_BigInt *b,
		    const TEE_BigInt *n)
{
	check_modulus(func, n);
	check(func, dest);
	check(func, a);
	if (b)
		check(func, b);
	run(func, &(struct job){ .op = op, .d = dest, .a = a, .b = b, .n = n });
}

EXPORT void TEE_BigIntShiftRight(TEE_BigInt *dest, const TEE_BigInt *op, size_t bits)
{
	check(__func__, dest);
	check(__func__, op);
	run(__func__, &(struct job){ .op = OP_SHIFT, .d = dest, .a = op, .x = bits });
}

EXPORT void __GP11_TEE_BigIntShiftRight(TEE_BigInt *dest, const TEE_BigInt *op, uint32_t bits)
{
	TEE_BigIntShiftRight(dest, op, bits);
}

EXPORT void TEE_BigIntAdd(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	binary(__func__, OP_ADD, dest, op1, op2);
}

EXPORT void TEE_BigIntSub(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	binary(__func__, OP_SUB, dest, op1, op2);
}

EXPORT void TEE_BigIntMul(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	binary(__func__, OP_MUL, dest, op1, op2);
}

EXPORT void TEE_BigIntSquare(TEE_BigInt *dest, const TEE_BigInt *op)
{
	binary(__func__, OP_MUL, dest, op, op);
}

/* Either destination may be NULL (GP). */
EXPORT void TEE_BigIntDiv(TEE_BigInt *dest_q, TEE_BigInt *dest_r, const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	if (dest_q)
		check(__func__, dest_q);
	if (dest_r)
		check(__func__, dest_r);
	check(__func__, op1);
	check(__func__, op2);
	if (!len_of(op2))
		panic_line(__func__, "division by zero");
	run(__func__, &(struct job){ .op = OP_DIV, .d = dest_q, .d2 = dest_r, .a = op1, .b = op2 });
}

EXPORT void TEE_BigIntMod(TEE_BigInt *dest, const TEE_BigInt *op, const TEE_BigInt *n)
{
	modular(__func__, OP_MOD, dest, op, NULL, n);
}

EXPORT void TEE_BigIntAddMod(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2, const TEE_BigInt *n)
{
	modular(__func__, OP_ADDMOD, dest, op1, op2, n);
}

EXPORT void TEE_BigIntSubMod(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2, const TEE_BigInt *n)
{
	modular(__func__, OP_SUBMOD, dest, op1, op2, n);
}

EXPORT void TEE_BigIntMulMod(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2, const TEE_BigInt *n)
{
	modular(__func__, OP_MULMOD, dest, op1, op2, n);
}

EXPORT void TEE_BigIntSquareMod(TEE_BigInt *dest, const TEE_BigInt *op, const TEE_BigInt *n)
{
	modular(__func__, OP_MULMOD, dest, op, op, n);
}

EXPORT void TEE_BigIntInvMod(TEE_BigInt *dest, const TEE_BigInt *op, const TEE_BigInt *n)
{
	check(__func__, op);
	if (!len_of(op))
		panic_line(__func__, "inverting zero");
	modular(__func__, OP_INVMOD, dest, op, NULL, n);
}

/* Constant time in the exponent and base (mpz_powm_sec); the context may be NULL (GP). */
EXPORT TEE_Result TEE_BigIntExpMod(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2,
				   const TEE_BigInt *n, const uint32_t *context)
{
	(void)context;
	check(__func__, n);
	if (TEE_BigIntCmpS32(n, 2) <= 0)
		panic_line(__func__, "modulus <= 2");
	if (!(words(n)[0] & 1))
		return TEE_ERROR_NOT_SUPPORTED; /* as OP-TEE: an even modulus */
	check(__func__, op2);
	if (negative(op2))
		panic_line(__func__, "negative exponent");
	modular(__func__, OP_EXPMOD, dest, op1, op2, n);
	return TEE_SUCCESS;
}

EXPORT bool TEE_BigIntRelativePrime(const TEE_BigInt *op1, const TEE_BigInt *op2)
{
	check(__func__, op1);
	check(__func__, op2);
	struct job j = { .op = OP_GCD, .a = op1, .b = op2 };
	run(__func__, &j);
	return j.ret;
}

/* u and v may be NULL (GP): gcd = u * op1 + v * op2. */
EXPORT void TEE_BigIntComputeExtendedGcd(TEE_BigInt *gcd, TEE_BigInt *u, TEE_BigInt *v, const TEE_BigInt *op1,
					 const TEE_BigInt *op2)
{
	check(__func__, gcd);
	if (u)
		check(__func__, u);
	if (v)
		check(__func__, v);
	check(__func__, op1);
	check(__func__, op2);
	run(__func__, &(struct job){ .op = OP_GCD, .d = gcd, .d2 = u, .d3 = v, .a = op1, .b = op2 });
}

/* 1 probably prime (error at most 2^-confidenceLevel, at least 2^-80), 0 composite; never -1. */
EXPORT int32_t TEE_BigIntIsProbablePrime(const TEE_BigInt *op, uint32_t confidenceLevel)
{
	check(__func__, op);
	struct job j = { .op = OP_PRIME, .a = op, .x = confidenceLevel };
	run(__func__, &j);
	return j.ret;
}

EXPORT void TEE_BigIntConvertToFMM(TEE_BigInt *dest, const TEE_BigInt *src, const TEE_BigInt *n,
				   const uint32_t *context)
{
	(void)context;
	modular(__func__, OP_MOD, dest, src, NULL, n);
}

EXPORT void TEE_BigIntComputeFMM(TEE_BigInt *dest, const TEE_BigInt *op1, const TEE_BigInt *op2, const TEE_BigInt *n,
				 const uint32_t *context)
{
	(void)context;
	modular(__func__, OP_MULMOD, dest, op1, op2, n);
}
