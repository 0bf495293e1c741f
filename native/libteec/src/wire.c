/* jtee libteec: big-endian encoding helpers for the daemon protocol. */
#include "wire.h"

#include <stdlib.h>
#include <string.h>

void jt_out_free(struct jt_out *o)
{
	free(o->p);
	o->p = NULL;
	o->len = 0;
	o->cap = 0;
}

static int reserve(struct jt_out *o, size_t n)
{
	if (o->oom)
		return 0;
	if (n > SIZE_MAX - o->len) {
		o->oom = 1;
		return 0;
	}
	if (o->len + n <= o->cap)
		return 1;
	size_t cap = o->cap ? o->cap : 256;
	while (cap < o->len + n) {
		if (cap > SIZE_MAX / 2) {
			cap = o->len + n;
			break;
		}
		cap *= 2;
	}
	uint8_t *p = realloc(o->p, cap);
	if (!p) {
		o->oom = 1;
		return 0;
	}
	o->p = p;
	o->cap = cap;
	return 1;
}

void jt_put_u8(struct jt_out *o, uint8_t v)
{
	if (reserve(o, 1))
		o->p[o->len++] = v;
}

void jt_put_u16(struct jt_out *o, uint16_t v)
{
	if (reserve(o, 2)) {
		o->p[o->len++] = (uint8_t)(v >> 8);
		o->p[o->len++] = (uint8_t)v;
	}
}

void jt_put_u32(struct jt_out *o, uint32_t v)
{
	if (reserve(o, 4)) {
		for (int shift = 24; shift >= 0; shift -= 8)
			o->p[o->len++] = (uint8_t)(v >> shift);
	}
}

void jt_put_u64(struct jt_out *o, uint64_t v)
{
	jt_put_u32(o, (uint32_t)(v >> 32));
	jt_put_u32(o, (uint32_t)v);
}

void jt_put_bytes(struct jt_out *o, const void *src, size_t n)
{
	if (n && reserve(o, n)) {
		memcpy(o->p + o->len, src, n);
		o->len += n;
	}
}

size_t jt_begin(struct jt_out *o, uint8_t version, uint8_t type, uint32_t request_id)
{
	size_t start = o->len;

	jt_put_u32(o, 0);
	jt_put_u16(o, JT_MAGIC);
	jt_put_u8(o, version);
	jt_put_u8(o, type);
	jt_put_u32(o, request_id);
	return start;
}

void jt_end(struct jt_out *o, size_t start)
{
	if (o->oom)
		return;
	uint32_t n = (uint32_t)(o->len - start - JT_LENGTH_BYTES);

	o->p[start] = (uint8_t)(n >> 24);
	o->p[start + 1] = (uint8_t)(n >> 16);
	o->p[start + 2] = (uint8_t)(n >> 8);
	o->p[start + 3] = (uint8_t)n;
}

static int need(struct jt_in *in, size_t n)
{
	if (in->bad || n > in->len - in->pos) {
		in->bad = 1;
		return 0;
	}
	return 1;
}

uint8_t jt_get_u8(struct jt_in *in)
{
	return need(in, 1) ? in->p[in->pos++] : 0;
}

uint16_t jt_get_u16(struct jt_in *in)
{
	if (!need(in, 2))
		return 0;
	uint16_t v = (uint16_t)((in->p[in->pos] << 8) | in->p[in->pos + 1]);

	in->pos += 2;
	return v;
}

uint32_t jt_get_u32(struct jt_in *in)
{
	if (!need(in, 4))
		return 0;
	const uint8_t *b = in->p + in->pos;

	in->pos += 4;
	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

uint64_t jt_get_u64(struct jt_in *in)
{
	uint64_t hi = jt_get_u32(in);

	return (hi << 32) | jt_get_u32(in);
}

void jt_get_bytes(struct jt_in *in, void *dst, size_t n)
{
	if (!need(in, n))
		return;
	if (dst && n)
		memcpy(dst, in->p + in->pos, n);
	in->pos += n;
}
