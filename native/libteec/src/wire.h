/*
 * jtee libteec: the daemon protocol (module wire, package dev.jtee.wire) as
 * the C side writes and reads it. Big-endian frames:
 *   u32 length (bytes after this field), u16 magic "JT", u8 version,
 *   u8 type, u32 requestId, body.
 * Internal to the library.
 */
#ifndef JTEE_WIRE_H
#define JTEE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#define JT_MAGIC            0x4A54
#define JT_VERSION          1
#define JT_LENGTH_BYTES     4
#define JT_HEADER_REST      8
#define JT_HEADER_BYTES     12
#define JT_DEFAULT_MAX_FRAME (8u << 20)
#define JT_MIN_MAX_FRAME    (4u << 10)
#define JT_ABSOLUTE_MAX_FRAME (64u << 20)
/* Room the daemon keeps in every frame for everything but memref bytes. */
#define JT_OVERHEAD         512

enum jt_type {
	JT_HELLO = 1,
	JT_HELLO_REPLY = 2,
	JT_OPEN_SESSION = 3,
	JT_INVOKE = 4,
	JT_CLOSE_SESSION = 5,
	JT_CANCEL = 6,
	JT_RESULT = 7,
	JT_ERROR = 8,
};

/* A growable output buffer; oom is set (and writes stop) when it cannot grow. */
struct jt_out {
	uint8_t *p;
	size_t len;
	size_t cap;
	int oom;
};

void jt_out_free(struct jt_out *o);
void jt_put_u8(struct jt_out *o, uint8_t v);
void jt_put_u16(struct jt_out *o, uint16_t v);
void jt_put_u32(struct jt_out *o, uint32_t v);
void jt_put_u64(struct jt_out *o, uint64_t v);
void jt_put_bytes(struct jt_out *o, const void *src, size_t n);
/* Starts a frame (length patched by jt_end); returns its start offset. */
size_t jt_begin(struct jt_out *o, uint8_t version, uint8_t type, uint32_t request_id);
void jt_end(struct jt_out *o, size_t start);

/* A body being read; bad is set when it is shorter than the reads ask. */
struct jt_in {
	const uint8_t *p;
	size_t len;
	size_t pos;
	int bad;
};

uint8_t jt_get_u8(struct jt_in *in);
uint16_t jt_get_u16(struct jt_in *in);
uint32_t jt_get_u32(struct jt_in *in);
uint64_t jt_get_u64(struct jt_in *in);
/* Copies n bytes to dst (dst may be NULL to skip them). */
void jt_get_bytes(struct jt_in *in, void *dst, size_t n);

#endif
