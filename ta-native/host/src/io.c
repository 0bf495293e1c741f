/* Frames on the world's socket (NATIVE-TAS.md §C): one static out buffer, a buffered reader that
 * spins briefly before it blocks (a null invoke's round trip is a few microseconds). */
#include "tahost.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define OUT_CAP (256 * 1024)
#define IN_MAX (64u << 20)

static uint8_t out_buf[OUT_CAP];
static size_t out_len;
static uint8_t *in_buf;
static size_t in_cap, in_start, in_end;
static long spin_ns = 20000;

void die(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n = snprintf(line, sizeof(line), "jtee-tahost: ");
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	strcat(line, "\n");
	if (write(2, line, strlen(line)) < 0) {
		/* nothing more to say */
	}
	_exit(1);
}

void out_begin(uint16_t type, uint32_t seq)
{
	out_len = FRAME_HEADER;
	memcpy(out_buf + 4, &type, 2);
	memset(out_buf + 6, 0, 2);
	memcpy(out_buf + 8, &seq, 4);
}

size_t out_room(void)
{
	return OUT_CAP - out_len;
}

void out_bytes(const void *p, size_t n)
{
	if (n > out_room())
		n = out_room(); /* only trace text and fault names can be long: they are cut */
	memcpy(out_buf + out_len, p, n);
	out_len += n;
}

void out_u32(uint32_t v)
{
	out_bytes(&v, 4);
}

void out_u64(uint64_t v)
{
	out_bytes(&v, 8);
}

void out_send(void)
{
	uint32_t len = (uint32_t)out_len;
	size_t off = 0;
	memcpy(out_buf, &len, 4);
	while (off < out_len) {
		ssize_t n = send(H.sock, out_buf + off, out_len - off, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			_exit(0); /* the world is gone: so is the instance */
		}
		off += (size_t)n;
	}
}

static long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000L + t.tv_nsec;
}

/* One read of what is there; false when nothing came (non-blocking). The socket closing ends the host. */
static bool fill(bool block)
{
	if (in_start > 0) {
		memmove(in_buf, in_buf + in_start, in_end - in_start);
		in_end -= in_start;
		in_start = 0;
	}
	if (in_end == in_cap) {
		in_cap *= 2;
		in_buf = realloc(in_buf, in_cap);
		if (!in_buf)
			die("out of memory for a %zu-byte frame", in_cap / 2);
	}
	for (;;) {
		ssize_t n = recv(H.sock, in_buf + in_end, in_cap - in_end, block ? 0 : MSG_DONTWAIT);
		if (n > 0) {
			in_end += (size_t)n;
			return true;
		}
		if (n == 0)
			_exit(0); /* the world closed the socket */
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return false;
		_exit(0);
	}
}

static bool have_frame(struct frame *f)
{
	size_t avail = in_end - in_start;
	uint32_t len;
	if (avail < FRAME_HEADER)
		return false;
	memcpy(&len, in_buf + in_start, 4);
	if (len < FRAME_HEADER || len > IN_MAX)
		die("malformed frame from the world: length %u", len);
	if (in_buf[in_start + 6] || in_buf[in_start + 7])
		die("malformed frame from the world: reserved bytes not zero");
	if (avail < len) {
		while (in_start + len > in_cap) {
			in_cap *= 2;
			in_buf = realloc(in_buf, in_cap);
			if (!in_buf)
				die("out of memory for a %u-byte frame", len);
		}
		return false;
	}
	memcpy(&f->type, in_buf + in_start + 4, 2);
	memcpy(&f->seq, in_buf + in_start + 8, 4);
	f->body = in_buf + in_start + FRAME_HEADER;
	f->len = len - FRAME_HEADER;
	in_start += len;
	return true;
}

bool in_frame(struct frame *f, int wait_ms)
{
	if (!in_buf) {
		const char *s = getenv("JTEE_TAHOST_SPIN_US");
		in_cap = 64 * 1024;
		in_buf = malloc(in_cap);
		if (!in_buf)
			die("out of memory");
		if (s)
			spin_ns = atol(s) * 1000L;
	}
	if (have_frame(f))
		return true;
	if (wait_ms == 0) {
		while (fill(false))
			if (have_frame(f))
				return true;
		return false;
	}
	if (wait_ms < 0 && spin_ns > 0) {
		/* the world usually answers within microseconds: spin a little before sleeping */
		long until = now_ns() + spin_ns;
		do {
			if (fill(false) && have_frame(f))
				return true;
		} while (now_ns() < until);
	}
	for (;;) {
		struct pollfd p = { .fd = H.sock, .events = POLLIN };
		int r = poll(&p, 1, wait_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			return false;
		fill(false);
		if (have_frame(f))
			return true;
		if (wait_ms >= 0)
			return false; /* a partial frame: the caller's wait is over */
	}
}

uint32_t rd_u32(struct rd *r)
{
	uint32_t v;
	memcpy(&v, rd_bytes(r, 4), 4);
	return v;
}

uint64_t rd_u64(struct rd *r)
{
	uint64_t v;
	memcpy(&v, rd_bytes(r, 8), 8);
	return v;
}

const uint8_t *rd_bytes(struct rd *r, size_t n)
{
	const uint8_t *p = r->p;
	if ((size_t)(r->end - r->p) < n)
		die("malformed %s frame from the world: too short", r->what);
	r->p += n;
	return p;
}

/* A trace line as a TRACE frame; formatted into a small buffer (this runs on the TA's stack). */
void trace_line(int level, const char *fmt, ...)
{
	char text[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	out_begin(FR_TRACE, 0);
	out_u32((uint32_t)level);
	out_bytes(text, strlen(text));
	out_send();
}
