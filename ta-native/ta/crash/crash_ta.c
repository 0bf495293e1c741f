/*
 * jtee's os_test-like crash TA: one command per fault a TA can commit (TEE_Panic, a NULL write, a
 * wild read, a write into an INPUT memref, endless recursion, a smashed stack canary) and per
 * runtime service the TA host must provide (parameter checks, TEE_Wait with cancellation,
 * properties with extension properties, TEE_GenerateRandom, heap churn). The TA host's
 * crash-isolation tests drive it; see include/crash_ta.h for the commands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tee_internal_api.h>
#include <tee_ta_api.h>
#include <crash_ta.h>

#define PT(a, b, c, d) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				       TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_##d)

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

/* Through a volatile pointer, so the compiler emits the access it could prove is undefined. */
static int *volatile null_pointer;

static uint32_t recurse_forever(uint32_t depth)
{
	volatile char frame[64];

	frame[depth % sizeof(frame)] = (char)depth;
	return recurse_forever(depth + 1) + frame[0];
}

static int overrun(uint32_t n)
{
	volatile char local[16];
	volatile uint32_t len = n;
	uint32_t i;

	for (i = 0; i < len; i++)
		local[i] = (char)0xA5;
	return local[0];
}

static TEE_Result wait(TEE_Param params[4])
{
	if (params[0].value.b)
		TEE_UnmaskCancellation();
	return TEE_Wait(params[0].value.a);
}

static TEE_Result properties(TEE_Param params[4])
{
	char desc[96];
	char ext[32];
	size_t desc_len = sizeof(desc), ext_len = sizeof(ext);
	uint32_t stack = 0, ext_u32 = 0;
	TEE_Result res;

	res = TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "gpd.ta.description", desc, &desc_len);
	if (res == TEE_SUCCESS)
		res = TEE_GetPropertyAsString(TEE_PROPSET_CURRENT_TA, "org.jtee.crash.string", ext,
					      &ext_len);
	if (res == TEE_SUCCESS)
		res = TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "gpd.ta.stackSize", &stack);
	if (res == TEE_SUCCESS)
		res = TEE_GetPropertyAsU32(TEE_PROPSET_CURRENT_TA, "org.jtee.crash.u32", &ext_u32);
	if (res != TEE_SUCCESS)
		return res;
	int n = snprintf(params[0].memref.buffer, params[0].memref.size, "%s|%s", desc, ext);
	if (n < 0 || (size_t)n >= params[0].memref.size) {
		params[0].memref.size = (size_t)n + 1;
		return TEE_ERROR_SHORT_BUFFER;
	}
	params[0].memref.size = (size_t)n;
	params[1].value.a = stack;
	params[1].value.b = ext_u32;
	return TEE_SUCCESS;
}

/*
 * Allocates, grows, shrinks and frees blocks of changing sizes through TEE_Malloc/TEE_Realloc and
 * malloc/free (the same heap), checking each block's pattern survives; counts failed allocations
 * rather than panicking, so the client sees how the heap coped.
 */
static TEE_Result heap_stress(TEE_Param params[4])
{
	enum { SLOTS = 16 };
	uint8_t *block[SLOTS] = { 0 };
	size_t size[SLOTS] = { 0 };
	size_t held = 0, peak = 0;
	uint32_t failures = 0, r, i;

	for (r = 0; r < params[0].value.a; r++) {
		uint32_t s = (r * 7919u) % SLOTS;
		size_t want = 16 + ((r * 2654435761u) >> 20) % 3000;

		if (block[s]) {
			for (i = 0; i < size[s]; i++)
				if (block[s][i] != (uint8_t)(s + size[s]))
					TEE_Panic(TEE_ERROR_CORRUPT_OBJECT);
		}
		if (!block[s]) {
			block[s] = (r & 1) ? malloc(want) : TEE_Malloc(want, TEE_MALLOC_FILL_ZERO);
		} else if (r % 3 == 0) {
			uint8_t *p = TEE_Realloc(block[s], want);

			if (!p) {
				failures++;
				continue;
			}
			block[s] = p;
		} else {
			(r & 2) ? free(block[s]) : TEE_Free(block[s]);
			held -= size[s];
			block[s] = NULL;
			size[s] = 0;
			continue;
		}
		if (!block[s]) {
			failures++;
			held -= size[s];
			size[s] = 0;
			continue;
		}
		held = held - size[s] + want;
		size[s] = want;
		memset(block[s], (uint8_t)(s + want), want);
		if (held > peak)
			peak = held;
	}
	for (i = 0; i < SLOTS; i++)
		TEE_Free(block[i]);
	params[1].value.a = (uint32_t)peak;
	params[1].value.b = failures;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt, TEE_Param params[4])
{
	switch (cmd) {
	case TA_CRASH_CMD_PANIC:
		if (pt != PT(VALUE_INPUT, NONE, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_Panic(params[0].value.a);
	case TA_CRASH_CMD_NULL_WRITE:
		*null_pointer = 1;
		return TEE_ERROR_GENERIC;
	case TA_CRASH_CMD_WILD_READ:
		return *(volatile uint32_t *)TA_CRASH_WILD_ADDRESS;
	case TA_CRASH_CMD_WRITE_INPUT:
		if (pt != PT(MEMREF_INPUT, NONE, NONE, NONE) || !params[0].memref.size)
			return TEE_ERROR_BAD_PARAMETERS;
		*(volatile uint8_t *)params[0].memref.buffer = 0x5A;
		return TEE_ERROR_GENERIC;
	case TA_CRASH_CMD_RECURSE:
		return recurse_forever(0);
	case TA_CRASH_CMD_OVERRUN:
		if (pt != PT(VALUE_INPUT, NONE, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return overrun(params[0].value.a) == (char)0xA5 ? TEE_SUCCESS : TEE_ERROR_GENERIC;
	case TA_CRASH_CMD_CHECK_PARAMS:
		if (pt != PT(VALUE_INOUT, NONE, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		params[0].value.b = params[0].value.a + 1;
		return TEE_SUCCESS;
	case TA_CRASH_CMD_WAIT:
		if (pt != PT(VALUE_INPUT, NONE, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return wait(params);
	case TA_CRASH_CMD_PROPERTIES:
		if (pt != PT(MEMREF_OUTPUT, VALUE_OUTPUT, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return properties(params);
	case TA_CRASH_CMD_RANDOM:
		if (pt != PT(MEMREF_OUTPUT, NONE, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_GenerateRandom(params[0].memref.buffer, params[0].memref.size);
		return TEE_SUCCESS;
	case TA_CRASH_CMD_HEAP_STRESS:
		if (pt != PT(VALUE_INPUT, VALUE_OUTPUT, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return heap_stress(params);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}
