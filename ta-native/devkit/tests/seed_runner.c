/*
 * A minimal stand-in host for the dev kit's tests: dlopens the C seed TA (GP 1.3 ABI), gives it
 * the few Internal Core API functions it calls over the C library, and runs the commands named on
 * the command line in one session, printing each result:
 *   open MODE | process HEX [W] | recurse DEPTH | stats | overrun LEN
 * A smashed canary prints "stack smashing detected" and exits 3; TEE_Panic prints the code and
 * exits 4. The real TA host (ta-native/host) is tested on its own; this checks the TA and the
 * dev kit's libutils, built as any TA.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef union {
	struct { void *buffer; size_t size; } memref;
	struct { uint32_t a, b; } value;
} Param;

#define PT(a, b, c, d) ((a) | ((b) << 4) | ((c) << 8) | ((d) << 12))

void *jtee_heap_alloc(size_t size, uint32_t hint) { return calloc(1, size ? size : 1); }
void *jtee_heap_realloc(void *p, size_t size) { return realloc(p, size); }
void jtee_heap_free(void *p) { free(p); }
void jtee_trace(int level, const char *text) { fprintf(stderr, "trace %d: %s\n", level, text); }
void jtee_stack_chk_fail(void) { printf("stack smashing detected\n"); fflush(stdout); _Exit(3); }
void TEE_Panic(uint32_t code) { printf("panic 0x%x\n", code); fflush(stdout); _Exit(4); }
void *TEE_Malloc(size_t size, uint32_t hint) { return jtee_heap_alloc(size, hint); }
void TEE_Free(void *p) { free(p); }
void TEE_MemMove(void *d, const void *s, size_t n) { memmove(d, s, n); }
void TEE_MemFill(void *d, uint32_t x, size_t n) { memset(d, (int)x, n); }

static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = strlen(s) / 2;

	for (size_t i = 0; i < n; i++)
		sscanf(s + 2 * i, "%2hhx", &out[i]);
	return n;
}

int main(int argc, char **argv)
{
	void *ta = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
	uint32_t (*open_session)(uint32_t, Param *, void **);
	uint32_t (*invoke)(void *, uint32_t, uint32_t, Param *);
	uint32_t (*create)(void);
	void *sess = NULL;
	static uint8_t req[8192], resp[64];

	if (!ta) {
		fprintf(stderr, "%s\n", dlerror());
		return 2;
	}
	create = (uint32_t (*)(void))dlsym(ta, "TA_CreateEntryPoint");
	open_session = (uint32_t (*)(uint32_t, Param *, void **))dlsym(ta, "TA_OpenSessionEntryPoint");
	invoke = (uint32_t (*)(void *, uint32_t, uint32_t, Param *))dlsym(ta, "TA_InvokeCommandEntryPoint");
	if (!create || !open_session || !invoke || create())
		return 2;
	for (int i = 2; i < argc; i++) {
		Param p[4];
		uint32_t res;

		memset(p, 0, sizeof(p));
		if (!strcmp(argv[i], "open")) {
			p[0].value.a = (uint32_t)atoi(argv[++i]);
			res = open_session(PT(1, 0, 0, 0), p, &sess);
			printf("open %x\n", res);
		} else if (!strcmp(argv[i], "process")) {
			uint32_t pt = PT(5, 6, 0, 0);

			p[0].memref.buffer = req;
			p[0].memref.size = unhex(argv[++i], req);
			p[1].memref.buffer = resp;
			p[1].memref.size = sizeof(resp);
			if (i + 1 < argc && argv[i + 1][0] >= '0' && argv[i + 1][0] <= '9' && strlen(argv[i + 1]) < 6) {
				p[2].value.a = (uint32_t)atoi(argv[++i]);
				pt = PT(5, 6, 1, 0);
			}
			res = invoke(sess, 0, pt, p);
			printf("process %x ", res);
			for (size_t j = 0; j < p[1].memref.size; j++)
				printf("%02x", resp[j]);
			printf("\n");
		} else if (!strcmp(argv[i], "recurse")) {
			p[0].value.a = (uint32_t)atoi(argv[++i]);
			res = invoke(sess, 1, PT(3, 0, 0, 0), p);
			printf("recurse %x %u\n", res, p[0].value.b);
		} else if (!strcmp(argv[i], "stats")) {
			res = invoke(sess, 2, PT(2, 2, 0, 0), p);
			printf("stats %x %u %u %u %u\n", res, p[0].value.a, p[0].value.b, p[1].value.a, p[1].value.b);
		} else if (!strcmp(argv[i], "overrun")) {
			size_t n = (size_t)atoi(argv[++i]);

			memset(req, 'A', n);
			p[0].memref.buffer = req;
			p[0].memref.size = n;
			res = invoke(sess, 3, PT(5, 0, 0, 0), p);
			printf("overrun %x\n", res);
		}
		fflush(stdout);
	}
	return 0;
}
