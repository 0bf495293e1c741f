/*
 * Byte-level conformance, as OP-TEE's own host programs exercise it, through
 * jtee's libteec: TEEC_UUID structs in memrefs (os_test and sims), the client
 * identity os_test writes back, optee_examples' current acipher and ecdh
 * layouts, NOT_SUPPORTED for os_test's hardware-feature commands, and
 * TEEC_RegisterSharedMemoryFileDescriptor with a memfd. Prints "ok <case>" or
 * "FAIL <case>: why" per case; exits non-zero when one failed. Optional
 * argument: run only that case.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <tee_client_api.h>
#include <tee_client_api_extensions.h>

#include "cases.h"

#include <hello_world_ta.h>
#include <os_test_ta.h>

#define TA_OS_TEST_CMD_OPEN_TA_SESSION 106
#define TA_SIMS_UUID { 0xe6a33ed4, 0x562b, 0x463a, { 0xbb, 0x7e, 0xff, 0x5e, 0x15, 0xa4, 0x93, 0xc8 } }
#define TA_SIMS_CMD_OPEN_TA_SESSION 5
#define TA_ACIPHER_UUID { 0xa734eed9, 0xd6a1, 0x4244, { 0xaa, 0x50, 0x7c, 0x99, 0x71, 0x9e, 0x7b, 0x7b } }
#define TA_ACIPHER_CMD_GEN_KEY 0
#define TA_ACIPHER_CMD_ENCRYPT_DECRYPT 1
#define TA_ALG_PKCS1_V1_5 0x60000130
#define TA_ALG_OAEP_MGF1_SHA256 0x60410230
#define TA_ECDH_UUID { 0x50c82425, 0x94da, 0x4072, { 0xa3, 0xe0, 0x58, 0xef, 0x06, 0x37, 0x67, 0xc0 } }
#define TA_ECDH_ECC_CURVE_NIST_P256 2


static TEEC_Result open_session(TEEC_Session *s, TEEC_UUID uuid, uint32_t login)
{
	uint32_t origin;

	return TEEC_OpenSession(&ctx, s, &uuid, login, NULL, NULL, &origin);
}

/* xtest 1008 / 1021: the TA opens a session on a UUID it reads from a memref holding the struct */
static void uuid_struct_in_memref(void)
{
	const TEEC_UUID hello = TA_HELLO_WORLD_UUID;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;

	CHECK_RES(open_session(&s, (TEEC_UUID)TA_OS_TEST_UUID, TEEC_LOGIN_PUBLIC), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_VALUE_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)&hello;
	op.params[0].tmpref.size = sizeof(hello);
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_OPEN_TA_SESSION, &op, &origin), TEEC_SUCCESS);
	CHECK(op.params[1].value.a == TEEC_SUCCESS, "os_test's TEE_OpenTASession on hello_world: 0x%x origin %u",
	      op.params[1].value.a, op.params[1].value.b);
	TEEC_CloseSession(&s);

	CHECK_RES(open_session(&s, (TEEC_UUID)TA_SIMS_UUID, TEEC_LOGIN_PUBLIC), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].tmpref.buffer = (void *)&hello;
	op.params[0].tmpref.size = sizeof(hello);
	CHECK_RES(TEEC_InvokeCommand(&s, TA_SIMS_CMD_OPEN_TA_SESSION, &op, &origin), TEEC_SUCCESS);
	TEEC_CloseSession(&s);
}

/*
 * xtest 1027: the client identity comes back as a TEEC_UUID struct. It is a
 * UUIDv5, so the struct's fields, read as a C program reads them, say version 5
 * and the RFC 4122 variant (the test prints it for the Java side to compare).
 */
static void client_identity_struct(void)
{
	TEEC_Session s;
	TEEC_Operation op;
	TEEC_UUID id;
	uint32_t origin = 0;

	CHECK_RES(open_session(&s, (TEEC_UUID)TA_OS_TEST_UUID, TEEC_LOGIN_USER), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	memset(&id, 0, sizeof(id));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_OUTPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_NONE, TEEC_NONE);
	op.params[1].tmpref.buffer = &id;
	op.params[1].tmpref.size = sizeof(id);
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_CLIENT_IDENTITY, &op, &origin), TEEC_SUCCESS);
	CHECK(op.params[0].value.a == TEEC_LOGIN_USER, "login 0x%x", op.params[0].value.a);
	CHECK(id.timeHiAndVersion >> 12 == 5, "timeHiAndVersion 0x%04x is not a version 5 UUID's", id.timeHiAndVersion);
	CHECK((id.clockSeqAndNode[0] & 0xc0) == 0x80, "clockSeqAndNode[0] 0x%02x is not RFC 4122's variant",
	      id.clockSeqAndNode[0]);
	printf("identity %08x-%04x-%04x-", id.timeLow, id.timeMid, id.timeHiAndVersion);
	for (int i = 0; i < 8; i++)
		printf(i == 2 ? "-%02x" : "%02x", id.clockSeqAndNode[i]);
	printf("\n");
	TEEC_CloseSession(&s);
}

/* optee_examples acipher/host/main.c today: ENCRYPT_DECRYPT (in, out, mode, algorithm), sized by SHORT_BUFFER */
static size_t acipher_call(TEEC_Session *s, void *in, size_t in_len, void **out, uint32_t mode, uint32_t alg)
{
	TEEC_Operation op;
	uint32_t origin = 0;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_TEMP_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_VALUE_INPUT, TEEC_VALUE_INPUT);
	op.params[0].tmpref.buffer = in;
	op.params[0].tmpref.size = in_len;
	op.params[2].value.a = mode;
	op.params[3].value.a = alg;
	CHECK_RES(TEEC_InvokeCommand(s, TA_ACIPHER_CMD_ENCRYPT_DECRYPT, &op, &origin), TEEC_ERROR_SHORT_BUFFER);
	CHECK(origin == TEEC_ORIGIN_TRUSTED_APP, "origin %u", origin);
	*out = calloc(1, op.params[1].tmpref.size + 1);
	op.params[1].tmpref.buffer = *out;
	CHECK_RES(TEEC_InvokeCommand(s, TA_ACIPHER_CMD_ENCRYPT_DECRYPT, &op, &origin), TEEC_SUCCESS);
	return op.params[1].tmpref.size;
}

static void acipher_upstream(void)
{
	static const uint32_t algs[] = { TA_ALG_PKCS1_V1_5, TA_ALG_OAEP_MGF1_SHA256 };
	char msg[] = "hello acipher";
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;

	CHECK_RES(open_session(&s, (TEEC_UUID)TA_ACIPHER_UUID, TEEC_LOGIN_PUBLIC), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].value.a = 2048;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_ACIPHER_CMD_GEN_KEY, &op, &origin), TEEC_SUCCESS);
	for (size_t i = 0; i < 2 && !failed_checks; i++) {
		void *ct = NULL, *pt = NULL;
		size_t n = acipher_call(&s, msg, strlen(msg), &ct, 1, algs[i]);

		CHECK(n == 256, "ciphertext of %zu bytes", n);
		n = acipher_call(&s, ct, n, &pt, 0, algs[i]);
		CHECK(n == strlen(msg) && !memcmp(pt, msg, n), "decrypted text differs (algorithm 0x%x)", algs[i]);
		free(ct);
		free(pt);
	}
	TEEC_CloseSession(&s);
}

/* optee_examples ecdh/host/main.c today: the curve in p0 VALUE_INPUT, the size needed in p3 */
static void ecdh_upstream(void)
{
	uint8_t secret[66];
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;

	CHECK_RES(open_session(&s, (TEEC_UUID)TA_ECDH_UUID, TEEC_LOGIN_PUBLIC), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_NONE, TEEC_NONE, TEEC_MEMREF_TEMP_OUTPUT);
	op.params[0].value.a = TA_ECDH_ECC_CURVE_NIST_P256;
	op.params[3].tmpref.buffer = secret;
	op.params[3].tmpref.size = 4;
	CHECK_RES(TEEC_InvokeCommand(&s, 0, &op, &origin), TEEC_ERROR_SHORT_BUFFER);
	CHECK(op.params[3].tmpref.size == 32, "size needed %zu, want 32", op.params[3].tmpref.size);
	op.params[3].tmpref.size = sizeof(secret);
	CHECK_RES(TEEC_InvokeCommand(&s, 0, &op, &origin), TEEC_SUCCESS);
	CHECK(op.params[3].tmpref.size == 32, "secret of %zu bytes", op.params[3].tmpref.size);
	TEEC_CloseSession(&s);
}

/* xtest 1029/1031/1036/1038/1042 skip on NOT_SUPPORTED, origin TA */
static void os_test_unsupported_features(void)
{
	static const uint32_t cmds[] = { 21, 22, 25, 26, 27, 28, 29, 30, 31, 33, 34, 35, 36, 38, 39, 40, 41, 42 };
	TEEC_Session s;
	uint32_t origin = 0;

	CHECK_RES(open_session(&s, (TEEC_UUID)TA_OS_TEST_UUID, TEEC_LOGIN_PUBLIC), TEEC_SUCCESS);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		TEEC_Result res = TEEC_InvokeCommand(&s, cmds[i], NULL, &origin);

		CHECK(res == TEEC_ERROR_NOT_SUPPORTED && origin == TEEC_ORIGIN_TRUSTED_APP,
		      "command %u: 0x%x origin %u", cmds[i], res, origin);
	}
	TEEC_CloseSession(&s);
}

/* a memfd registered as shared memory: the TA's writes show in the caller's own mapping */
static void register_memfd(void)
{
	const size_t size = 8192;
	TEEC_SharedMemory shm;
	TEEC_Session s;
	TEEC_Operation op;
	uint32_t origin = 0;
	int fd = memfd_create("jtee-shm", MFD_CLOEXEC);
	uint8_t *view = NULL;

	CHECK(fd >= 0 && ftruncate(fd, (off_t)size) == 0, "memfd_create");
	view = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(view != MAP_FAILED, "mmap of the memfd");
	if (failed_checks)
		return;
	for (size_t i = 0; i < size; i++)
		view[i] = (uint8_t)i;
	memset(&shm, 0, sizeof(shm));
	shm.flags = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	CHECK_RES(TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, fd), TEEC_SUCCESS);
	close(fd); /* the library keeps its own */
	CHECK(shm.size == size && shm.buffer == NULL, "size %zu buffer %p: want %zu and NULL, as OP-TEE",
	      shm.size, shm.buffer, size);

	CHECK_RES(open_session(&s, (TEEC_UUID)TA_OS_TEST_UUID, TEEC_LOGIN_PUBLIC), TEEC_SUCCESS);
	memset(&op, 0, sizeof(op));
	/* ECHO adds one to every byte of a MEMREF_INOUT */
	op.paramTypes = TEEC_PARAM_TYPES(TEEC_MEMREF_PARTIAL_INOUT, TEEC_NONE, TEEC_NONE, TEEC_NONE);
	op.params[0].memref.parent = &shm;
	op.params[0].memref.offset = 4096;
	op.params[0].memref.size = 16;
	CHECK_RES(TEEC_InvokeCommand(&s, TA_OS_TEST_CMD_ECHO, &op, &origin), TEEC_SUCCESS);
	CHECK(view[4096] == (uint8_t)(4096 + 1) && view[4111] == (uint8_t)(4111 + 1) && view[4112] == (uint8_t)4112
	      && view[4095] == (uint8_t)4095, "the TA's writes are not (only) where the partial memref was");
	TEEC_CloseSession(&s);
	TEEC_ReleaseSharedMemory(&shm);
	munmap(view, size);

	/* what cannot be supported: a pipe (as a dma-buf, not a regular file); a closed descriptor */
	int p[2];
	CHECK(pipe(p) == 0, "pipe");
	memset(&shm, 0, sizeof(shm));
	shm.flags = TEEC_MEM_INPUT;
	CHECK_RES(TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, p[0]), TEEC_ERROR_NOT_SUPPORTED);
	close(p[0]);
	close(p[1]);
	CHECK_RES(TEEC_RegisterSharedMemoryFileDescriptor(&ctx, &shm, p[0]), TEEC_ERROR_BAD_PARAMETERS);
	CHECK(shm.size == 0, "a failed registration changed the block");
}

static const struct test_case cases[] = {
	{ "uuid_struct_in_memref", uuid_struct_in_memref },
	{ "client_identity_struct", client_identity_struct },
	{ "acipher_upstream", acipher_upstream },
	{ "ecdh_upstream", ecdh_upstream },
	{ "os_test_unsupported_features", os_test_unsupported_features },
	{ "register_memfd", register_memfd },
};

int main(int argc, char *argv[])
{
	return run_cases(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
