/* A GP storage/crypto call carried to the world (NATIVE-TAS.md §C.1). No GP types here: gpapi.c
 * (built against the dev kit's headers) and gpcall.c (the host's side) both include it. */
#ifndef GPCALL_H
#define GPCALL_H
#include <stddef.h>
#include <stdint.h>

struct gpc_buf {
	const void *in;  /* bytes copied to the world, or NULL */
	void *out;       /* where the world's written bytes go back, or NULL */
	uint64_t len;
};
struct gpc {
	uint32_t op;
	uint32_t nargs;
	uint64_t arg[8];
	uint32_t nbufs;
	struct gpc_buf buf[4];
	uint64_t written[4];
	uint32_t nret;
	uint64_t ret[8];
};
/* Runs the call in the world: its GP result; a panic answer panics the TA here (never returns). */
uint32_t gpc_run(struct gpc *c);
#endif
