/*
 * Checks every example TA's command ids and parameter types against the table
 * in the README ("Example TAs"), through libteec as a host program would: the
 * documented layout gets past the TA's type check (any result but
 * BAD_PARAMETERS), and the same command with a wrong layout gets
 * TEEC_ERROR_BAD_PARAMETERS, origin TA. Commands run in the order a host
 * program sends them, so state a later command needs (a key, a prepared
 * operation) is there. Prints "ok <ta> <cmd>" or "FAIL ..." per command;
 * exits non-zero when one failed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <tee_client_api.h>

#define N TEEC_NONE
#define VI TEEC_VALUE_INPUT
#define VO TEEC_VALUE_OUTPUT
#define VIO TEEC_VALUE_INOUT
#define MI TEEC_MEMREF_TEMP_INPUT
#define MO TEEC_MEMREF_TEMP_OUTPUT
#define MIO TEEC_MEMREF_TEMP_INOUT

struct cmd {
	uint32_t id;
	uint32_t types[4];
	uint32_t a[4];		/* value a, or a memref's size */
	uint32_t wrong[4];	/* a layout the TA refuses */
};

struct ta {
	const char *name;
	TEEC_UUID uuid;
	struct cmd cmds[8];
};

/* GP algorithm ids the TAs take in values */
#define ALG_HMAC_SHA256 0x30000004
#define ALG_SHA256 0x50000004
#define ALG_ECDSA_SHA256 0x70003042
#define ALG_RSAES_PKCS1_V1_5 0x60000130

static const struct ta tas[] = {
	{ "hello_world", { 0x8aaaf200, 0x2450, 0x11e4, { 0xab, 0xe2, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b } }, {
		{ 0, { VIO, N, N, N }, { 42 }, { VI, N, N, N } },
		{ 1, { VIO, N, N, N }, { 42 }, { VO, N, N, N } },
	} },
	{ "random", { 0xb6c53aba, 0x9669, 0x4668, { 0xa7, 0xf2, 0x20, 0x56, 0x29, 0xd0, 0x0f, 0x86 } }, {
		{ 0, { MO, N, N, N }, { 16 }, { MIO, N, N, N } },
	} },
	{ "aes", { 0x5dbac793, 0xf574, 0x4871, { 0x8a, 0xd3, 0x04, 0x33, 0x1e, 0xc1, 0x7f, 0x24 } }, {
		{ 0, { VI, VI, VI, N }, { 1, 16, 1 }, { VI, VI, N, N } },		/* PREPARE CBC, 16, encrypt */
		{ 1, { MI, N, N, N }, { 16 }, { MI, MI, N, N } },			/* SET_KEY */
		{ 2, { MI, N, N, N }, { 16 }, { VI, N, N, N } },			/* SET_IV */
		{ 3, { MI, MO, N, N }, { 16, 16 }, { MI, MIO, N, N } },		/* CIPHER */
		{ 0, { VI, VI, VI, N }, { 4, 16, 1 }, { VI, VI, VI, VI } },	/* PREPARE GCM */
		{ 1, { MI, N, N, N }, { 16 }, { MO, N, N, N } },
		{ 4, { MI, MO, VI, MIO }, { 16, 16, 1, 16 }, { MI, MO, VI, MO } },	/* AUTHENC */
	} },
	{ "secure_storage", { 0xf4e750bb, 0x1437, 0x4fbf, { 0x87, 0x85, 0x8d, 0x35, 0x80, 0xc3, 0x49, 0x94 } }, {
		{ 1, { MI, MI, N, N }, { 8, 5 }, { MI, MO, N, N } },		/* WRITE_RAW */
		{ 0, { MI, MO, N, N }, { 8, 64 }, { MI, MI, N, N } },		/* READ_RAW */
		{ 2, { MI, N, N, N }, { 8 }, { VI, N, N, N } },			/* DELETE */
	} },
	{ "acipher", { 0xa734eed9, 0xd6a1, 0x4244, { 0xaa, 0x50, 0x7c, 0x99, 0x71, 0x9e, 0x7b, 0x7b } }, {
		{ 0, { VI, N, N, N }, { 2048 }, { VIO, N, N, N } },		/* GEN_KEY */
		/* ENCRYPT_DECRYPT; the wrong one is the layout jtee's acipher once took */
		{ 1, { MI, MO, VI, VI }, { 13, 256, 1, ALG_RSAES_PKCS1_V1_5 }, { VI, MI, MO, N } },
	} },
	{ "hotp", { 0x484d4143, 0x2d53, 0x4841, { 0x31, 0x20, 0x4a, 0x6f, 0x63, 0x6b, 0x65, 0x42 } }, {
		{ 0, { MI, N, N, N }, { 20 }, { VI, N, N, N } },			/* REGISTER_SHARED_KEY */
		{ 1, { VO, N, N, N }, { 0 }, { VIO, N, N, N } },			/* GET_HOTP */
	} },
	{ "sha", { 0x1dc6a16b, 0x2fba, 0x4aa1, { 0x95, 0x19, 0xea, 0x8a, 0x6c, 0x8c, 0x16, 0xe5 } }, {
		{ 0, { VI, VI, VI, N }, { ALG_HMAC_SHA256, 32, 0 }, { VI, VI, N, N } },	/* PREPARE */
		{ 1, { MI, N, N, N }, { 32 }, { MO, N, N, N } },			/* SET_KEY */
		{ 2, { MI, N, N, N }, { 0 }, { VI, N, N, N } },			/* SET_IV */
		{ 3, { MI, MO, N, N }, { 8, 64 }, { MI, MI, N, N } },		/* COMPUTE_MAC */
		{ 4, { MI, MI, N, N }, { 8, 32 }, { MI, MO, N, N } },		/* COMPARE_MAC */
		{ 5, { MI, MO, VI, N }, { 8, 64, ALG_SHA256 }, { MI, MO, N, N } },	/* COMPUTE_DIGEST */
	} },
	{ "ecdsa", { 0x1945e8e7, 0x0278, 0x4bfb, { 0xbb, 0x99, 0xaf, 0x10, 0x80, 0xb2, 0xa9, 0x34 } }, {
		{ 0, { MI, MO, VI, N }, { 8, 64, ALG_ECDSA_SHA256 }, { MI, MO, VIO, N } },	/* COMPUTE_DIGEST */
		{ 1, { N, N, N, N }, { 0 }, { VI, N, N, N } },			/* GEN_KEY */
		{ 2, { MI, MO, N, N }, { 32, 132 }, { MI, MO, VI, N } },		/* SIGN_VERIFY_DIGEST */
	} },
	{ "ecdh", { 0x50c82425, 0x94da, 0x4072, { 0xa3, 0xe0, 0x58, 0xef, 0x06, 0x37, 0x67, 0xc0 } }, {
		/* DERIVE_SELFTEST P-256; the wrong one is the VALUE_INOUT jtee's ecdh once took */
		{ 0, { VI, N, N, MO }, { 2, 0, 0, 66 }, { VIO, N, N, MO } },
	} },
	{ "sign_verify", { 0xf066f150, 0x42af, 0x404f, { 0xae, 0x32, 0xc8, 0xe6, 0xcd, 0x11, 0x7e, 0x70 } }, {
		{ 0, { MI, MO, VI, VI }, { 8, 512, 2, 2048 }, { MI, MO, VI, N } },	/* SIGN_VERIFY PSS SHA-256 */
	} },
};

static uint8_t buf[4][512];

static TEEC_Result invoke(TEEC_Session *s, const struct cmd *c, const uint32_t types[4], uint32_t *origin)
{
	TEEC_Operation op;

	memset(&op, 0, sizeof(op));
	op.paramTypes = TEEC_PARAM_TYPES(types[0], types[1], types[2], types[3]);
	for (int i = 0; i < 4; i++) {
		switch (types[i]) {
		case VI: case VO: case VIO:
			op.params[i].value.a = c->a[i];
			break;
		case MI: case MO: case MIO:
			memset(buf[i], 'k', sizeof(buf[i]));
			op.params[i].tmpref.buffer = buf[i];
			op.params[i].tmpref.size = c->a[i] ? c->a[i] : 16;
			break;
		}
	}
	return TEEC_InvokeCommand(s, c->id, &op, origin);
}

int main(void)
{
	TEEC_Context ctx;
	int failures = 0, passed = 0;

	if (TEEC_InitializeContext(NULL, &ctx) != TEEC_SUCCESS) {
		printf("FAIL initialize_context\n");
		return 2;
	}
	for (size_t t = 0; t < sizeof(tas) / sizeof(tas[0]); t++) {
		TEEC_Session s;
		uint32_t origin = 0;
		TEEC_Result res = TEEC_OpenSession(&ctx, &s, &tas[t].uuid, TEEC_LOGIN_PUBLIC, NULL, NULL, &origin);

		if (res != TEEC_SUCCESS) {
			printf("FAIL %s open: 0x%x origin %u\n", tas[t].name, res, origin);
			failures++;
			continue;
		}
		for (size_t i = 0; i < 8 && (i == 0 || tas[t].cmds[i].id || tas[t].cmds[i].types[0]); i++) {
			const struct cmd *c = &tas[t].cmds[i];
			TEEC_Result wrong = invoke(&s, c, c->wrong, &origin);
			uint32_t wrong_origin = origin;

			res = invoke(&s, c, c->types, &origin);
			if (res == TEEC_ERROR_BAD_PARAMETERS) {
				printf("FAIL %s %u: the documented layout got BAD_PARAMETERS (origin %u)\n",
				       tas[t].name, c->id, origin);
				failures++;
			} else if (wrong != TEEC_ERROR_BAD_PARAMETERS || wrong_origin != TEEC_ORIGIN_TRUSTED_APP) {
				printf("FAIL %s %u: a wrong layout got 0x%x origin %u, not BAD_PARAMETERS from the TA\n",
				       tas[t].name, c->id, wrong, wrong_origin);
				failures++;
			} else {
				printf("ok %s %u (0x%x)\n", tas[t].name, c->id, res);
				passed++;
			}
		}
		TEEC_CloseSession(&s);
	}
	TEEC_FinalizeContext(&ctx);
	printf("%d passed, %d failed\n", passed, failures);
	return failures ? 1 : 0;
}
