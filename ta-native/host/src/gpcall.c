/* The host's side of GP storage/crypto calls: a REQUEST frame with the TA's buffers copied into the
 * shared memory past the running entry's memrefs, then its REPLY (NATIVE-TAS.md §C.1). */
#include "gpcall.h"
#include "tahost.h"

#include <string.h>
#include <unistd.h>

void gpc_panic(const char *reason, uint32_t code) __attribute__((noreturn));

uint32_t gpc_run(struct gpc *c)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	uint64_t cursor = (H.shm_used_end + page - 1) / page * page, off[4];
	for (uint32_t i = 0; i < c->nbufs; i++) {
		off[i] = cursor;
		cursor += (c->buf[i].len + 15) / 8 * 8;
	}
	if (cursor > H.shm_size) {
		uint64_t size = (cursor + page - 1) / page * page;
		if (ftruncate(H.shm_fd, (off_t)size))
			gpc_panic("the shared memory cannot grow", TEE_ERROR_OUT_OF_MEMORY);
		shm_grow(size);
	}
	uint32_t seq = ++H.req_seq;
	out_begin(FR_REQUEST, seq);
	out_u32(c->op);
	out_u32(c->nargs);
	for (uint32_t i = 0; i < c->nargs; i++)
		out_u64(c->arg[i]);
	out_u64(H.shm_size);
	out_u32(c->nbufs);
	for (uint32_t i = 0; i < c->nbufs; i++) {
		if (c->buf[i].in && c->buf[i].len)
			memcpy(H.shm + off[i], c->buf[i].in, c->buf[i].len);
		out_u64(off[i]);
		out_u64(c->buf[i].len);
	}
	out_send();
	struct frame f;
	for (;;) {
		in_frame(&f, -1);
		if (f.type == FR_REPLY && f.seq == seq)
			break;
		entry_frame(&f);
	}
	struct rd r = { f.body, f.body + f.len, "REPLY" };
	uint32_t res = rd_u32(&r);
	rd_u32(&r); /* origin: always the TEE's */
	uint32_t panic = rd_u32(&r);
	c->nret = rd_u32(&r);
	if (c->nret > 8)
		die("malformed REPLY frame from the world: %u values", c->nret);
	for (uint32_t i = 0; i < c->nret; i++)
		c->ret[i] = rd_u64(&r);
	uint32_t n = rd_u32(&r);
	if (n != c->nbufs)
		die("malformed REPLY frame from the world: %u buffers for %u", n, c->nbufs);
	for (uint32_t i = 0; i < n; i++) {
		c->written[i] = rd_u64(&r);
		if (c->buf[i].out && c->written[i] && c->written[i] <= c->buf[i].len)
			memcpy(c->buf[i].out, H.shm + off[i], c->written[i]);
	}
	if (panic) {
		char why[512];
		size_t len = (size_t)(r.end - r.p);
		if (len > sizeof(why) - 1)
			len = sizeof(why) - 1;
		memcpy(why, r.p, len);
		why[len] = 0;
		gpc_panic(why, res);
	}
	return res;
}

/* The world's "panic with this code": the reason as an error line, then the TA's own TEE_Panic path. */
void gpc_panic(const char *reason, uint32_t code)
{
	if (reason && *reason)
		trace_line(1, "%s", reason);
	fault_from_ta(FAULT_PANIC, code);
}
