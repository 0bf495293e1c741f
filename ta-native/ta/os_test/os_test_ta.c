/*
 * optee_test's os_test TA, written for jtee in C: the TA behind xtest's 1000 series, with the
 * command numbers and semantics of the Java examples' OsTestTa. Like os_test it unmasks
 * cancellation at the start of every command. What has no meaning in C (the Java analogs of a
 * heap overrun caught by the JVM, a thrown exception) answers NOT_SUPPORTED, as do the features
 * os_test only has when built with them (TLS, C++, PAUTH, MTE, ASAN).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tee_internal_api.h>
#include <tee_ta_api.h>
#include <os_test_ta.h>

#define PT(a, b, c, d) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				       TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_##d)
#define T_VALUE_IN PT(VALUE_INPUT, NONE, NONE, NONE)
#define T_MEMREF_OUT PT(MEMREF_OUTPUT, NONE, NONE, NONE)
#define T_MIX PT(MEMREF_INPUT, MEMREF_INOUT, MEMREF_OUTPUT, NONE)

static const TEE_UUID os_test_uuid = TA_OS_TEST_UUID;
static const TEE_UUID hello_world_uuid = TA_HELLO_WORLD_UUID;

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt, TEE_Param params[4], void **sess)
{
	*sess = NULL;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess)
{
}

/* ---- self-checks: a failed one writes its text into the failure memref and answers GENERIC */

static char failure[256];

#define CHECK(cond, ...) do { \
		if (!(cond)) { \
			snprintf(failure, sizeof(failure), __VA_ARGS__); \
			return TEE_ERROR_GENERIC; \
		} \
	} while (0)
#define RUN(call) do { TEE_Result r_ = (call); if (r_ != TEE_SUCCESS) return r_; } while (0)

static TEE_Result report(TEE_Result res, TEE_Param *text)
{
	if (!text)
		return res;
	if (res == TEE_SUCCESS) {
		text->memref.size = 0;
	} else {
		size_t n = strlen(failure);
		if (n > text->memref.size)
			n = text->memref.size;
		memcpy(text->memref.buffer, failure, n);
		text->memref.size = n;
	}
	return res;
}

static bool all_bytes(const void *p, size_t n, uint8_t v)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i] != v)
			return false;
	return true;
}

static TEE_Result basic_malloc(void)
{
	uint8_t *p = TEE_Malloc(4, TEE_MALLOC_FILL_ZERO);
	CHECK(p, "TEE_Malloc(4, 0) returned NULL");
	TEE_Free(p);
	TEE_Free(NULL);

	p = TEE_Malloc(64, TEE_MALLOC_FILL_ZERO);
	CHECK(p, "TEE_Malloc(64, FILL_ZERO) returned NULL");
	CHECK(all_bytes(p, 64, 0), "TEE_Malloc(FILL_ZERO) block is not zeroed");
	TEE_MemFill(p, 0x5a, 64);
	uint8_t *grown = TEE_Realloc(p, 256);
	CHECK(grown, "TEE_Realloc(64 -> 256) returned NULL");
	CHECK(all_bytes(grown, 64, 0x5a), "TEE_Realloc lost the block's content");
	void *zero_sized = TEE_Realloc(grown, 0);
	CHECK(zero_sized, "TEE_Realloc(p, 0) returned NULL instead of the zero-size pointer");
	TEE_Free(zero_sized);

	void *zero = TEE_Malloc(0, TEE_MALLOC_FILL_ZERO);
	CHECK(zero, "TEE_Malloc(0) returned NULL instead of the zero-size pointer");
	TEE_Free(zero);

	/* libutee: a TA without a no-share heap gets NULL for NO_SHARE, the zero-size pointer for 0 bytes */
	CHECK(!TEE_Malloc(16, TEE_MALLOC_NO_SHARE), "TEE_Malloc(16, NO_SHARE) without a no-share heap is not NULL");
	CHECK(!TEE_Malloc(16, TEE_MALLOC_NO_SHARE | TEE_MALLOC_NO_FILL),
	      "TEE_Malloc(16, NO_SHARE|NO_FILL) without a no-share heap is not NULL");
	p = TEE_Malloc(0, TEE_MALLOC_NO_SHARE);
	CHECK(p, "TEE_Malloc(0, NO_SHARE) returned NULL instead of the zero-size pointer");
	TEE_Free(p);

	CHECK(!TEE_Malloc(16, 0x10), "TEE_Malloc with an unknown hint did not return NULL");
	CHECK(!TEE_Malloc(2 * OS_TEST_DATA_SIZE, TEE_MALLOC_FILL_ZERO), "TEE_Malloc larger than the heap did not return NULL");
	return TEE_SUCCESS;
}

static TEE_Result basic_memory_functions(void)
{
	uint8_t *a = TEE_Malloc(64, TEE_MALLOC_FILL_ZERO);
	uint8_t *b = TEE_Malloc(64, TEE_MALLOC_FILL_ZERO);
	CHECK(a && b, "TEE_Malloc(64) returned NULL");
	TEE_MemFill(a, 0xab, 64);
	CHECK(all_bytes(a, 64, 0xab), "TEE_MemFill did not fill");
	TEE_MemMove(b, a, 64);
	CHECK(TEE_MemCompare(a, b, 64) == 0, "TEE_MemMove did not copy");
	b[10] = 0xac;
	CHECK(TEE_MemCompare(a, b, 64) < 0, "TEE_MemCompare(0xab.., 0xac..) is not negative");
	CHECK(TEE_MemCompare(b, a, 64) > 0, "TEE_MemCompare(0xac.., 0xab..) is not positive");
	for (int i = 0; i < 64; i++)
		a[i] = (uint8_t)i;
	TEE_MemMove(a + 1, a, 32); /* overlapping */
	for (int i = 0; i < 32; i++)
		CHECK(a[i + 1] == i, "overlapping TEE_MemMove: byte %d is %d", i + 1, a[i + 1]);
	TEE_Free(a);
	TEE_Free(b);
	return TEE_SUCCESS;
}

static TEE_Result basic_properties(void)
{
	bool flag = false;
	uint32_t u32 = 0;
	TEE_UUID uuid;
	TEE_Identity id;
	char text[256];
	size_t len = sizeof(text);
	uint8_t block[16];
	size_t block_len;
	static const TEE_UUID uuid_123 = { 1, 2, 3 };
	static const TEE_UUID uuid_234 = { 2, 3, 4 };
	static const struct { const char *name; size_t len; uint8_t byte; } blocks[] = {
		{ "myprop.binaryblock.1byte-ones", 1, 0xff }, { "myprop.binaryblock.2byte-ones", 2, 0xff },
		{ "myprop.binaryblock.3byte-ones", 3, 0xff }, { "myprop.binaryblock.4byte-ones", 4, 0xff },
		{ "myprop.binaryblock.empty", 0, 0 },
	};

	CHECK(TEE_GetPropertyAsBool(TEE_PROPSET_CURRENT_TA, "myprop.true", &flag) == TEE_SUCCESS && flag,
	      "myprop.true is not true");
	CHECK(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "myprop.42", &u32) == TEE_SUCCESS && u32 == 42,
	      "myprop.42 is %u", u32);
	CHECK(TEE_GetPropertyAsUUID(TEE_PROPSET_CURRENT_TA, "myprop.123", &uuid) == TEE_SUCCESS &&
	      !memcmp(&uuid, &uuid_123, sizeof(uuid)), "myprop.123 is not the UUID 1-2-3");
	CHECK(TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_TA, "myprop.1234", &id) == TEE_SUCCESS &&
	      id.login == TEE_LOGIN_USER && !memcmp(&id.uuid, &uuid_234, sizeof(uuid)),
	      "myprop.1234 is not the identity USER 2-3-4");
	CHECK(TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "myprop.hello", text, &len) == TEE_SUCCESS &&
	      !strcmp(text, OS_TEST_HELLO_PROPERTY), "myprop.hello is \"%.64s\"", text);
	len = 10;
	CHECK(TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "myprop.hello", text, &len) == TEE_ERROR_SHORT_BUFFER &&
	      len == sizeof(OS_TEST_HELLO_PROPERTY), "myprop.hello into 10 bytes: no SHORT_BUFFER with %zu", len);
	block_len = sizeof(block);
	CHECK(TEE_GetPropertyAsBinaryBlock(TEE_PROPSET_CURRENT_TA, "myprop.binaryblock", block, &block_len) ==
	      TEE_SUCCESS && block_len == 12 && !memcmp(block, "Hello world!", 12),
	      "myprop.binaryblock is not \"Hello world!\"");
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		block_len = sizeof(block);
		CHECK(TEE_GetPropertyAsBinaryBlock(TEE_PROPSET_CURRENT_TA, blocks[i].name, block, &block_len) ==
		      TEE_SUCCESS && block_len == blocks[i].len && all_bytes(block, block_len, blocks[i].byte),
		      "%s has the wrong bytes", blocks[i].name);
	}
	CHECK(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "gpd.ta.dataSize", &u32) == TEE_SUCCESS &&
	      u32 == OS_TEST_DATA_SIZE, "gpd.ta.dataSize is %u", u32);
	CHECK(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "myprop.none", &u32) == TEE_ERROR_ITEM_NOT_FOUND,
	      "a missing property was found");
	CHECK(TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "myprop.hello", &u32) == TEE_ERROR_BAD_FORMAT,
	      "a string property read as U32 is not BAD_FORMAT");
	return TEE_SUCCESS;
}

static TEE_Result basic_access_rights(TEE_Param *input)
{
	const uint32_t r = TEE_MEMORY_ACCESS_READ, w = TEE_MEMORY_ACCESS_WRITE;
	const uint32_t any = TEE_MEMORY_ACCESS_ANY_OWNER;
	void *in = input->memref.buffer;
	size_t n = input->memref.size;

	CHECK(n > 0, "CMD_BASIC wants a non-empty MEMREF_INPUT in p0");
	CHECK(TEE_CheckMemoryAccessRights(r | any, in, n) == TEE_SUCCESS,
	      "CheckMemoryAccessRights(READ|ANY_OWNER) on an input parameter");
	CHECK(TEE_CheckMemoryAccessRights(r, in, n) == TEE_ERROR_ACCESS_DENIED,
	      "CheckMemoryAccessRights(READ) on a parameter without ANY_OWNER");
	CHECK(TEE_CheckMemoryAccessRights(r | w | any, in, n) == TEE_ERROR_ACCESS_DENIED,
	      "CheckMemoryAccessRights(WRITE|ANY_OWNER) on an INPUT parameter");
	uint8_t *block = TEE_Malloc(64, TEE_MALLOC_FILL_ZERO);
	CHECK(block, "TEE_Malloc(64) returned NULL");
	CHECK(TEE_CheckMemoryAccessRights(r | w, block, 64) == TEE_SUCCESS,
	      "CheckMemoryAccessRights(READ|WRITE) on a heap block");
	CHECK(TEE_CheckMemoryAccessRights(r | w, block + 8, 16) == TEE_SUCCESS,
	      "CheckMemoryAccessRights(READ|WRITE) inside a heap block");
	TEE_Free(block);
	CHECK(TEE_CheckMemoryAccessRights(r, NULL, 1) == TEE_ERROR_ACCESS_DENIED,
	      "CheckMemoryAccessRights(READ) on NULL");
	CHECK(TEE_CheckMemoryAccessRights(r | w, NULL, 0) == TEE_SUCCESS, "CheckMemoryAccessRights of size 0");
	return TEE_SUCCESS;
}

static TEE_Result basic_time(void)
{
	TEE_Time t1, t2;

	TEE_GetSystemTime(&t1);
	CHECK(t1.millis < 1000, "TEE_GetSystemTime millis out of range: %u", t1.millis);
	CHECK(TEE_Wait(5) == TEE_SUCCESS, "TEE_Wait(5) failed");
	TEE_GetSystemTime(&t2);
	CHECK(t2.millis < 1000, "TEE_GetSystemTime millis out of range: %u", t2.millis);
	CHECK(t2.seconds > t1.seconds || (t2.seconds == t1.seconds && t2.millis >= t1.millis),
	      "TEE_GetSystemTime went backwards");
	TEE_GetREETime(&t1);
	CHECK(t1.seconds > 0 && t1.millis < 1000, "TEE_GetREETime is not a time");
	return TEE_SUCCESS;
}

static TEE_Result basic_random(void)
{
	uint8_t a[32] = { 0 }, b[32] = { 0 };

	TEE_GenerateRandom(a, sizeof(a));
	TEE_GenerateRandom(b, sizeof(b));
	CHECK(!all_bytes(a, sizeof(a), 0), "TEE_GenerateRandom left 32 zero bytes");
	CHECK(memcmp(a, b, sizeof(a)), "TEE_GenerateRandom gave the same 32 bytes twice");
	TEE_GenerateRandom(a, 0);
	return TEE_SUCCESS;
}

static TEE_Result open_self(TEE_TASessionHandle *s, const char *what)
{
	uint32_t origin = 0;
	TEE_Result res = TEE_OpenTASession(&os_test_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, s, &origin);

	CHECK(res == TEE_SUCCESS, "TEE_OpenTASession(%s): 0x%08x origin %u", what, res, origin);
	return TEE_SUCCESS;
}

/* The caller side of os_test's access-rights check: a heap buffer and a null memref to itself. */
static TEE_Result basic_ta2ta_access_rights(void)
{
	TEE_TASessionHandle self;
	TEE_Param p[4] = { 0 };
	uint32_t origin = 0;
	void *buf = TEE_Malloc(32, TEE_MALLOC_FILL_ZERO);

	CHECK(buf, "TEE_Malloc(32) returned NULL");
	RUN(open_self(&self, "itself"));
	p[0].memref.buffer = buf;
	p[0].memref.size = 32;
	TEE_Result res = TEE_InvokeTACommand(self, TEE_TIMEOUT_INFINITE, OS_TEST_CMD_PARAMS_ACCESS,
					     PT(MEMREF_INPUT, MEMREF_INPUT, NONE, NONE), p, &origin);
	TEE_CloseTASession(self);
	TEE_Free(buf);
	CHECK(res == TEE_SUCCESS, "PARAMS_ACCESS on itself (heap buffer, null memref): 0x%08x origin %u", res, origin);
	return TEE_SUCCESS;
}

static TEE_Result basic_parts(uint32_t parts, TEE_Param params[4])
{
	if (!parts)
		parts = ~0u;
	if (parts & OS_TEST_BASIC_MALLOC)
		RUN(basic_malloc());
	if (parts & OS_TEST_BASIC_MEMORY_FUNCTIONS)
		RUN(basic_memory_functions());
	if (parts & OS_TEST_BASIC_PROPERTIES)
		RUN(basic_properties());
	if (parts & OS_TEST_BASIC_ACCESS_RIGHTS)
		RUN(basic_access_rights(&params[0]));
	if (parts & OS_TEST_BASIC_TIME)
		RUN(basic_time());
	if (parts & OS_TEST_BASIC_RANDOM)
		RUN(basic_random());
	if (parts & OS_TEST_BASIC_TA2TA_ACCESS_RIGHTS)
		RUN(basic_ta2ta_access_rights());
	return TEE_SUCCESS;
}

static TEE_Result basic(uint32_t pt, TEE_Param params[4])
{
	uint32_t p1 = TEE_PARAM_TYPE_GET(pt, 1), p2 = TEE_PARAM_TYPE_GET(pt, 2);

	if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_MEMREF_INPUT ||
	    (p1 != TEE_PARAM_TYPE_NONE && p1 != TEE_PARAM_TYPE_VALUE_INPUT) ||
	    (p2 != TEE_PARAM_TYPE_NONE && p2 != TEE_PARAM_TYPE_MEMREF_OUTPUT) ||
	    TEE_PARAM_TYPE_GET(pt, 3) != TEE_PARAM_TYPE_NONE)
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_Result res = basic_parts(p1 == TEE_PARAM_TYPE_VALUE_INPUT ? params[1].value.a : 0, params);
	return report(res, p2 == TEE_PARAM_TYPE_MEMREF_OUTPUT ? &params[2] : NULL);
}

/* ---- TA-to-TA */

static TEE_Result client_with_timeout(uint32_t pt, TEE_Param params[4])
{
	TEE_TASessionHandle self;
	TEE_Param p[4] = { 0 };
	uint32_t origin = 0, millis;
	TEE_Result res;

	if (pt != T_VALUE_IN)
		return TEE_ERROR_BAD_PARAMETERS;
	millis = params[0].value.a;
	res = TEE_OpenTASession(&os_test_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &self, &origin);
	if (res != TEE_SUCCESS)
		return res;
	p[0].value.a = millis;
	res = TEE_InvokeTACommand(self, millis / 2, OS_TEST_CMD_WAIT, T_VALUE_IN, p, &origin);
	TEE_CloseTASession(self);
	return res == TEE_ERROR_CANCEL && origin == TEE_ORIGIN_TRUSTED_APP ? TEE_SUCCESS : TEE_ERROR_GENERIC;
}

static TEE_Result client(void)
{
	TEE_TASessionHandle s;
	TEE_Param p[4] = { 0 };
	uint32_t origin = 0;
	TEE_Result res;

	/* values: hello_world's INC (0) and DEC (1) */
	res = TEE_OpenTASession(&hello_world_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
	CHECK(res == TEE_SUCCESS, "TEE_OpenTASession(hello_world): 0x%08x origin %u", res, origin);
	p[0].value.a = 42;
	res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, 0, PT(VALUE_INOUT, NONE, NONE, NONE), p, &origin);
	if (res == TEE_SUCCESS && p[0].value.a == 43)
		res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, 1, PT(VALUE_INOUT, NONE, NONE, NONE), p, &origin);
	TEE_CloseTASession(s);
	CHECK(res == TEE_SUCCESS && p[0].value.a == 42, "hello_world INC then DEC of 42: 0x%08x, value %u", res,
	      p[0].value.a);

	/* the callee sees this TA as its client */
	uint8_t *uuid = TEE_Malloc(16, TEE_MALLOC_FILL_ZERO);
	CHECK(uuid, "TEE_Malloc(16) returned NULL");
	RUN(open_self(&s, "itself"));
	memset(p, 0, sizeof(p));
	p[1].memref.buffer = uuid;
	p[1].memref.size = 16;
	res = TEE_InvokeTACommand(s, TEE_TIMEOUT_INFINITE, OS_TEST_CMD_CLIENT_IDENTITY,
				  PT(VALUE_OUTPUT, MEMREF_OUTPUT, NONE, NONE), p, &origin);
	TEE_CloseTASession(s);
	CHECK(res == TEE_SUCCESS, "CLIENT_IDENTITY on itself: 0x%08x origin %u", res, origin);
	CHECK(p[0].value.a == TEE_LOGIN_TRUSTED_APP, "a TA client's login is 0x%x, not TEE_LOGIN_TRUSTED_APP",
	      p[0].value.a);
	CHECK(!memcmp(uuid, &os_test_uuid, 16), "a TA client's identity UUID is not the calling TA's");
	TEE_Free(uuid);
	return TEE_SUCCESS;
}

#define TA2TA_BUF_SIZE (2 * 1024)

static TEE_Result mix_on_self(TEE_Param mix[4])
{
	TEE_TASessionHandle self;
	uint32_t origin = 0;
	TEE_Result res = TEE_OpenTASession(&os_test_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &self, &origin);

	if (res != TEE_SUCCESS)
		return res;
	res = TEE_InvokeTACommand(self, TEE_TIMEOUT_INFINITE, OS_TEST_CMD_TA2TA_MEMREF_MIX, T_MIX, mix, &origin);
	TEE_CloseTASession(self);
	return res;
}

static TEE_Result ta2ta_memref(void)
{
	uint8_t *in = TEE_Malloc(TA2TA_BUF_SIZE, 0), *inout = TEE_Malloc(TA2TA_BUF_SIZE, 0);
	uint8_t *out = TEE_Malloc(TA2TA_BUF_SIZE, 0);
	TEE_Param p[4] = { 0 };
	TEE_Result res;

	CHECK(in && inout && out, "TEE_Malloc(2 KiB) returned NULL");
	TEE_MemFill(in, 5, TA2TA_BUF_SIZE);
	TEE_MemFill(inout, 10, TA2TA_BUF_SIZE);
	p[0].memref.buffer = in;
	p[1].memref.buffer = inout;
	p[2].memref.buffer = out;
	p[0].memref.size = p[1].memref.size = p[2].memref.size = TA2TA_BUF_SIZE;
	/* out = ++inout + in: 5, 11, 16; then all + 1: 6, 12, 17; then again: 6, 13, 19 */
	res = mix_on_self(p);
	CHECK(res == TEE_SUCCESS, "MIX on itself: 0x%08x", res);
	for (int i = 0; i < TA2TA_BUF_SIZE; i++) {
		in[i]++;
		inout[i]++;
		out[i]++;
	}
	res = mix_on_self(p);
	CHECK(res == TEE_SUCCESS, "MIX on itself: 0x%08x", res);
	for (int i = 0; i < TA2TA_BUF_SIZE; i++)
		CHECK(in[i] == 6 && inout[i] == 13 && out[i] == 19,
		      "after two MIX calls byte %d is in %d, inout %d, out %d instead of 6, 13, 19", i, in[i],
		      inout[i], out[i]);
	TEE_Free(in);
	TEE_Free(inout);
	TEE_Free(out);
	return TEE_SUCCESS;
}

static TEE_Result self_check(uint32_t pt, TEE_Param params[4], TEE_Result (*checks)(void))
{
	if (pt != 0 && pt != T_MEMREF_OUT)
		return TEE_ERROR_BAD_PARAMETERS;
	return report(checks(), pt == T_MEMREF_OUT ? &params[0] : NULL);
}

static TEE_Result memref_mix(uint32_t pt, TEE_Param params[4])
{
	uint8_t *in = params[0].memref.buffer, *inout = params[1].memref.buffer, *out = params[2].memref.buffer;
	size_t n = params[0].memref.size;

	if (pt != T_MIX || params[1].memref.size != n || params[2].memref.size != n)
		return TEE_ERROR_BAD_PARAMETERS;
	for (size_t i = 0; i < n; i++) {
		inout[i]++;
		out[i] = inout[i] + in[i];
	}
	return TEE_SUCCESS;
}

static TEE_Result ta2ta_memref_size0(uint32_t pt, TEE_Param params[4])
{
	if (pt != T_MIX)
		return TEE_ERROR_BAD_PARAMETERS;
	for (int i = 0; i < 3; i++)
		if (!params[i].memref.buffer || params[i].memref.size)
			return TEE_ERROR_BAD_PARAMETERS;
	return mix_on_self(params);
}

static void report_invoke(TEE_TASessionHandle peer, uint32_t command, TEE_Param *report_to)
{
	uint32_t origin = 0;
	TEE_Result res = TEE_InvokeTACommand(peer, TEE_TIMEOUT_INFINITE, command, 0, NULL, &origin);

	report_to->value.a = res;
	report_to->value.b = origin;
}

static TEE_Result call_panicking_ta(uint32_t pt, TEE_Param params[4])
{
	TEE_TASessionHandle peer;
	uint32_t origin = 0;
	TEE_Result res;

	if (pt != PT(VALUE_OUTPUT, VALUE_OUTPUT, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	res = TEE_OpenTASession(&os_test_uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &peer, &origin);
	if (res != TEE_SUCCESS)
		return res;
	report_invoke(peer, OS_TEST_CMD_PANIC, &params[0]);
	report_invoke(peer, OS_TEST_CMD_INIT, &params[1]);
	TEE_CloseTASession(peer);
	return TEE_SUCCESS;
}

static TEE_Result open_ta_session(uint32_t pt, TEE_Param params[4])
{
	TEE_TASessionHandle s;
	TEE_UUID uuid;
	uint32_t origin = 0;

	if (pt != PT(MEMREF_INPUT, VALUE_OUTPUT, NONE, NONE) || params[0].memref.size != sizeof(uuid))
		return TEE_ERROR_BAD_PARAMETERS;
	memcpy(&uuid, params[0].memref.buffer, sizeof(uuid));
	TEE_Result res = TEE_OpenTASession(&uuid, TEE_TIMEOUT_INFINITE, 0, NULL, &s, &origin);
	params[1].value.a = res;
	params[1].value.b = origin;
	if (res == TEE_SUCCESS)
		TEE_CloseTASession(s);
	return TEE_SUCCESS;
}

/* ---- the callee sides and parameter checks */

static TEE_Result params_access(uint32_t pt, TEE_Param params[4])
{
	void *p0 = params[0].memref.buffer;
	size_t n = params[0].memref.size;
	TEE_Result res;

	if (pt != PT(MEMREF_INPUT, MEMREF_INPUT, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	res = TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ | TEE_MEMORY_ACCESS_ANY_OWNER, p0, n);
	if (res != TEE_SUCCESS)
		return res;
	if (TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_READ, p0, n) != TEE_ERROR_ACCESS_DENIED)
		return TEE_ERROR_GENERIC;
	if (params[1].memref.buffer || params[1].memref.size)
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

static TEE_Result params_all_set(uint32_t pt, TEE_Param params[4])
{
	if (pt != PT(MEMREF_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	for (int i = 0; i < 4; i++)
		if (!params[i].memref.buffer || !params[i].memref.size)
			return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

static TEE_Result null_memref_params(uint32_t pt, TEE_Param params[4])
{
	if (pt != PT(MEMREF_INPUT, MEMREF_INPUT, MEMREF_OUTPUT, MEMREF_OUTPUT))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!params[0].memref.buffer || params[0].memref.size || params[1].memref.buffer || params[1].memref.size ||
	    !params[2].memref.buffer || params[2].memref.size || params[3].memref.buffer || params[3].memref.size)
		return TEE_ERROR_BAD_PARAMETERS;
	return TEE_SUCCESS;
}

static TEE_Result client_identity(uint32_t pt, TEE_Param params[4])
{
	TEE_Identity id;
	TEE_Result res;

	if (pt != PT(VALUE_OUTPUT, MEMREF_OUTPUT, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (params[1].memref.size < sizeof(TEE_UUID)) {
		params[1].memref.size = sizeof(TEE_UUID);
		return TEE_ERROR_SHORT_BUFFER;
	}
	res = TEE_GetPropertyAsIdentity(TEE_PROPSET_CURRENT_CLIENT, "gpd.client.identity", &id);
	if (res != TEE_SUCCESS)
		return res;
	params[0].value.a = id.login;
	memcpy(params[1].memref.buffer, &id.uuid, sizeof(TEE_UUID));
	params[1].memref.size = sizeof(TEE_UUID);
	return TEE_SUCCESS;
}

static bool is_memref(uint32_t t)
{
	return t == TEE_PARAM_TYPE_MEMREF_INPUT || t == TEE_PARAM_TYPE_MEMREF_OUTPUT ||
	       t == TEE_PARAM_TYPE_MEMREF_INOUT;
}

static TEE_Result echo(uint32_t pt, TEE_Param params[4])
{
	int first_input = -1;
	uint32_t sum = 0, length = 0;
	bool short_buffer = false;

	for (int i = 0; i < 4; i++) {
		uint32_t t = TEE_PARAM_TYPE_GET(pt, i);
		if (t == TEE_PARAM_TYPE_MEMREF_INPUT || t == TEE_PARAM_TYPE_MEMREF_INOUT) {
			const uint8_t *b = params[i].memref.buffer;
			for (size_t k = 0; k < params[i].memref.size; k++)
				sum += b[k];
			length += params[i].memref.size;
			if (t == TEE_PARAM_TYPE_MEMREF_INPUT && first_input < 0)
				first_input = i;
		}
	}
	for (int i = 0; i < 4; i++) {
		uint8_t *b = params[i].memref.buffer;
		switch (TEE_PARAM_TYPE_GET(pt, i)) {
		case TEE_PARAM_TYPE_VALUE_INOUT:
			params[i].value.a++;
			params[i].value.b++;
			break;
		case TEE_PARAM_TYPE_VALUE_OUTPUT:
			params[i].value.a = sum;
			params[i].value.b = length;
			break;
		case TEE_PARAM_TYPE_MEMREF_INOUT:
			for (size_t k = 0; k < params[i].memref.size; k++)
				b[k]++;
			break;
		case TEE_PARAM_TYPE_MEMREF_OUTPUT:
			if (first_input < 0) {
				memset(b, 0xa0 + i, params[i].memref.size);
			} else if (params[i].memref.size < params[first_input].memref.size) {
				params[i].memref.size = params[first_input].memref.size;
				short_buffer = true;
			} else {
				memcpy(b, params[first_input].memref.buffer, params[first_input].memref.size);
				params[i].memref.size = params[first_input].memref.size;
			}
			break;
		default:
			break;
		}
	}
	return short_buffer ? TEE_ERROR_SHORT_BUFFER : TEE_SUCCESS;
}

static TEE_Result short_buffer(uint32_t pt, TEE_Param params[4])
{
	uint32_t needed = params[0].value.a;
	uint8_t *out = params[1].memref.buffer;

	if (pt != PT(VALUE_INPUT, MEMREF_OUTPUT, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (params[1].memref.size < needed) {
		params[1].memref.size = needed;
		return TEE_ERROR_SHORT_BUFFER;
	}
	for (uint32_t i = 0; i < needed; i++)
		out[i] = (uint8_t)i;
	params[1].memref.size = needed;
	return TEE_SUCCESS;
}

static TEE_Result wait_masked(uint32_t pt, TEE_Param params[4])
{
	uint32_t p1 = TEE_PARAM_TYPE_GET(pt, 1);

	if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_VALUE_INPUT ||
	    (p1 != TEE_PARAM_TYPE_NONE && p1 != TEE_PARAM_TYPE_VALUE_OUTPUT) ||
	    TEE_PARAM_TYPE_GET(pt, 2) != TEE_PARAM_TYPE_NONE || TEE_PARAM_TYPE_GET(pt, 3) != TEE_PARAM_TYPE_NONE)
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_MaskCancellation();
	TEE_Result res = TEE_Wait(params[0].value.a);
	bool while_masked = TEE_GetCancellationFlag();
	TEE_UnmaskCancellation();
	bool after_unmask = TEE_GetCancellationFlag();
	if (p1 == TEE_PARAM_TYPE_VALUE_OUTPUT) {
		params[1].value.a = after_unmask;
		params[1].value.b = while_masked;
	}
	return res;
}

/* ---- bad accesses (xtest 1010): none of these returns */

/* Through volatile pointers, so the compiler emits the accesses it could prove are undefined. */
static uint8_t *volatile null_pointer;
static void (*volatile null_function)(void);

static uint32_t recurse(uint32_t depth)
{
	volatile char frame[64];

	frame[depth % sizeof(frame)] = (char)depth;
	return recurse(depth + 1) + frame[0];
}

/* Far from the heap, the stack and the parameters, as os_test's "stack + 0x40000000". */
static volatile uint8_t *wild_address(void)
{
	static volatile uint8_t anchor;

	return (volatile uint8_t *)((uintptr_t)&anchor + 0x40000000UL);
}

static TEE_Result bad_mem_access(uint32_t pt, TEE_Param params[4])
{
	uint32_t p1 = TEE_PARAM_TYPE_GET(pt, 1);
	volatile uint8_t *b = params[1].memref.buffer;
	uint8_t *block;

	if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_VALUE_INPUT ||
	    (p1 != TEE_PARAM_TYPE_NONE && !is_memref(p1)) ||
	    TEE_PARAM_TYPE_GET(pt, 2) != TEE_PARAM_TYPE_NONE || TEE_PARAM_TYPE_GET(pt, 3) != TEE_PARAM_TYPE_NONE)
		return TEE_ERROR_BAD_PARAMETERS;
	switch (params[0].value.a) {
	case 1: /* NULL write */
		*null_pointer = 0;
		break;
	case 2: /* wild write */
		*wild_address() = 0;
		break;
	case 3: /* call through NULL */
		null_function();
		break;
	case 4: /* jump to a wild address */
		((void (*)(void))(uintptr_t)wild_address())();
		break;
	case 5: /* undefined instruction */
		__builtin_trap();
		break;
	case 6: /* read through TEE_Malloc(0)'s pointer */
		block = TEE_Malloc(0, TEE_MALLOC_FILL_ZERO);
		return *(volatile uint8_t *)block;
	case 7: /* write through TEE_Malloc(0)'s pointer */
		block = TEE_Malloc(0, TEE_MALLOC_FILL_ZERO);
		*(volatile uint8_t *)block = 0;
		break;
	case 8: /* NULL read */
		return *null_pointer;
	case 13: /* write into an INPUT memref */
		if (p1 != TEE_PARAM_TYPE_MEMREF_INPUT || !params[1].memref.size)
			return TEE_ERROR_BAD_PARAMETERS;
		b[0] = 0x55;
		break;
	case 16: /* recursion until the stack is gone */
		return recurse(0);
	case 18: /* wild read */
		return *wild_address();
	case 19: /* double free: the heap panics */
		block = TEE_Malloc(16, TEE_MALLOC_FILL_ZERO);
		TEE_Free(block);
		TEE_Free(block);
		break;
	case 9: case 10: case 11: case 12: case 14: case 15: case 17: case 20:
		/*
		 * The JVM's checked heap, memrefs and exceptions: in C, as on OP-TEE, a byte past a heap
		 * block or a memref's size lies in mapped memory and a freed block stays mapped.
		 */
		return TEE_ERROR_NOT_SUPPORTED;
	default:
		return TEE_SUCCESS;
	}
	/* reached only if the access did not fault: the test sees SUCCESS instead of TARGET_DEAD */
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt, TEE_Param params[4])
{
	TEE_UnmaskCancellation();
	switch (cmd) {
	case OS_TEST_CMD_INIT:
		return TEE_SUCCESS;
	case OS_TEST_CMD_CLIENT_WITH_TIMEOUT:
		return client_with_timeout(pt, params);
	case OS_TEST_CMD_BASIC:
		return basic(pt, params);
	case OS_TEST_CMD_PANIC:
		TEE_Panic(pt == T_VALUE_IN ? params[0].value.a : OS_TEST_PANIC_CODE);
		return TEE_ERROR_GENERIC;
	case OS_TEST_CMD_CLIENT:
		return self_check(pt, params, client);
	case OS_TEST_CMD_PARAMS_ACCESS:
		return params_access(pt, params);
	case OS_TEST_CMD_WAIT:
		return pt == T_VALUE_IN ? TEE_Wait(params[0].value.a) : TEE_ERROR_BAD_PARAMETERS;
	case OS_TEST_CMD_BAD_MEM_ACCESS:
		return bad_mem_access(pt, params);
	case OS_TEST_CMD_TA2TA_MEMREF:
		return self_check(pt, params, ta2ta_memref);
	case OS_TEST_CMD_TA2TA_MEMREF_MIX:
		return memref_mix(pt, params);
	case OS_TEST_CMD_PARAMS:
		return params_all_set(pt, params);
	case OS_TEST_CMD_NULL_MEMREF_PARAMS:
		return null_memref_params(pt, params);
	case OS_TEST_CMD_CLIENT_IDENTITY:
		return client_identity(pt, params);
	case OS_TEST_CMD_TA2TA_MEMREF_SIZE0:
		return ta2ta_memref_size0(pt, params);
	case OS_TEST_CMD_ECHO:
		return echo(pt, params);
	case OS_TEST_CMD_SHORT_BUFFER:
		return short_buffer(pt, params);
	case OS_TEST_CMD_WAIT_MASKED:
		return wait_masked(pt, params);
	case OS_TEST_CMD_MALLOC_NO_FILL:
		return TEE_Malloc(16, TEE_MALLOC_NO_FILL) ? TEE_SUCCESS : TEE_ERROR_OUT_OF_MEMORY;
	case OS_TEST_CMD_CALL_PANICKING_TA:
		return call_panicking_ta(pt, params);
	case OS_TEST_CMD_TA2TA_MEMREF_PARAMS:
		return pt == T_MIX ? mix_on_self(params) : TEE_ERROR_BAD_PARAMETERS;
	case OS_TEST_CMD_OPEN_TA_SESSION:
		return open_ta_session(pt, params);
	case 21: case 22:           /* TLS (xtest 1029) */
	case 25: case 26: case 27: case 28: case 29: /* C++ (xtest 1031) */
	case 30: case 31:           /* PAUTH (xtest 1036) */
	case 33: case 34: case 35: case 36: /* MTE (xtest 1038) */
	case 38: case 39: case 40: case 41: case 42: /* ASAN (xtest 1042) */
		return TEE_ERROR_NOT_SUPPORTED;
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
