#ifndef SEED_TA_H
#define SEED_TA_H

/*
 * The seed article's TA in C: the commands and both memory modes of the Java SeedTa
 * (examples/.../seed/SeedTa.java), its own UUID, and OVERRUN, the local buffer overrun that
 * really smashed the seed's 2 KiB stack.
 */
#define TA_SEED_UUID \
	{ 0x5eed7a00, 0x0c1d, 0x4f3e, { 0x9a, 0x0b, 0x2e, 0x0f, 0x7e, 0xe0, 0xc0, 0xdf } }

#define TA_SEED_CMD_PROCESS 0 /* p0 MEMREF_INPUT request, p1 MEMREF_OUTPUT response (48 bytes),
			       * p2 NONE or VALUE_INPUT a = work size */
#define TA_SEED_CMD_RECURSE 1 /* p0 VALUE_INPUT/INOUT a = depth; INOUT: a = depth, b = checksum */
#define TA_SEED_CMD_STATS   2 /* p0 VALUE_OUTPUT a = calls, b = sessions; p1 NONE or VALUE_OUTPUT
			       * a = dynamic sessions, b = static sessions */
#define TA_SEED_CMD_OVERRUN 3 /* p0 MEMREF_INPUT: copied into a 64-byte local buffer without a
			       * bound check: more than 64 bytes smash the canary (0xffff300f) */

#define TA_SEED_MODE_DYNAMIC 0 /* open p0 VALUE_INPUT a (or p0 NONE): allocate per call */
#define TA_SEED_MODE_STATIC  1 /* one buffer per instance, reset with TEE_MemFill */

#define TA_SEED_RESPONSE_SIZE 48
#define TA_SEED_MAX_REQUEST 4096
#define TA_SEED_OVERRUN_BUFFER 64

#endif
