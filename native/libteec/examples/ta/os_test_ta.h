/* The commands of optee_test's os_test TA (and jtee's additions) used by the client API tests. */
#ifndef TA_OS_TEST_H
#define TA_OS_TEST_H

#define TA_OS_TEST_UUID \
	{ 0x5b9e0e40, 0x2636, 0x11e1, \
		{ 0xad, 0x9e, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b } }

/* p0 VALUE_INPUT a ms: TEE_Wait, cancellable (TEEC_ERROR_CANCEL, origin TA). */
#define TA_OS_TEST_CMD_WAIT 9
/* p0 TEMP_INPUT empty, p1 TEMP_INPUT null, p2 TEMP_OUTPUT empty, p3 TEMP_OUTPUT null. */
#define TA_OS_TEST_CMD_NULL_MEMREF_PARAMS 19
/* p0 VALUE_OUTPUT: the login; p1 MEMREF_OUTPUT 16 bytes: the client identity UUID. */
#define TA_OS_TEST_CMD_CLIENT_IDENTITY 20
/*
 * jtee: echoes every kind of parameter. VALUE_INOUT a+1, b+1; VALUE_OUTPUT a = sum of
 * the input bytes, b = their count; MEMREF_INOUT every byte + 1; MEMREF_OUTPUT a copy
 * of the first MEMREF_INPUT (SHORT_BUFFER with the size when too small).
 */
#define TA_OS_TEST_CMD_ECHO 100
/* jtee: p0 VALUE_INPUT a = N, p1 MEMREF_OUTPUT: smaller than N → SHORT_BUFFER, size N. */
#define TA_OS_TEST_CMD_SHORT_BUFFER 101

#endif
