/*
 * The seed article's TA in C, for jtee's native runtime: the same commands, memory modes and
 * results as the Java SeedTa (examples/.../seed/SeedTa.java, whose Javadoc defines CMD_PROCESS's
 * arithmetic), with OP-TEE's sizes (TA_STACK_SIZE 2 KiB, TA_DATA_SIZE 32 KiB). On this real 2 KiB
 * stack a local buffer overrun (CMD_OVERRUN) smashes the canary — "stack smashing detected",
 * panic 0xffff300f — and a too-deep CMD_RECURSE runs into the guard page: a data abort. Either
 * way the client sees TARGET_DEAD, origin TEE.
 */
#include <string.h>
#include <tee_internal_api.h>
#include <tee_ta_api.h>
#include <seed_ta.h>
#include "sha256.h"

#define CONTEXT_SIZE 256
#define MIN_WORK 1024
#define MAX_WORK (6 * 1024)
#define MIN_KEY_STREAM 128
#define MAX_KEY_STREAM 512
#define TEMP_SIZE 64
#define STATIC_BUFFER_SIZE (MAX_WORK + TEMP_SIZE + MAX_KEY_STREAM)
#define DIGEST_SIZE 32
#define DIGEST_INPUT (DIGEST_SIZE + 8 + 4 + 4 + 4)

/* The session's context on the heap, as the Java TA lays it out (little-endian fields). */
#define CTX_COUNTER 0
#define CTX_DIGEST 8
#define CTX_MODE 40
#define CTX_SESSION 44
#define CTX_KEY_STREAM 48 /* the dynamic mode's key-stream block (a pointer) */

#define PT(a, b, c, d) TEE_PARAM_TYPES(TEE_PARAM_TYPE_##a, TEE_PARAM_TYPE_##b, \
				       TEE_PARAM_TYPE_##c, TEE_PARAM_TYPE_##d)

static uint8_t *static_buffer;
static uint64_t calls;
static uint32_t dynamic_sessions;
static uint32_t static_sessions;
static uint32_t sessions_opened;

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* 1 KiB + 256·((31n + 5·(c mod 21)) mod 21), at least n rounded up to 256. */
static uint32_t work_size(uint32_t n, uint64_t counter)
{
	uint32_t w = MIN_WORK + (uint32_t)(((uint64_t)n * 31 + (counter % 21) * 5) % 21) * 256;
	uint32_t min = (n + 255) & ~255u;

	return w > min ? w : min;
}

/* 128 + 128·((n + c) mod 4). */
static uint32_t key_stream_size(uint32_t n, uint64_t counter)
{
	return MIN_KEY_STREAM + ((n + (uint32_t)(counter & 3)) & 3) * 128;
}

/* CRC-32C (Castagnoli, reflected 0x82F63B78), as java.util.zip.CRC32C. */
static uint32_t crc32c(const uint8_t *p, size_t n)
{
	uint32_t crc = 0xFFFFFFFFu;

	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0x82F63B78u & (0u - (crc & 1)));
	}
	return ~crc;
}

static void *alloc_or_panic(size_t size)
{
	void *p = TEE_Malloc(size, TEE_MALLOC_FILL_ZERO);

	if (!p) /* like many real TAs: a failed allocation kills the instance */
		TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
	return p;
}

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
	TEE_Free(static_buffer);
	static_buffer = NULL;
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t pt, TEE_Param params[4], void **sess)
{
	uint32_t mode = TA_SEED_MODE_DYNAMIC;
	uint8_t *ctx;

	if (TEE_PARAM_TYPE_GET(pt, 0) == TEE_PARAM_TYPE_VALUE_INPUT)
		mode = params[0].value.a;
	else if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_NONE)
		return TEE_ERROR_BAD_PARAMETERS;
	if ((mode != TA_SEED_MODE_DYNAMIC && mode != TA_SEED_MODE_STATIC) || (pt & ~0xFu))
		return TEE_ERROR_BAD_PARAMETERS;
	/* a failed open is reported, not panicked: the client can retry later */
	ctx = TEE_Malloc(CONTEXT_SIZE, TEE_MALLOC_FILL_ZERO);
	if (!ctx)
		return TEE_ERROR_OUT_OF_MEMORY;
	if (mode == TA_SEED_MODE_STATIC && !static_buffer) {
		static_buffer = TEE_Malloc(STATIC_BUFFER_SIZE, TEE_MALLOC_FILL_ZERO);
		if (!static_buffer) {
			TEE_Free(ctx);
			return TEE_ERROR_OUT_OF_MEMORY;
		}
	}
	put_le32(ctx + CTX_MODE, mode);
	put_le32(ctx + CTX_SESSION, ++sessions_opened);
	if (mode == TA_SEED_MODE_STATIC)
		static_sessions++;
	else
		dynamic_sessions++;
	*sess = ctx;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess)
{
	uint8_t *ctx = sess;
	uint8_t *key_stream;

	if (!ctx)
		return;
	memcpy(&key_stream, ctx + CTX_KEY_STREAM, sizeof(key_stream));
	TEE_Free(key_stream);
	if (ctx[CTX_MODE] == TA_SEED_MODE_STATIC)
		static_sessions--;
	else
		dynamic_sessions--;
	TEE_Free(ctx);
}

static TEE_Result process(uint8_t *ctx, uint32_t pt, TEE_Param params[4])
{
	uint32_t p2 = TEE_PARAM_TYPE_GET(pt, 2);
	uint32_t n, w, t, crc, i, j, filled;
	uint8_t *work, *temp, *keys, *old_keys, *resp;
	uint8_t digest[DIGEST_SIZE], prev = 0;
	uint64_t counter;
	bool dynamic = ctx[CTX_MODE] == TA_SEED_MODE_DYNAMIC;

	if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_MEMREF_INPUT ||
	    TEE_PARAM_TYPE_GET(pt, 1) != TEE_PARAM_TYPE_MEMREF_OUTPUT ||
	    (p2 != TEE_PARAM_TYPE_NONE && p2 != TEE_PARAM_TYPE_VALUE_INPUT) ||
	    TEE_PARAM_TYPE_GET(pt, 3) != TEE_PARAM_TYPE_NONE)
		return TEE_ERROR_BAD_PARAMETERS;
	if (params[0].memref.size > TA_SEED_MAX_REQUEST)
		return TEE_ERROR_BAD_PARAMETERS;
	n = (uint32_t)params[0].memref.size;
	if (params[1].memref.size < TA_SEED_RESPONSE_SIZE) {
		params[1].memref.size = TA_SEED_RESPONSE_SIZE;
		return TEE_ERROR_SHORT_BUFFER;
	}
	counter = get_le64(ctx + CTX_COUNTER);
	memcpy(digest, ctx + CTX_DIGEST, DIGEST_SIZE);
	w = work_size(n, counter);
	if (p2 == TEE_PARAM_TYPE_VALUE_INPUT) {
		w = params[2].value.a;
		if (w < MIN_WORK || w > MAX_WORK || w < n)
			return TEE_ERROR_BAD_PARAMETERS;
	}
	t = key_stream_size(n, counter);

	if (dynamic) {
		work = alloc_or_panic(w);
		temp = alloc_or_panic(TEMP_SIZE);
		/* the session's key stream is re-allocated at this call's size, then the old one goes */
		keys = alloc_or_panic(t);
		memcpy(&old_keys, ctx + CTX_KEY_STREAM, sizeof(old_keys));
		TEE_Free(old_keys);
		memcpy(ctx + CTX_KEY_STREAM, &keys, sizeof(keys));
	} else {
		TEE_MemFill(static_buffer, 0, STATIC_BUFFER_SIZE);
		work = static_buffer;
		temp = static_buffer + MAX_WORK;
		keys = temp + TEMP_SIZE;
	}

	/* the request, copied in and repeated over the work buffer by doubling copies */
	if (n > 0) {
		TEE_MemMove(work, params[0].memref.buffer, n);
		for (filled = n; filled < w;) {
			uint32_t len = filled < w - filled ? filled : w - filled;

			TEE_MemMove(work + filled, work, len);
			filled += len;
		}
	}
	for (j = 0; j < t; j++)
		keys[j] = (uint8_t)(digest[j & 31] + j * 0x3B + (uint32_t)counter);
	/* mix: XOR with the key stream, then chain every byte to the previous one */
	for (i = 0, j = 0; i < w; i++) {
		uint8_t b = work[i] ^ keys[j];

		if (i > 0)
			b += (uint8_t)((prev << 3) | (prev >> 5));
		work[i] = b;
		prev = b;
		if (++j == t)
			j = 0;
	}
	crc = crc32c(work, w);

	/* D' = SHA-256(D || c || W || crc || n), its input assembled in the temporary */
	memcpy(temp, digest, DIGEST_SIZE);
	put_le64(temp + DIGEST_SIZE, counter);
	put_le32(temp + DIGEST_SIZE + 8, w);
	put_le32(temp + DIGEST_SIZE + 12, crc);
	put_le32(temp + DIGEST_SIZE + 16, n);
	seed_sha256(temp, DIGEST_INPUT, digest);

	/* response: D' || c+1 || W || crc; the context keeps c+1 and D' */
	resp = params[1].memref.buffer;
	memcpy(resp, digest, DIGEST_SIZE);
	put_le64(resp + DIGEST_SIZE, counter + 1);
	put_le32(resp + DIGEST_SIZE + 8, w);
	put_le32(resp + DIGEST_SIZE + 12, crc);
	params[1].memref.size = TA_SEED_RESPONSE_SIZE;
	put_le64(ctx + CTX_COUNTER, counter + 1);
	memcpy(ctx + CTX_DIGEST, digest, DIGEST_SIZE);

	if (dynamic) {
		/* freed in another order than allocated, as real code does: holes between kept blocks */
		TEE_Free(work);
		TEE_Free(temp);
	}
	calls++;
	return TEE_SUCCESS;
}

/* One frame per level with a little local state that must live on the stack. */
static uint64_t descend(uint32_t remaining, uint64_t s0, uint64_t s1, uint64_t s2, uint64_t s3)
{
	volatile uint64_t st[4];
	uint64_t below;

	if (remaining == 0)
		return s0 ^ s1 ^ s2 ^ s3;
	st[0] = s0 * 31 + remaining;
	st[1] = s1 ^ (st[0] >> 7);
	st[2] = s2 + (st[1] << 3);
	st[3] = s3 - st[2];
	below = descend(remaining - 1, st[0], st[1], st[2], st[3]);
	return below + (st[0] ^ st[1]) - (st[2] ^ st[3]);
}

static TEE_Result recurse(uint32_t pt, TEE_Param params[4])
{
	uint32_t p0 = TEE_PARAM_TYPE_GET(pt, 0);
	uint64_t sum;

	if ((p0 != TEE_PARAM_TYPE_VALUE_INPUT && p0 != TEE_PARAM_TYPE_VALUE_INOUT) || (pt & ~0xFu))
		return TEE_ERROR_BAD_PARAMETERS;
	if (params[0].value.a > INT32_MAX) /* the Java TA's depth is a signed int */
		return TEE_ERROR_BAD_PARAMETERS;
	sum = descend(params[0].value.a, 0x9E3779B97F4A7C15ull, 1, 2, 3);
	if (p0 == TEE_PARAM_TYPE_VALUE_INOUT)
		params[0].value.b = (uint32_t)(sum ^ (sum >> 32));
	return TEE_SUCCESS;
}

static TEE_Result stats(uint32_t pt, TEE_Param params[4])
{
	uint32_t p1 = TEE_PARAM_TYPE_GET(pt, 1);

	if (TEE_PARAM_TYPE_GET(pt, 0) != TEE_PARAM_TYPE_VALUE_OUTPUT ||
	    (p1 != TEE_PARAM_TYPE_NONE && p1 != TEE_PARAM_TYPE_VALUE_OUTPUT) || (pt & ~0xFFu))
		return TEE_ERROR_BAD_PARAMETERS;
	params[0].value.a = (uint32_t)calls;
	params[0].value.b = dynamic_sessions + static_sessions;
	if (p1 == TEE_PARAM_TYPE_VALUE_OUTPUT) {
		params[1].value.a = dynamic_sessions;
		params[1].value.b = static_sessions;
	}
	return TEE_SUCCESS;
}

/* The seed's bug, kept on purpose: the request goes into a fixed local buffer unchecked. */
static TEE_Result overrun(uint32_t pt, TEE_Param params[4])
{
	char header[TA_SEED_OVERRUN_BUFFER];
	volatile size_t len;

	if (pt != PT(MEMREF_INPUT, NONE, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	len = params[0].memref.size;
	memcpy(header, params[0].memref.buffer, len);
	return header[0] ? TEE_SUCCESS : TEE_ERROR_BAD_FORMAT;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess, uint32_t cmd, uint32_t pt, TEE_Param params[4])
{
	switch (cmd) {
	case TA_SEED_CMD_PROCESS:
		return process(sess, pt, params);
	case TA_SEED_CMD_RECURSE:
		return recurse(pt, params);
	case TA_SEED_CMD_STATS:
		return stats(pt, params);
	case TA_SEED_CMD_OVERRUN:
		return overrun(pt, params);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
