#ifndef CRASH_TA_H
#define CRASH_TA_H

/* jtee's os_test-like TA: each command one fault kind or one runtime service (GP 1.3 ABI). */
#define TA_CRASH_UUID \
	{ 0xc2a5ba5e, 0x0e57, 0x4a11, { 0x9c, 0x3d, 0x0b, 0x5a, 0xb0, 0xe1, 0xd1, 0xe5 } }

#define TA_CRASH_CMD_PANIC         0  /* p0 VALUE_INPUT a: TEE_Panic(a) */
#define TA_CRASH_CMD_NULL_WRITE    1  /* writes through a NULL pointer: data abort at 0x0 */
#define TA_CRASH_CMD_WILD_READ     2  /* reads TA_CRASH_WILD_ADDRESS: data abort there */
#define TA_CRASH_CMD_WRITE_INPUT   3  /* p0 MEMREF_INPUT: writes into it: data abort (read-only) */
#define TA_CRASH_CMD_RECURSE       4  /* recursion without end: data abort at the stack guard */
#define TA_CRASH_CMD_OVERRUN       5  /* p0 VALUE_INPUT a: writes a bytes into a 16-byte local
					 * array; a > 16 smashes the canary: panic 0xffff300f */
#define TA_CRASH_CMD_CHECK_PARAMS  6  /* p0 VALUE_INOUT only (else BAD_PARAMETERS): b = a + 1 */
#define TA_CRASH_CMD_WAIT          7  /* p0 VALUE_INPUT a: ms, b: 1 = unmask cancellation first;
					 * returns TEE_Wait's result (CANCEL when cancelled) */
#define TA_CRASH_CMD_PROPERTIES    8  /* p0 MEMREF_OUTPUT: "<gpd.ta.description>|<org.jtee.crash.string>",
					 * p1 VALUE_OUTPUT a: gpd.ta.stackSize, b: org.jtee.crash.u32 */
#define TA_CRASH_CMD_RANDOM        9  /* p0 MEMREF_OUTPUT: TEE_GenerateRandom bytes */
#define TA_CRASH_CMD_HEAP_STRESS  10  /* p0 VALUE_INPUT a: rounds; p1 VALUE_OUTPUT a: most bytes held
					 * at once, b: failed allocations; every block checked */

#define TA_CRASH_WILD_ADDRESS 0x10000UL
#define TA_CRASH_EXT_U32 0x2a

#endif
