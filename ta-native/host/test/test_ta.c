/* A test TA written directly against the contract (NATIVE-TAS.md §B): the GP declarations it needs are
 * here, the host supplies the functions. -DGP11 builds the GP 1.1 ABI variant (uint32_t memref sizes,
 * __GP11_ entry points and calls). Each command exercises one host feature for test/world.c. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

typedef uint32_t TEE_Result;
typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEE_UUID;
typedef struct {
	uint32_t login;
	TEE_UUID uuid;
} TEE_Identity;
typedef struct {
	uint32_t seconds, millis;
} TEE_Time;
#ifdef GP11
typedef uint32_t msize_t;
#define API(f) __GP11_##f
#else
typedef size_t msize_t;
#define API(f) f
#endif
typedef union {
	struct { void *buffer; msize_t size; } memref;
	struct { uint32_t a, b; } value;
} TEE_Param;
typedef void *TEE_PropSetHandle;
#define TEE_PROPSET_TEE_IMPLEMENTATION ((TEE_PropSetHandle)0xFFFFFFFDu)
#define TEE_PROPSET_CURRENT_CLIENT ((TEE_PropSetHandle)0xFFFFFFFEu)
#define TEE_PROPSET_CURRENT_TA ((TEE_PropSetHandle)0xFFFFFFFFu)
#define TEE_SUCCESS 0u
#define TEE_ERROR_BAD_FORMAT 0xFFFF0005u
#define TEE_ERROR_ITEM_NOT_FOUND 0xFFFF0008u
#define TEE_ERROR_SHORT_BUFFER 0xFFFF0010u
#define TEE_ERROR_BAD_PARAMETERS 0xFFFF0006u
#define PT(t, i) (((t) >> (4 * (i))) & 0xF)

void *API(TEE_Malloc)(msize_t size, uint32_t hint);
void *API(TEE_Realloc)(void *p, msize_t size);
void TEE_Free(void *p);
void TEE_Panic(TEE_Result code) __attribute__((noreturn));
void API(TEE_MemFill)(void *p, uint32_t x, msize_t n);
int32_t API(TEE_MemCompare)(const void *a, const void *b, msize_t n);
TEE_Result API(TEE_CheckMemoryAccessRights)(uint32_t flags, void *buf, msize_t size);
TEE_Result API(TEE_GetPropertyAsString)(TEE_PropSetHandle h, const char *name, char *buf, msize_t *len);
TEE_Result API(TEE_GetPropertyAsBinaryBlock)(TEE_PropSetHandle h, const char *name, void *buf, msize_t *len);
TEE_Result API(TEE_GetPropertyName)(TEE_PropSetHandle h, void *buf, msize_t *len);
TEE_Result TEE_GetPropertyAsBool(TEE_PropSetHandle h, const char *name, bool *v);
TEE_Result TEE_GetPropertyAsU32(TEE_PropSetHandle h, const char *name, uint32_t *v);
TEE_Result TEE_GetPropertyAsU64(TEE_PropSetHandle h, const char *name, uint64_t *v);
TEE_Result TEE_GetPropertyAsUUID(TEE_PropSetHandle h, const char *name, TEE_UUID *v);
TEE_Result TEE_GetPropertyAsIdentity(TEE_PropSetHandle h, const char *name, TEE_Identity *v);
TEE_Result TEE_AllocatePropertyEnumerator(TEE_PropSetHandle *e);
void TEE_FreePropertyEnumerator(TEE_PropSetHandle e);
void TEE_StartPropertyEnumerator(TEE_PropSetHandle e, TEE_PropSetHandle set);
void TEE_ResetPropertyEnumerator(TEE_PropSetHandle e);
TEE_Result TEE_GetNextProperty(TEE_PropSetHandle e);
TEE_Result TEE_Wait(uint32_t ms);
bool TEE_UnmaskCancellation(void);
bool TEE_MaskCancellation(void);
bool TEE_GetCancellationFlag(void);
void TEE_GetSystemTime(TEE_Time *t);
void TEE_GetREETime(TEE_Time *t);
void API(TEE_GenerateRandom)(void *buf, msize_t len);
void TEE_SetInstanceData(const void *p);
const void *TEE_GetInstanceData(void);
TEE_Result API(TEE_OpenTASession)(const TEE_UUID *dest, uint32_t timeout, uint32_t types, TEE_Param p[4],
				   void **session, uint32_t *origin);
TEE_Result API(TEE_InvokeTACommand)(void *session, uint32_t timeout, uint32_t cmd, uint32_t types, TEE_Param p[4],
				     uint32_t *origin);
void TEE_CloseTASession(void *session);
TEE_Result TEE_CacheClean(void *buf, unsigned long len);
TEE_Result TEE_CacheFlush(void *buf, unsigned long len);
TEE_Result TEE_CacheInvalidate(void *buf, unsigned long len);
TEE_Result tee_unmap(void *buf, unsigned long len);
void *tee_map_zi(unsigned long len, uint32_t flags);
void jtee_trace(int level, const char *text);
TEE_Result tee_uuid_from_str(TEE_UUID *uuid, const char *s);
void jtee_stack_chk_fail(void) __attribute__((noreturn));

/* what the dev kit's libutils does: the canary failure goes to the host */
__attribute__((visibility("hidden"), noreturn)) void __stack_chk_fail(void)
{
	jtee_stack_chk_fail();
}

static void *mem_copy(void *d, const void *s, size_t n)
{
	uint8_t *a = d;
	const uint8_t *b = s;
	while (n--)
		*a++ = *b++;
	return d;
}

static size_t str_len(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static bool str_eq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

enum {
	CMD_VALUE = 1, CMD_MEMREF, CMD_WRITE_INPUT, CMD_PANIC, CMD_SMASH, CMD_RECURSE, CMD_NULL_WRITE, CMD_STACK,
	CMD_HEAP_FILL, CMD_HINTS, CMD_ZERO_DEREF, CMD_NO_FILL, CMD_PROPS, CMD_WAIT, CMD_TA2TA, CMD_UNSUPPORTED,
	CMD_ACCESS, CMD_TRACE, CMD_MISC, CMD_ABORT, CMD_HEAP_HOLES, CMD_NULL, CMD_FREE_ALL, CMD_API_STACK, CMD_DIV0,
	CMD_CACHE
};

/* tee_map_zi: zeroed pages of the TA's own, unmapped whole or by their first or last pages */
static uint32_t map_zi(void)
{
	uint32_t ok = 0;
	long page = 4096;
	uint8_t *m = tee_map_zi(3 * page - 100, 0);
	ok |= m && m[0] == 0 && m[3 * page - 1] == 0 ? 1u : 0;
	if (!m)
		return ok;
	m[5] = 7;
	ok |= API(TEE_CheckMemoryAccessRights)(3, m, 3 * page) == 0 ? 2u : 0;
	ok |= tee_unmap(m + page, page) == 0xFFFF0006 ? 4u : 0;       /* a hole in the middle: refused */
	ok |= tee_unmap(m, page) == 0 ? 8u : 0;                       /* its first page */
	ok |= API(TEE_CheckMemoryAccessRights)(1, m, 8) != 0 ? 16u : 0;  /* gone */
	ok |= API(TEE_CheckMemoryAccessRights)(3, m + page, 2 * page) == 0 ? 32u : 0;
	ok |= tee_unmap(m + page, 2 * page) == 0 ? 64u : 0;           /* the rest */
	ok |= tee_map_zi(page, 0x1) == NULL ? 128u : 0;                 /* flags but ANY_OWNER: NULL */
	ok |= tee_unmap((void *)0x1000, page) == 0xFFFF0006 ? 256u : 0; /* not a mapping */
	return ok;
}

/* p0 a memref: OP-TEE's cache maintenance, allowed on memref parameters only; p1.a the checks that held,
 * p1.b TEE_CacheClean's result on p0 */
static TEE_Result cache(TEE_Param p[4])
{
	uint8_t local[64] = { 0 };
	uint32_t ok = 0;
	TEE_Result res = TEE_CacheClean(p[0].memref.buffer, p[0].memref.size);
	ok |= res == 0 ? 1u : 0;
	ok |= TEE_CacheFlush(p[0].memref.buffer, p[0].memref.size) == 0 ? 2u : 0;
	ok |= TEE_CacheInvalidate((char *)p[0].memref.buffer + 1, 4) == 0 ? 4u : 0;
	ok |= TEE_CacheClean(local, sizeof(local)) == 0xFFFF0001 ? 8u : 0;            /* the TA's own memory */
	ok |= TEE_CacheFlush((char *)p[0].memref.buffer + 1, p[0].memref.size) == 0xFFFF0001 ? 16u : 0; /* past it */
	p[1].value.a = ok;
	p[1].value.b = res;
	return TEE_SUCCESS;
}

static int instance_marker;

TEE_Result TA_CreateEntryPoint(void)
{
	TEE_SetInstanceData(&instance_marker);
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result API(TA_OpenSessionEntryPoint)(uint32_t types, TEE_Param p[4], void **ctx)
{
	if (PT(types, 0) == 1 && p[0].value.a == 0xbad)
		return TEE_ERROR_BAD_PARAMETERS;
	*ctx = (void *)0x5e55;
	if (PT(types, 0) == 2)
		p[0].value.a = 42;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
	if (ctx != (void *)0x5e55)
		TEE_Panic(0xc105e);
}

/* ---- stack ---- */

static volatile uintptr_t lowest;

__attribute__((noinline)) static int recurse(int depth, uintptr_t floor)
{
	volatile uint8_t frame[240];
	frame[0] = (uint8_t)depth;
	lowest = (uintptr_t)frame;
	if (floor && (uintptr_t)frame < floor + 512)
		return frame[0];
	return recurse(depth + 1, floor) + frame[0];
}

/* Uses the stack down to `floor` (+ a few bytes): the bytes below the entry are the TA's. */
__attribute__((noinline)) static void use_stack_to(uintptr_t floor)
{
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	size_t n = here - floor - 256;
	volatile uint8_t *buf = __builtin_alloca(n);
	buf[0] = 1;
	lowest = (uintptr_t)buf;
}

__attribute__((noinline)) static void smash(uint32_t n)
{
	char buf[16];
	volatile char *p = buf;
	for (uint32_t i = 0; i < n; i++)
		p[i] = 'A';
}

/* ---- heap ---- */

static TEE_Result heap_fill(TEE_Param p[4])
{
	void *blocks[4096];
	uint32_t n = 0, size = p[0].value.a;
	while (n < 4096 && (blocks[n] = API(TEE_Malloc)(size, 0)) != NULL)
		n++;
	p[1].value.a = n;
	/* one more failure, bigger */
	p[1].value.b = API(TEE_Malloc)(1u << 30, 0) == NULL;
	while (n)
		TEE_Free(blocks[--n]);
	return TEE_SUCCESS;
}

static void *holes[3];

static TEE_Result heap_holes(TEE_Param p[4])
{
	for (int i = 0; i < 3; i++)
		holes[i] = API(TEE_Malloc)(p[0].value.a, 0);
	TEE_Free(holes[1]);
	return holes[0] && holes[2] ? TEE_SUCCESS : 1;
}

static uint32_t hints(void)
{
	uint32_t ok = 0;
	uint8_t *a = API(TEE_Malloc)(64, 0x80000000u);
	API(TEE_MemFill)(a, 0xAA, 64);
	TEE_Free(a);
	uint8_t *b = API(TEE_Malloc)(64, 0);
	bool zero = b != NULL;
	for (int i = 0; b && i < 64; i++)
		zero &= b[i] == 0;
	ok |= zero ? 1u : 0;                                   /* FILL_ZERO zeroes a reused block */
	ok |= API(TEE_Malloc)(16, 2) == NULL ? 2u : 0;            /* NO_SHARE: no such heap */
	ok |= API(TEE_Malloc)(16, 0x100) == NULL ? 4u : 0;        /* unknown hint */
	void *z1 = API(TEE_Malloc)(0, 0), *z2 = API(TEE_Malloc)(0, 0);
	ok |= z1 && z2 && z1 != z2 ? 8u : 0;                   /* zero size: non-NULL, distinct */
	TEE_Free(z1);
	TEE_Free(NULL);
	b[0] = 0x5a;
	b[63] = 0x7e;
	uint8_t *c = API(TEE_Realloc)(b, 4000);
	ok |= c && c[0] == 0x5a && c[63] == 0x7e ? 16u : 0;    /* Realloc keeps the bytes */
	void *z3 = API(TEE_Realloc)(c, 0);
	ok |= z3 != NULL ? 32u : 0;                            /* Realloc to 0 frees, returns the zero-size pointer */
	TEE_Free(z3);
	ok |= API(TEE_Realloc)(NULL, 1u << 30) == NULL ? 64u : 0; /* too big: NULL */
	uint8_t *d = API(TEE_Malloc)(32, 0);
	void *e = API(TEE_Realloc)(d, 1u << 30);
	ok |= e == NULL && d[0] == 0 ? 128u : 0;               /* a failed Realloc keeps the block */
	TEE_Free(d);
	return ok;
}

/* ---- properties ---- */

static uint32_t props(TEE_Param p[4])
{
	uint32_t ok = 0;
	char s[128];
	msize_t len = sizeof(s);
	uint32_t u32 = 0;
	uint64_t u64 = 0;
	bool bv = false;
	TEE_UUID uuid;
	TEE_Identity id;
	uint8_t bin[8];

	if (API(TEE_GetPropertyAsString)(TEE_PROPSET_TEE_IMPLEMENTATION, "gpd.tee.apiversion", s, &len) == 0 &&
	    str_eq(s, "1.3.1") && len == 6)
		ok |= 1;
	if (TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "gpd.ta.dataSize", &u32) == 0 && u32 == 16384)
		ok |= 2;
	if (TEE_GetPropertyAsBool(TEE_PROPSET_CURRENT_TA, "gpd.ta.multiSession", &bv) == 0 && bv)
		ok |= 4;
	if (TEE_GetPropertyAsU64(TEE_PROPSET_CURRENT_TA, "test.u64", &u64) == 0 && u64 == 0x123456789abcULL)
		ok |= 8;
	if (TEE_GetPropertyAsUUID(TEE_PROPSET_CURRENT_TA, "gpd.ta.appID", &uuid) == 0 && uuid.timeLow == 0x11223344)
		ok |= 16;
	if (TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_CLIENT, "gpd.client.identity", &id) == 0 && id.login == 4 &&
	    id.uuid.timeLow == 0xc11e47)
		ok |= 32;
	len = sizeof(bin);
	if (API(TEE_GetPropertyAsBinaryBlock)(TEE_PROPSET_CURRENT_TA, "test.bin", bin, &len) == 0 && len == 3 &&
	    bin[2] == 3)
		ok |= 64;
	len = 2;
	if (API(TEE_GetPropertyAsString)(TEE_PROPSET_CURRENT_TA, "gpd.ta.description", s, &len) ==
		    TEE_ERROR_SHORT_BUFFER && len == 10)
		ok |= 128; /* "test ta 1" + NUL */
	if (TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "gpd.ta.description", &u32) == TEE_ERROR_BAD_FORMAT)
		ok |= 256;
	if (TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "no.such", &u32) == TEE_ERROR_ITEM_NOT_FOUND)
		ok |= 512;
	len = sizeof(s);
	if (API(TEE_GetPropertyAsString)(TEE_PROPSET_CURRENT_TA, "test.bin", s, &len) == 0 && str_eq(s, "AQID"))
		ok |= 1024; /* binary block as base64 */
	len = sizeof(s);
	if (API(TEE_GetPropertyAsString)(TEE_PROPSET_CURRENT_CLIENT, "gpd.client.identity", s, &len) == 0 &&
	    str_eq(s, "4:00c11e47-0001-0002-0304-050607080900"))
		ok |= 2048;
	len = sizeof(s);
	if (API(TEE_GetPropertyAsString)(TEE_PROPSET_CURRENT_TA, "gpd.ta.multiSession", s, &len) == 0 &&
	    str_eq(s, "true"))
		ok |= 4096;

	/* enumerate the TA set: names in order, into memref 1 separated by ',' */
	TEE_PropSetHandle e;
	if (TEE_AllocatePropertyEnumerator(&e) == 0) {
		char *out = p[1].memref.buffer;
		size_t cap = p[1].memref.size, used = 0;
		len = sizeof(s);
		if (API(TEE_GetPropertyName)(e, s, &len) == TEE_ERROR_ITEM_NOT_FOUND)
			ok |= 8192; /* not started */
		TEE_StartPropertyEnumerator(e, TEE_PROPSET_CURRENT_TA);
		do {
			len = sizeof(s);
			if (API(TEE_GetPropertyName)(e, s, &len) != 0)
				break;
			size_t n = str_len(s);
			if (used + n + 1 < cap) {
				mem_copy(out + used, s, n);
				used += n;
				out[used++] = ',';
			}
		} while (TEE_GetNextProperty(e) == 0);
		TEE_ResetPropertyEnumerator(e);
		if (TEE_GetNextProperty(e) == TEE_ERROR_ITEM_NOT_FOUND)
			ok |= 16384;
		TEE_StartPropertyEnumerator(e, TEE_PROPSET_CURRENT_TA);
		if (TEE_GetPropertyAsUUID(e, NULL, &uuid) == 0 && uuid.timeLow == 0x11223344)
			ok |= 32768; /* the first TA property read through the enumerator */
		TEE_FreePropertyEnumerator(e);
		p[1].memref.size = used;
	}
	return ok;
}

/* ---- access rights ---- */

static const char rodata[] = "read only";
static uint8_t data[64];

static uint32_t access_rights(TEE_Param p[4])
{
	uint32_t ok = 0;
	uint8_t local[32];
	uint8_t *h = API(TEE_Malloc)(64, 0);
	ok |= API(TEE_CheckMemoryAccessRights)(1, (void *)rodata, sizeof(rodata)) == 0 ? 1u : 0;
	ok |= API(TEE_CheckMemoryAccessRights)(2, (void *)rodata, sizeof(rodata)) != 0 ? 2u : 0;
	ok |= API(TEE_CheckMemoryAccessRights)(3, data, sizeof(data)) == 0 ? 4u : 0;
	ok |= API(TEE_CheckMemoryAccessRights)(3, local, sizeof(local)) == 0 ? 8u : 0;
	ok |= API(TEE_CheckMemoryAccessRights)(3, h, 64) == 0 ? 16u : 0;
	ok |= API(TEE_CheckMemoryAccessRights)(3, h, 4096) != 0 ? 32u : 0;  /* past the block */
	/* p[0] is an INPUT memref, p[1] an OUTPUT one: the client's memory needs ANY_OWNER */
	ok |= API(TEE_CheckMemoryAccessRights)(1, p[0].memref.buffer, 8) != 0 ? 64u : 0;
	ok |= API(TEE_CheckMemoryAccessRights)(5, p[0].memref.buffer, 8) == 0 ? 128u : 0;
	ok |= API(TEE_CheckMemoryAccessRights)(7, p[0].memref.buffer, 8) != 0 ? 256u : 0; /* INPUT: no write */
	ok |= API(TEE_CheckMemoryAccessRights)(7, p[1].memref.buffer, 8) == 0 ? 512u : 0;
	ok |= API(TEE_CheckMemoryAccessRights)(1, (void *)0x1000, 8) != 0 ? 1024u : 0;
	ok |= API(TEE_CheckMemoryAccessRights)(1, (void *)&access_rights, 0) == 0 ? 2048u : 0; /* size 0 */
	TEE_Free(h);
	return ok;
}

/* ---- TA-to-TA ---- */

static TEE_Result ta2ta(TEE_Param p[4])
{
	TEE_UUID dest = { 0xca11ee, 1, 2, { 1, 2, 3, 4, 5, 6, 7, 8 } };
	void *s = NULL;
	uint32_t origin = 0;
	TEE_Param q[4] = { 0 };
	char text[8] = "abcdef";
	char out[4];
	TEE_Result res = API(TEE_OpenTASession)(&dest, 0xFFFFFFFF, 0x0002, q, &s, &origin); /* VALUE_OUTPUT */
	if (res)
		return res;
	p[0].value.a = q[0].value.a; /* the callee's open said so */
	q[0].value.a = 20;
	q[0].value.b = 22;
	q[1].memref.buffer = text;
	q[1].memref.size = 6;
	q[2].memref.buffer = out;
	q[2].memref.size = sizeof(out);
	/* VALUE_INOUT, MEMREF_INOUT, MEMREF_OUTPUT (too small: SHORT_BUFFER says 6) */
	res = API(TEE_InvokeTACommand)(s, 0xFFFFFFFF, 9, 0x0673, q, &origin);
	p[0].value.b = q[0].value.a;
	p[1].value.a = res;
	p[1].value.b = (uint32_t)q[2].memref.size;
	mem_copy(p[2].memref.buffer, text, 6);
	p[2].memref.size = 6;
	TEE_CloseTASession(s);
	/* a CANCEL that came while the TA waited for the callee is this entry's */
	TEE_UnmaskCancellation();
	p[3].value.a = TEE_GetCancellationFlag();
	return origin == 4 ? TEE_SUCCESS : 1;
}

TEE_Result API(TA_InvokeCommandEntryPoint)(void *ctx, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	(void)ctx;
	switch (cmd) {
	case CMD_NULL:
		return TEE_SUCCESS;
	case CMD_VALUE:
		p[1].value.a = p[0].value.a + 1;
		p[1].value.b = p[0].value.b + 2;
		return TEE_SUCCESS;
	case CMD_MEMREF: {
		msize_t n = p[0].memref.size;
		if (p[1].memref.size < n) {
			p[1].memref.size = n;
			return TEE_ERROR_SHORT_BUFFER;
		}
		const uint8_t *in = p[0].memref.buffer;
		uint8_t *out = p[1].memref.buffer;
		for (msize_t i = 0; i < n; i++)
			out[i] = in[n - 1 - i];
		p[1].memref.size = n;
		return TEE_SUCCESS;
	}
	case CMD_WRITE_INPUT:
		((volatile uint8_t *)p[0].memref.buffer)[p[1].value.a] = 1;
		return TEE_SUCCESS;
	case CMD_PANIC:
		TEE_Panic(p[0].value.a);
	case CMD_SMASH:
		smash(p[0].value.a);
		return TEE_SUCCESS;
	case CMD_RECURSE:
		return (TEE_Result)recurse(0, 0);
	case CMD_NULL_WRITE:
		*(volatile uint32_t *)(uintptr_t)p[0].value.a = 1;
		return TEE_SUCCESS;
	case CMD_STACK: {
		/* p0: the stack's lowest address (from HELLO) as a/b; p1 out: the frame address at entry, lowest used */
		uintptr_t floor = (uintptr_t)p[0].value.a | (uintptr_t)p[0].value.b << 32;
		uintptr_t entry = (uintptr_t)__builtin_frame_address(0);
		use_stack_to(floor);
		p[1].value.a = (uint32_t)entry;
		p[1].value.b = (uint32_t)(entry >> 32);
		p[2].value.a = (uint32_t)lowest;
		p[2].value.b = (uint32_t)((uint64_t)lowest >> 32);
		return TEE_SUCCESS;
	}
	case CMD_HEAP_FILL:
		return heap_fill(p);
	case CMD_HEAP_HOLES:
		return heap_holes(p);
	case CMD_FREE_ALL:
		TEE_Free(holes[0]);
		TEE_Free(holes[2]);
		return TEE_SUCCESS;
	case CMD_HINTS:
		p[1].value.a = hints();
		return TEE_SUCCESS;
	case CMD_ZERO_DEREF:
		*(volatile uint8_t *)API(TEE_Malloc)(0, 0) = 1;
		return TEE_SUCCESS;
	case CMD_NO_FILL:
		API(TEE_Malloc)(8, 1);
		return TEE_SUCCESS;
	case CMD_PROPS:
		p[0].value.a = props(p);
		return TEE_SUCCESS;
	case CMD_WAIT: {
		TEE_Time t0, t1;
		if (p[0].value.b)
			TEE_UnmaskCancellation();
		TEE_GetSystemTime(&t0);
		TEE_Result r = TEE_Wait(p[0].value.a);
		TEE_GetSystemTime(&t1);
		p[1].value.a = r;
		p[1].value.b = (t1.seconds - t0.seconds) * 1000 + t1.millis - t0.millis;
		p[2].value.a = TEE_GetCancellationFlag();
		return TEE_SUCCESS;
	}
	case CMD_TA2TA:
		return ta2ta(p);
	case CMD_UNSUPPORTED: /* now tee_map_zi and tee_unmap, which the host has since implemented */
		p[1].value.a = map_zi();
		return TEE_SUCCESS;
	case CMD_CACHE:
		return cache(p);
	case CMD_ACCESS:
		p[2].value.a = access_rights(p);
		return TEE_SUCCESS;
	case CMD_TRACE:
		jtee_trace(2, "hello from the test TA");
		return TEE_SUCCESS;
	case CMD_MISC: {
		uint8_t r1[16] = { 0 }, r2[16] = { 0 };
		TEE_Time ree;
		API(TEE_GenerateRandom)(r1, sizeof(r1));
		API(TEE_GenerateRandom)(r2, sizeof(r2));
		TEE_GetREETime(&ree);
		p[0].value.a = API(TEE_MemCompare)(r1, r2, sizeof(r1)) != 0;
		p[0].value.b = TEE_GetInstanceData() == &instance_marker;
		p[1].value.a = ree.seconds;
		TEE_UUID u;
		p[1].value.b = tee_uuid_from_str(&u, "00C11e47-0001-0002-0304-050607080900") == 0 && u.timeLow == 0xc11e47 &&
			       u.timeMid == 1 && u.timeHiAndVersion == 2 && u.clockSeqAndNode[0] == 3 &&
			       u.clockSeqAndNode[2] == 5 && u.clockSeqAndNode[7] == 0 &&
			       tee_uuid_from_str(&u, "00c11e47-0001-0002-0304-05060708090") == TEE_ERROR_BAD_FORMAT &&
			       tee_uuid_from_str(&u, "00c11e47-0001-0002-0304-0506070809x0") == TEE_ERROR_BAD_FORMAT &&
			       tee_uuid_from_str(&u, "00c11e47+0001-0002-0304-050607080900") == TEE_ERROR_BAD_FORMAT;
		return TEE_SUCCESS;
	}
	case CMD_ABORT:
		abort();
	case CMD_API_STACK: {
		/* the host's functions run on the TA's stack, as libutee's do: how much of it do they take? */
		char s[64];
		msize_t len = sizeof(s);
		uint8_t r[32];
		TEE_Time t;
		API(TEE_GetPropertyAsString)(TEE_PROPSET_CURRENT_TA, "test.bin", s, &len);
		len = sizeof(s);
		API(TEE_GetPropertyAsString)(TEE_PROPSET_CURRENT_CLIENT, "gpd.client.identity", s, &len);
		TEE_Wait(1);
		(void)TEE_GetCancellationFlag();
		jtee_trace(2, "api stack");
		API(TEE_GenerateRandom)(r, sizeof(r));
		TEE_GetREETime(&t);
		TEE_Free(API(TEE_Malloc)(100, 0x100)); /* the invalid-hint line */
		p[0].value.a = API(TEE_CheckMemoryAccessRights)(3, r, sizeof(r));
		return TEE_SUCCESS;
	}
	case CMD_DIV0: {
		volatile int zero = 0;
		return (TEE_Result)(100 / zero);
	}
	default:
		(void)types;
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
