/*
 * The Client API cases of xtest 5006 and more, as a host program written for
 * OP-TEE: shared memory allocated / registered / released, whole, partial and
 * temporary memrefs, null buffers, sizes written back on SHORT_BUFFER, bad
 * parameters and their origins, cancellation, a closed session, concurrent
 * calls on one context. Prints "ok <case>" or "FAIL <case>: why" per case and
 * exits non-zero when a case failed. Optional argument: run only that case.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <tee_client_api.h>

#include "cases.h"

#include <hello_world_ta.h>
#include <os_test_ta.h>

static const TEEC_UUID hello_uuid = TA_HELLO_WORLD_UUID;
static const TEEC_UUID os_test_uuid = TA_OS_TEST_UUID;
/* a TA no TEE has (xtest's "create fail" UUID) */
static const TEEC_UUID missing_uuid = { 0x534d1192, 0x6143, 0x234c,
	{ 0x47, 0x55, 0x53, 0x52, 0x54, 0x4f, 0x4f, 0x59 } };


static TEEC_Result open_session(TEEC_Session *s, const TEEC_UUID *uuid)
{
	uint32_t origin;

	return TEEC_OpenSession(&ctx, s, uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
}

/* ---- xtest 5006 */

static void allocate_in(void)
{
	TEEC_SharedMemory shm = { .size = 1024, .flags = TEEC_MEM_INPUT };

	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	CHECK(shm.buffer != NULL && shm.size == 1024, "no buffer of 1024 bytes");
	memset(shm.buffer, 0xAB, shm.size); /* it is really ours */
	TEEC_ReleaseSharedMemory(&shm);
	CHECK(shm.buffer == NULL, "released block still has a buffer");
}

static void allocate_inout(void)
{
	TEEC_SharedMemory shm = { .size = 4, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };

	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	CHECK(shm.size == 4, "size changed");
	TEEC_ReleaseSharedMemory(&shm);
}

static void allocate_out_of_memory(void)
{
	TEEC_SharedMemory shm = { .size = SIZE_MAX, .flags = TEEC_MEM_INPUT };

	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_ERROR_OUT_OF_MEMORY);
}

static void register_in_out_inout(void)
{
	uint8_t in[] = { 32, 65, 43, 21, 98 };
	uint8_t out[] = { 56, 67, 78, 99 };
	uint8_t inout[] = { 54, 76, 23, 98, 255, 23, 86 };
	TEEC_SharedMemory a = { .buffer = in, .size = sizeof(in), .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory b = { .buffer = out, .size = sizeof(out), .flags = TEEC_MEM_OUTPUT };
	TEEC_SharedMemory c = { .buffer = inout, .size = sizeof(inout), .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };

	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &a), TEEC_SUCCESS);
	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &b), TEEC_SUCCESS);
	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &c), TEEC_SUCCESS);
	TEEC_ReleaseSharedMemory(&a);
	TEEC_ReleaseSharedMemory(&b);
	TEEC_ReleaseSharedMemory(&c);
}

static void zero_length(void)
{
	uint8_t data[1];
	TEEC_SharedMemory r = { .buffer = data, .size = 0, .flags = TEEC_MEM_OUTPUT };
	TEEC_SharedMemory a = { .size = 0, .flags = TEEC_MEM_OUTPUT };

	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &r), TEEC_SUCCESS);
	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &a), TEEC_SUCCESS);
	CHECK(a.buffer != NULL, "a zero-size block must still have a buffer");
	TEEC_ReleaseSharedMemory(&r);
	TEEC_ReleaseSharedMemory(&a);
}

static void same_memory_twice(void)
{
	uint8_t val[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 0 };
	TEEC_SharedMemory a = { .size = 32, .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory b = { .size = 32, .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory c = { .buffer = val, .size = sizeof(val), .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory d = { .buffer = val, .size = sizeof(val), .flags = TEEC_MEM_INPUT };

	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &a), TEEC_SUCCESS);
	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &b), TEEC_SUCCESS);
	CHECK(a.buffer != b.buffer, "two blocks, one buffer");
	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &c), TEEC_SUCCESS);
	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &d), TEEC_SUCCESS);
	TEEC_ReleaseSharedMemory(&a);
	TEEC_ReleaseSharedMemory(&b);
	TEEC_ReleaseSharedMemory(&c);
	TEEC_ReleaseSharedMemory(&d);
}

static void shared_memory_32k(void)
{
	static uint8_t big[32 * 1024];
	TEEC_SharedMemory a = { .size = sizeof(big), .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory r = { .buffer = big, .size = sizeof(big), .flags = TEEC_MEM_INPUT };

	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &a), TEEC_SUCCESS);
	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &r), TEEC_SUCCESS);
	TEEC_ReleaseSharedMemory(&a);
	TEEC_ReleaseSharedMemory(&r);
}

static void open_session_not_existing_ta(void)
{
	TEEC_Session s;
	uint32_t origin = 0;

	CHECK_RES(TEEC_OpenSession(&ctx, &s, &missing_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin),
		  TEEC_ERROR_ITEM_NOT_FOUND);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_TEE);
}

static void initialize_context_not_existing_tee(void)
{
	TEEC_Context c;

	CHECK_RES(TEEC_InitializeContext("Invalid TEE name", &c), TEEC_ERROR_ITEM_NOT_FOUND);
	CHECK_RES(TEEC_InitializeContext(NULL, NULL), TEEC_ERROR_BAD_PARAMETERS);
}

static void bad_flags(void)
{
	uint8_t buf[16];
	TEEC_SharedMemory a = { .size = 16, .flags = 0 };
	TEEC_SharedMemory r = { .buffer = buf, .size = 16, .flags = 0x4 };
	TEEC_SharedMemory n = { .buffer = NULL, .size = 16, .flags = TEEC_MEM_INPUT };

	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &a), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &r), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &n), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_RES(TEEC_AllocateSharedMemory(NULL, &a), TEEC_ERROR_BAD_PARAMETERS);
}

static void release_twice(void)
{
	TEEC_SharedMemory a = { .size = 16, .flags = TEEC_MEM_INPUT };

	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &a), TEEC_SUCCESS);
	TEEC_ReleaseSharedMemory(&a);
	TEEC_ReleaseSharedMemory(&a);
	TEEC_ReleaseSharedMemory(NULL);
	CHECK(a.imp.id == -1 && a.buffer == NULL, "released block not marked released");
}

/* ---- data through each kind of memref */

static void whole_memrefs(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin;
	uint8_t in_data[] = { 1, 2, 3, 4 };
	TEEC_SharedMemory in = { .buffer = in_data, .size = 4, .flags = TEEC_MEM_INPUT };
	TEEC_SharedMemory inout = { .size = 3, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	TEEC_SharedMemory out = { .size = 8, .flags = TEEC_MEM_OUTPUT };

	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &in), TEEC_SUCCESS);
	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &inout), TEEC_SUCCESS);
	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &out), TEEC_SUCCESS);
	memcpy(inout.buffer, "\x0a\x14\x1e", 3);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_MEMREF_WHOLE, TEEC_MEMREF_WHOLE, TEEC_VALUE_OUTPUT);
	op.params[0].memref.parent = &in;
	op.params[1].memref.parent = &inout;
	op.params[2].memref.parent = &out;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_SUCCESS);
	CHECK(memcmp(inout.buffer, "\x0b\x15\x1f", 3) == 0, "INOUT bytes not incremented");
	CHECK(memcmp(out.buffer, in_data, 4) == 0, "OUTPUT is not a copy of the input");
	CHECK(op.params[2].memref.size == 4, "WHOLE OUTPUT size %zu, want the 4 the TA reports", op.params[2].memref.size);
	CHECK(op.params[0].memref.size == 0, "WHOLE INPUT size must not be written (%zu)", op.params[0].memref.size);
	CHECK(op.params[3].value.a == 1 + 2 + 3 + 4 + 10 + 20 + 30 && op.params[3].value.b == 7,
	      "the TA saw sum %u length %u", op.params[3].value.a, op.params[3].value.b);
	TEEC_ReleaseSharedMemory(&in);
	TEEC_ReleaseSharedMemory(&inout);
	TEEC_ReleaseSharedMemory(&out);
	TEEC_CloseSession(&s);
}

static void partial_memrefs(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin;
	TEEC_SharedMemory shm = { .size = 64, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	uint8_t *b;

	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	b = shm.buffer;
	for (int i = 0; i < 16; i++)
		b[i] = (uint8_t)(i + 1);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT, TEEC_MEMREF_PARTIAL_OUTPUT,
					 TEEC_MEMREF_PARTIAL_INOUT, TEEC_NONE);
	op.params[0].memref = (TEEC_RegisteredMemoryReference){ &shm, 4, 4 };
	op.params[1].memref = (TEEC_RegisteredMemoryReference){ &shm, 8, 32 };
	op.params[2].memref = (TEEC_RegisteredMemoryReference){ &shm, 2, 12 };
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_SUCCESS);
	CHECK(memcmp(b + 32, "\x05\x06\x07\x08", 4) == 0, "OUTPUT window does not hold the input window");
	CHECK(op.params[1].memref.size == 4, "PARTIAL OUTPUT size %zu, want 4", op.params[1].memref.size);
	CHECK(b[12] == 14 && b[13] == 15, "INOUT window not incremented");
	CHECK(b[14] == 15, "the byte after the INOUT window changed");
	CHECK(b[36] == 0, "written past the reported output");
	CHECK(op.params[0].memref.size == 4, "PARTIAL INPUT size changed");
	TEEC_ReleaseSharedMemory(&shm);
	TEEC_CloseSession(&s);
}

static void overlapping_windows_alias(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin;
	TEEC_SharedMemory shm = { .size = 16, .flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT };
	uint8_t *b;

	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	b = shm.buffer;
	for (int i = 0; i < 16; i++)
		b[i] = (uint8_t)i;
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT, TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].memref = (TEEC_RegisteredMemoryReference){ &shm, 4, 0 };
	op.params[1].memref = (TEEC_RegisteredMemoryReference){ &shm, 4, 8 };
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_SUCCESS);
	uint8_t want[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15 };

	CHECK(memcmp(b, want, 16) == 0, "the TA's write did not land in place");
	TEEC_ReleaseSharedMemory(&shm);
	TEEC_CloseSession(&s);
}

static void temp_memrefs_and_values(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin;
	uint8_t in[] = { 7, 8, 9 };
	uint8_t out[5] = { 0 };

	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_VALUE_INPUT);
	op.params[0].value.a = 41;
	op.params[0].value.b = 99;
	op.params[1].tmpref.buffer = in;
	op.params[1].tmpref.size = sizeof(in);
	op.params[2].tmpref.buffer = out;
	op.params[2].tmpref.size = sizeof(out);
	op.params[3].value.a = 5;
	op.params[3].value.b = 6;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_SUCCESS);
	CHECK(op.params[0].value.a == 42 && op.params[0].value.b == 100, "VALUE_INOUT %u %u", op.params[0].value.a, op.params[0].value.b);
	CHECK(memcmp(out, "\x07\x08\x09\x00\x00", 5) == 0, "TEMP OUTPUT content");
	CHECK(op.params[2].tmpref.size == 3, "TEMP OUTPUT size %zu, want 3", op.params[2].tmpref.size);
	CHECK(op.params[1].tmpref.size == 3, "TEMP INPUT size changed");
	CHECK(op.params[3].value.a == 5 && op.params[3].value.b == 6, "VALUE_INPUT changed");
	TEEC_CloseSession(&s);
}

static void large_temp_memref(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin;
	size_t n = 1 << 20;
	uint8_t *buf = malloc(n);

	CHECK(buf != NULL, "no memory");
	if (!buf)
		return;
	for (size_t i = 0; i < n; i++)
		buf[i] = (uint8_t)i;
	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = n;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_SUCCESS);
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		if (buf[i] != (uint8_t)(i + 1))
			bad++;
	CHECK(bad == 0, "%zu of %zu bytes not incremented", bad, n);
	free(buf);
	TEEC_CloseSession(&s);
}

static void too_large_for_a_frame(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	size_t n = 16u << 20;
	uint8_t *buf = calloc(1, n);

	CHECK(buf != NULL, "no memory");
	if (!buf)
		return;
	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = buf;
	op.params[0].tmpref.size = n;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_ERROR_OUT_OF_MEMORY);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_COMMS);
	free(buf);
	TEEC_CloseSession(&s);
}

static void short_buffer_temp(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	uint8_t small[10];
	uint8_t big[100];

	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 100;
	op.params[1].tmpref.buffer = small;
	op.params[1].tmpref.size = sizeof(small);
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_SHORT_BUFFER, &op, &origin), TEEC_ERROR_SHORT_BUFFER);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_TRUSTED_APP);
	CHECK(op.params[1].tmpref.size == 100, "size %zu written back on SHORT_BUFFER, want 100", op.params[1].tmpref.size);

	op.params[1].tmpref.buffer = big;
	op.params[1].tmpref.size = sizeof(big);
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_SHORT_BUFFER, &op, &origin), TEEC_SUCCESS);
	CHECK(op.params[1].tmpref.size == 100 && big[99] == 99, "retry with the size asked for");
	TEEC_CloseSession(&s);
}

static void short_buffer_partial(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_SharedMemory shm = { .size = 16, .flags = TEEC_MEM_OUTPUT };

	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	CHECK_RES(TEEC_AllocateSharedMemory(&ctx, &shm), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 40;
	op.params[1].memref = (TEEC_RegisteredMemoryReference){ &shm, 16, 0 };
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_SHORT_BUFFER, &op, &origin), TEEC_ERROR_SHORT_BUFFER);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_TRUSTED_APP);
	CHECK(op.params[1].memref.size == 40, "size %zu written back, want 40", op.params[1].memref.size);
	TEEC_ReleaseSharedMemory(&shm);
	TEEC_CloseSession(&s);
}

/* ---- null buffers (xtest 1025) */

static void null_memrefs(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	uint8_t empty[1];

	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_INPUT,
					 TEEC_MEMREF_TEMP_OUTPUT, TEEC_MEMREF_TEMP_OUTPUT);
	op.params[0].tmpref = (TEEC_TempMemoryReference){ empty, 0 };
	op.params[1].tmpref = (TEEC_TempMemoryReference){ NULL, 0 };
	op.params[2].tmpref = (TEEC_TempMemoryReference){ empty, 0 };
	op.params[3].tmpref = (TEEC_TempMemoryReference){ NULL, 0 };
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_NULL_MEMREF_PARAMS, &op, &origin), TEEC_SUCCESS);

	/* a NULL buffer with a size is refused before anything is sent */
	op.params[1].tmpref = (TEEC_TempMemoryReference){ NULL, 4 };
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_NULL_MEMREF_PARAMS, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_API);
	TEEC_CloseSession(&s);
}

/* ---- bad parameters and their origins */

static void bad_parameters(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	uint8_t buf[8];
	TEEC_SharedMemory in = { .buffer = buf, .size = 8, .flags = TEEC_MEM_INPUT };

	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	CHECK_RES(TEEC_RegisterSharedMemory(&ctx, &in), TEEC_SUCCESS);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(0x4, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_API);

	/* a window past the block's end */
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].memref = (TEEC_RegisteredMemoryReference){ &in, 4, 6 };
	origin = 0;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_API);

	/* offset + size wrapping around */
	op.params[0].memref = (TEEC_RegisteredMemoryReference){ &in, SIZE_MAX, 2 };
	origin = 0;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_API);

	/* an output window on an input-only block */
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].memref = (TEEC_RegisteredMemoryReference){ &in, 4, 0 };
	origin = 0;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_API);

	/* a released block: the driver no longer knows it */
	TEEC_ReleaseSharedMemory(&in);
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_WHOLE, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].memref = (TEEC_RegisteredMemoryReference){ &in, 0, 0 };
	origin = 0;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_COMMS);

	/* no session */
	origin = 0;
	CHECK_RES(TEEC_InvokeCommand(NULL, 0, NULL, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_API);
	TEEC_CloseSession(&s);
}

static void ta_errors_and_origins(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;

	CHECK_RES(TEEC_OpenSession(&ctx, &s, &hello_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin), TEEC_SUCCESS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_TRUSTED_APP); /* xtest 1009: the origin of a successful open */
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 7;
	CHECK_RES(TEEC_InvokeCommand(&s, 77, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_TRUSTED_APP);
	CHECK(op.params[0].value.a == 7, "value changed by a failed call");
	CHECK_RES(TEEC_InvokeCommand(&s, TA_HELLO_WORLD_CMD_DEC_VALUE, &op, &origin), TEEC_SUCCESS);
	CHECK(op.params[0].value.a == 6, "DEC_VALUE gave %u", op.params[0].value.a);
	TEEC_CloseSession(&s);
}

static void closed_session(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;

	CHECK_RES(open_session(&s, &hello_uuid), TEEC_SUCCESS);
	TEEC_CloseSession(&s);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	CHECK_RES(TEEC_InvokeCommand(&s, TA_HELLO_WORLD_CMD_INC_VALUE, &op, &origin), TEEC_ERROR_BAD_PARAMETERS);
	CHECK_ORIGIN(origin, TEEC_ORIGIN_COMMS);
}

static void login_user(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	TEEC_UUID id;

	CHECK_RES(TEEC_OpenSession(&ctx, &s, &os_test_uuid, TEEC_LOGIN_USER, NULL, NULL, &origin), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[1].tmpref.buffer = &id;
	op.params[1].tmpref.size = sizeof(id);
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_CLIENT_IDENTITY, &op, &origin), TEEC_SUCCESS);
	CHECK(op.params[0].value.a == TEEC_LOGIN_USER, "the TA saw login %u", op.params[0].value.a);
	/* the identity the kernel derives, a version 5 UUID, in a TEEC_UUID struct (xtest 1027 memcmps it) */
	CHECK(id.timeHiAndVersion >> 12 == 5, "client identity is not a UUIDv5");
	TEEC_CloseSession(&s);
}

/* ---- cancellation */

struct waiter {
	TEEC_Session *s;
	TEEC_Operation op;
	TEEC_Result res;
	uint32_t origin;
	int done;
};

static void *wait_in_ta(void *arg)
{
	struct waiter *w = arg;

	w->res = TEEC_InvokeCommand(w->s, TA_OS_TEST_CMD_WAIT, &w->op, &w->origin);
	__atomic_store_n(&w->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void cancellation(void)
{
	TEEC_Session s;
	struct waiter w;
	pthread_t t;
	TEEC_Operation never_used;

	memset(&never_used, 0, sizeof(never_used));
	TEEC_RequestCancellation(&never_used); /* not started: nothing happens */
	TEEC_RequestCancellation(NULL);

	CHECK_RES(open_session(&s, &os_test_uuid), TEEC_SUCCESS);
	memset(&w, 0, sizeof(w));
	w.s = &s;
	w.op.started = 0;
	w.op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	w.op.params[0].value.a = 20000; /* ms: far longer than the test waits */
	pthread_create(&t, NULL, wait_in_ta, &w);
	/* cancel repeatedly until the call ends: the first requests may come before it runs */
	struct timespec pause = { 0, 50 * 1000 * 1000 };

	for (int i = 0; i < 200; i++) {
		nanosleep(&pause, NULL);
		TEEC_RequestCancellation(&w.op);
		if (__atomic_load_n(&w.done, __ATOMIC_ACQUIRE))
			break;
	}
	pthread_join(t, NULL);
	CHECK_RES(w.res, TEEC_ERROR_CANCEL);
	CHECK_ORIGIN(w.origin, TEEC_ORIGIN_TRUSTED_APP);
	TEEC_CloseSession(&s);
}

/* ---- many threads on one context */

#define THREADS 4
#define CALLS 200

static void *count_up(void *arg)
{
	int *bad = arg;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin;

	if (open_session(&s, &hello_uuid) != TEEC_SUCCESS) {
		*bad = CALLS;
		return NULL;
	}
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	for (uint32_t i = 0; i < CALLS; i++) {
		op.params[0].value.a = i * 1000;
		if (TEEC_InvokeCommand(&s, TA_HELLO_WORLD_CMD_INC_VALUE, &op, &origin) != TEEC_SUCCESS ||
		    op.params[0].value.a != i * 1000 + 1)
			(*bad)++;
	}
	TEEC_CloseSession(&s);
	return NULL;
}

static void concurrent_calls(void)
{
	pthread_t t[THREADS];
	int bad[THREADS] = { 0 };
	int total = 0;

	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, count_up, &bad[i]);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(t[i], NULL);
		total += bad[i];
	}
	CHECK(total == 0, "%d of %d calls went wrong", total, THREADS * CALLS);
}

/* ---- the runner */

static const struct test_case cases[] = {
	{ "allocate_in", allocate_in },
	{ "allocate_inout", allocate_inout },
	{ "allocate_out_of_memory", allocate_out_of_memory },
	{ "register_in_out_inout", register_in_out_inout },
	{ "zero_length", zero_length },
	{ "same_memory_twice", same_memory_twice },
	{ "shared_memory_32k", shared_memory_32k },
	{ "open_session_not_existing_ta", open_session_not_existing_ta },
	{ "initialize_context_not_existing_tee", initialize_context_not_existing_tee },
	{ "bad_flags", bad_flags },
	{ "release_twice", release_twice },
	{ "whole_memrefs", whole_memrefs },
	{ "partial_memrefs", partial_memrefs },
	{ "overlapping_windows_alias", overlapping_windows_alias },
	{ "temp_memrefs_and_values", temp_memrefs_and_values },
	{ "large_temp_memref", large_temp_memref },
	{ "too_large_for_a_frame", too_large_for_a_frame },
	{ "short_buffer_temp", short_buffer_temp },
	{ "short_buffer_partial", short_buffer_partial },
	{ "null_memrefs", null_memrefs },
	{ "bad_parameters", bad_parameters },
	{ "ta_errors_and_origins", ta_errors_and_origins },
	{ "closed_session", closed_session },
	{ "login_user", login_user },
	{ "cancellation", cancellation },
	{ "concurrent_calls", concurrent_calls },
};

int main(int argc, char *argv[])
{
	return run_cases(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
