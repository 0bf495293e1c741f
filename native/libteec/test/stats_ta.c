/*
 * Reads OP-TEE's stats pseudo-TA (CFG_TA_STATS) as a host program does:
 * STATS_CMD_TA_STATS asked first with a NULL buffer (SHORT_BUFFER and the size
 * needed), then for real; one struct pta_stats_ta per loaded TA, laid out by
 * this compiler. Opens a hello_world session first so one TA is loaded, prints
 * one line per record and exits non-zero when a check fails.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tee_client_api.h>

#include <hello_world_ta.h>

#define STATS_UUID { 0xd96a5b40, 0xe2c7, 0xb1af, \
	{ 0x87, 0x94, 0x10, 0x02, 0xa5, 0xd5, 0xc6, 0x1b } }
#define STATS_CMD_TA_STATS 3

/* pta_stats.h's records, written out here */
struct pta_stats_alloc {
	char desc[32];
	uint64_t free2_sum;
	uint32_t allocated;
	uint32_t max_allocated;
	uint32_t size;
	uint32_t num_alloc_fail;
	uint32_t biggest_alloc_fail;
	uint32_t biggest_alloc_fail_used;
};

struct pta_stats_ta {
	TEEC_UUID uuid;
	uint32_t panicked;
	uint32_t sess_num;
	struct pta_stats_alloc heap;
};

_Static_assert(sizeof(struct pta_stats_ta) == 88, "struct pta_stats_ta is 88 bytes");
_Static_assert(offsetof(struct pta_stats_ta, heap) == 24, "heap follows uuid, panicked, sess_num");
_Static_assert(offsetof(struct pta_stats_alloc, free2_sum) == 32, "free2_sum follows desc");

static int fail(const char *what, TEEC_Result res, uint32_t origin)
{
	fprintf(stderr, "FAIL %s: 0x%08" PRIx32 " origin %" PRIu32 "\n", what, res, origin);
	return 1;
}

int main(void)
{
	TEEC_Context ctx;
	TEEC_Session hello;
	TEEC_Session stats;
	TEEC_UUID hello_uuid = TA_HELLO_WORLD_UUID;
	TEEC_UUID stats_uuid = STATS_UUID;
	TEEC_Operation op;
	TEEC_Result res;
	uint32_t origin = 0;
	struct pta_stats_ta *records;
	size_t size;
	size_t n;
	int hello_seen = 0;

	res = TEEC_InitializeContext(NULL, &ctx);
	if (res != TEEC_SUCCESS)
		return fail("TEEC_InitializeContext", res, 0);
	res = TEEC_OpenSession(&ctx, &hello, &hello_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (res != TEEC_SUCCESS)
		return fail("open hello_world", res, origin);
	res = TEEC_OpenSession(&ctx, &stats, &stats_uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);
	if (res != TEEC_SUCCESS)
		return fail("open the stats pseudo-TA", res, origin);

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	res = TEEC_InvokeCommand(&stats, STATS_CMD_TA_STATS, &op, &origin);
	if (res != TEEC_ERROR_SHORT_BUFFER)
		return fail("size query", res, origin);
	size = op.params[0].tmpref.size;
	if (size == 0 || size % sizeof(*records)) {
		fprintf(stderr, "FAIL size %zu is not a whole number of %zu-byte records\n", size, sizeof(*records));
		return 1;
	}
	records = calloc(1, size);
	if (!records)
		return 1;
	op.params[0].tmpref.buffer = records;
	op.params[0].tmpref.size = size;
	res = TEEC_InvokeCommand(&stats, STATS_CMD_TA_STATS, &op, &origin);
	if (res != TEEC_SUCCESS)
		return fail("STATS_CMD_TA_STATS", res, origin);

	for (n = 0; n < op.params[0].tmpref.size / sizeof(*records); n++) {
		struct pta_stats_ta *r = &records[n];

		printf("ta %08" PRIx32 "-%04" PRIx16 "-%04" PRIx16 "-%02x%02x-%02x%02x%02x%02x%02x%02x"
		       " panicked %" PRIu32 " sessions %" PRIu32 " allocated %" PRIu32 " max %" PRIu32
		       " size %" PRIu32 " fails %" PRIu32 " biggest_fail %" PRIu32 " free2_sum %" PRIu64 "\n",
		       r->uuid.timeLow, r->uuid.timeMid, r->uuid.timeHiAndVersion,
		       r->uuid.clockSeqAndNode[0], r->uuid.clockSeqAndNode[1], r->uuid.clockSeqAndNode[2],
		       r->uuid.clockSeqAndNode[3], r->uuid.clockSeqAndNode[4], r->uuid.clockSeqAndNode[5],
		       r->uuid.clockSeqAndNode[6], r->uuid.clockSeqAndNode[7],
		       r->panicked, r->sess_num, r->heap.allocated, r->heap.max_allocated, r->heap.size,
		       r->heap.num_alloc_fail, r->heap.biggest_alloc_fail, r->heap.free2_sum);
		if (!memcmp(&r->uuid, &hello_uuid, sizeof(hello_uuid))) {
			hello_seen = 1;
			if (r->sess_num != 1 || r->panicked || r->heap.size == 0) {
				fprintf(stderr, "FAIL hello_world's record: %" PRIu32 " sessions, heap %" PRIu32 "\n",
					r->sess_num, r->heap.size);
				return 1;
			}
		}
	}
	if (!hello_seen) {
		fprintf(stderr, "FAIL no record for hello_world\n");
		return 1;
	}
	free(records);
	TEEC_CloseSession(&stats);
	TEEC_CloseSession(&hello);
	TEEC_FinalizeContext(&ctx);
	printf("ok\n");
	return 0;
}
