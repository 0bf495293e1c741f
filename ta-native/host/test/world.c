/* A stand-in world for jtee-tahost's tests: it plays the world's side of NATIVE-TAS.md §C (a listening
 * Unix socket, the shared-memory file, the frames) against the real host running the test TAs. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *host_bin, *ta13, *ta11, *ta_kit, *ta_bigint13, *ta_bigint11;
static int failures, checks;

#define CHECK(cond, ...)                                                      \
	do {                                                                  \
		checks++;                                                     \
		if (!(cond)) {                                                \
			failures++;                                           \
			fprintf(stderr, "FAIL %s:%d: %s: ", __func__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                         \
			fprintf(stderr, "\n");                                \
		}                                                             \
	} while (0)

enum { CREATE = 1, OPEN, INVOKE, CLOSE, DESTROY, CANCEL, REPLY, HELLO = 0x81, DONE, TRACE, FAULT, REQUEST };
#define SHM_SIZE (256 * 1024)
#define PAGE 4096

struct host {
	pid_t pid;
	int sock, shm_fd, err_fd;
	uint8_t *shm;
	uint64_t shm_size;
	char dir[64];
	uint32_t abi, seq;
	uint64_t stack_base, stack_size;
};

struct params {
	uint32_t types;
	uint64_t a[4], b[4];
};

struct heap {
	uint32_t size, allocated, max_allocated, fails, biggest_fail, biggest_fail_used;
	uint64_t free2;
	uint32_t live;
	uint64_t allocs, frees;
};

struct result {
	int end; /* DONE, FAULT, or 0: the socket closed */
	uint32_t result, origin;
	struct params p;
	struct heap heap;
	uint64_t stack_peak;
	uint32_t kind, code;
	uint64_t addr;
	char regions[2048], frames[4096], trace[512];
};

static uint8_t buf[1 << 20];

static void put32(uint8_t **p, uint32_t v)
{
	memcpy(*p, &v, 4);
	*p += 4;
}

static void put64(uint8_t **p, uint64_t v)
{
	memcpy(*p, &v, 8);
	*p += 8;
}

static void putbytes(uint8_t **p, const void *s, size_t n)
{
	memcpy(*p, s, n);
	*p += n;
}

static uint32_t get32(const uint8_t **p)
{
	uint32_t v;
	memcpy(&v, *p, 4);
	*p += 4;
	return v;
}

static uint64_t get64(const uint8_t **p)
{
	uint64_t v;
	memcpy(&v, *p, 8);
	*p += 8;
	return v;
}

static void send_raw(struct host *h, const void *p, size_t n)
{
	if (send(h->sock, p, n, MSG_NOSIGNAL) != (ssize_t)n)
		fprintf(stderr, "send: %s\n", strerror(errno));
}

static uint32_t send_frame(struct host *h, uint16_t type, uint32_t seq, const uint8_t *body, size_t len)
{
	uint8_t f[65536];
	uint32_t l = (uint32_t)(len + 12);
	memcpy(f, &l, 4);
	memcpy(f + 4, &type, 2);
	memset(f + 6, 0, 2);
	memcpy(f + 8, &seq, 4);
	if (len)
		memcpy(f + 12, body, len); /* a frame without a body passes NULL, which memcpy may not take */
	send_raw(h, f, l);
	return seq;
}

static bool read_full(int fd, void *p, size_t n, int timeout_ms)
{
	uint8_t *q = p;
	while (n) {
		struct pollfd pf = { .fd = fd, .events = POLLIN };
		if (poll(&pf, 1, timeout_ms) <= 0)
			return false;
		ssize_t r = read(fd, q, n);
		if (r <= 0)
			return false;
		q += r;
		n -= (size_t)r;
	}
	return true;
}

/* Next frame: its type (0 when the socket closed), body in buf */
static uint16_t read_frame(struct host *h, uint32_t *seq, size_t *len)
{
	uint8_t hd[12];
	uint32_t l;
	uint16_t type;
	if (!read_full(h->sock, hd, 12, 20000))
		return 0;
	memcpy(&l, hd, 4);
	memcpy(&type, hd + 4, 2);
	if (seq)
		memcpy(seq, hd + 8, 4);
	if (l < 12 || l - 12 > sizeof(buf) || !read_full(h->sock, buf, l - 12, 20000))
		return 0;
	*len = l - 12;
	return type;
}

static void put_prop(uint8_t **p, uint32_t type, const char *name, const void *v, uint32_t len)
{
	put32(p, type);
	put32(p, (uint32_t)strlen(name));
	putbytes(p, name, strlen(name));
	put32(p, len);
	putbytes(p, v, len);
}

static const struct { uint32_t a; uint16_t b, c; uint8_t d[8]; } ta_uuid = { 0x11223344, 0x1234, 0x5678, { 1, 2, 3, 4, 5, 6, 7, 8 } },
								  client_uuid = { 0xc11e47, 1, 2, { 3, 4, 5, 6, 7, 8, 9, 0 } };

static bool start(struct host *h, const char *ta)
{
	memset(h, 0, sizeof(*h));
	strcpy(h->dir, "/tmp/jtee-tahost-test-XXXXXX");
	if (!mkdtemp(h->dir))
		return false;
	char sock_path[128], shm_path[128];
	snprintf(sock_path, sizeof(sock_path), "%s/s", h->dir);
	snprintf(shm_path, sizeof(shm_path), "%s/shm", h->dir);
	int ls = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	strcpy(a.sun_path, sock_path);
	if (bind(ls, (struct sockaddr *)&a, sizeof(a)) || listen(ls, 1))
		return false;
	h->shm_fd = open(shm_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	h->shm_size = SHM_SIZE;
	if (h->shm_fd < 0 || ftruncate(h->shm_fd, SHM_SIZE))
		return false;
	h->shm = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, h->shm_fd, 0);
	int errp[2];
	if (pipe2(errp, O_CLOEXEC))
		return false;
	h->pid = fork();
	if (h->pid == 0) {
		dup2(errp[1], 2);
		execl(host_bin, host_bin, "--connect", sock_path, "--shm", shm_path, "--ta", ta, (char *)NULL);
		_exit(127);
	}
	close(errp[1]);
	h->err_fd = errp[0];
	struct pollfd pf = { .fd = ls, .events = POLLIN };
	if (poll(&pf, 1, 10000) <= 0)
		return false;
	h->sock = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	close(ls);
	size_t len;
	uint16_t hello = read_frame(h, NULL, &len);
	/* as the world: the names go once the host said HELLO */
	unlink(sock_path);
	unlink(shm_path);
	rmdir(h->dir);
	if (hello != HELLO || len != 24)
		return false;
	const uint8_t *p = buf;
	h->abi = get32(&p);
	uint32_t pid = get32(&p);
	h->stack_base = get64(&p);
	h->stack_size = get64(&p);
	CHECK(pid == (uint32_t)h->pid, "HELLO pid %u, started %d", pid, h->pid);
	return true;
}

/* The host's exit: its status, and what it said on stderr */
static int finish(struct host *h, char *err, size_t cap)
{
	int st = 0;
	close(h->sock);
	waitpid(h->pid, &st, 0);
	ssize_t n = read(h->err_fd, err, cap - 1);
	err[n > 0 ? n : 0] = 0;
	close(h->err_fd);
	close(h->shm_fd);
	munmap(h->shm, 64 << 20);
	return st;
}

/* parameters: memrefs are (shm offset, size) with their bytes put into the shm by the caller */
static uint8_t *put_params(uint8_t *p, struct host *h, const struct params *pr)
{
	put32(&p, pr->types);
	put64(&p, h->shm_size);
	for (int i = 0; i < 4; i++) {
		put64(&p, pr->a[i]);
		put64(&p, pr->b[i]);
	}
	return p;
}

static void get_params(const uint8_t **p, struct params *pr)
{
	pr->types = get32(p);
	get64(p);
	for (int i = 0; i < 4; i++) {
		pr->a[i] = get64(p);
		pr->b[i] = get64(p);
	}
}

static void get_heap(const uint8_t **p, struct heap *hp)
{
	hp->size = get32(p);
	hp->allocated = get32(p);
	hp->max_allocated = get32(p);
	hp->fails = get32(p);
	hp->biggest_fail = get32(p);
	hp->biggest_fail_used = get32(p);
	hp->free2 = get64(p);
	hp->live = get32(p);
	get32(p);
	hp->allocs = get64(p);
	hp->frees = get64(p);
}

typedef void (*request_fn)(struct host *h, uint32_t seq, const uint8_t *body, size_t len);

/* Reads until the entry ends: DONE, FAULT or the socket closing; serves REQUESTs with on_request. */
static void await(struct host *h, struct result *r, request_fn on_request)
{
	for (;;) {
		uint32_t seq;
		size_t len;
		uint16_t t = read_frame(h, &seq, &len);
		const uint8_t *p = buf;
		if (t == TRACE) {
			uint32_t level = get32(&p);
			(void)level;
			snprintf(r->trace + strlen(r->trace), sizeof(r->trace) - strlen(r->trace), "%.*s|", (int)len - 4, p);
			continue;
		}
		if (t == REQUEST && on_request) {
			on_request(h, seq, buf, len);
			continue;
		}
		r->end = t;
		if (t == DONE) {
			r->result = get32(&p);
			r->origin = get32(&p);
			get_params(&p, &r->p);
			get_heap(&p, &r->heap);
			r->stack_peak = get64(&p);
		} else if (t == FAULT) {
			r->kind = get32(&p);
			r->code = get32(&p);
			r->addr = get64(&p);
			uint32_t n = get32(&p);
			for (uint32_t i = 0; i < n; i++) {
				uint64_t va = get64(&p), size = get64(&p);
				uint32_t flags = get32(&p), nl = get32(&p);
				snprintf(r->regions + strlen(r->regions), sizeof(r->regions) - strlen(r->regions),
					 "%#lx+%#lx %c%c%c %.*s\n", (unsigned long)va, (unsigned long)size, flags & 1 ? 'r' : '-',
					 flags & 2 ? 'w' : '-', flags & 4 ? 'x' : '-', (int)nl, p);
				p += nl;
			}
			n = get32(&p);
			for (uint32_t i = 0; i < n; i++) {
				uint64_t pc = get64(&p);
				uint32_t tl = get32(&p);
				snprintf(r->frames + strlen(r->frames), sizeof(r->frames) - strlen(r->frames), "%#lx %.*s\n",
					 (unsigned long)pc, (int)tl, p);
				p += tl;
			}
			get_heap(&p, &r->heap);
		}
		return;
	}
}

static struct result call(struct host *h, uint16_t type, uint32_t session, uint32_t cmd, const struct params *pr,
			  request_fn on_request)
{
	uint8_t body[4096], *p = body;
	struct result r;
	memset(&r, 0, sizeof(r));
	if (type == CREATE) {
		uint8_t bin[3] = { 1, 2, 3 };
		uint32_t t = 1, dsz = 16384;
		uint64_t u64 = 0x123456789abcULL;
		put32(&p, 1);
		put_prop(&p, 4, "gpd.tee.apiversion", "1.3.1", 5);
		put32(&p, 6);
		put_prop(&p, 2, "gpd.ta.appID", &ta_uuid, 16);
		put_prop(&p, 0, "gpd.ta.multiSession", &t, 4);
		put_prop(&p, 1, "gpd.ta.dataSize", &dsz, 4);
		put_prop(&p, 4, "gpd.ta.description", "test ta 1", 9);
		put_prop(&p, 6, "test.u64", &u64, 8);
		put_prop(&p, 5, "test.bin", bin, 3);
	} else if (type == OPEN) {
		put32(&p, session);
		put32(&p, 4);
		putbytes(&p, &client_uuid, 16);
		p = put_params(p, h, pr);
	} else if (type == INVOKE) {
		put32(&p, session);
		put32(&p, cmd);
		p = put_params(p, h, pr);
	} else if (type == CLOSE) {
		put32(&p, session);
	}
	send_frame(h, type, ++h->seq, body, (size_t)(p - body));
	await(h, &r, on_request);
	return r;
}

static struct params values(uint32_t types, uint64_t a0, uint64_t b0)
{
	struct params p = { .types = types };
	p.a[0] = a0;
	p.b[0] = b0;
	return p;
}

/* A host with an open session 1 */
static bool opened(struct host *h, const char *ta)
{
	if (!start(h, ta))
		return false;
	struct params none = { 0 };
	struct result r = call(h, CREATE, 0, 0, NULL, NULL);
	if (r.end != DONE || r.result)
		return false;
	r = call(h, OPEN, 1, 0, &none, NULL);
	return r.end == DONE && r.result == 0;
}

static bool has(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

/* ---- the tests ---- */

static void test_hello(const char *ta)
{
	struct host h;
	char err[4096];
	CHECK(start(&h, ta), "start");
	CHECK(h.stack_size == 2048 + 2048, "stack of %lu bytes for TA_STACK_SIZE 2048", (unsigned long)h.stack_size);
	struct result r = call(&h, CREATE, 0, 0, NULL, NULL);
	CHECK(r.end == DONE && r.result == 0, "create: end %d result %#x", r.end, r.result);
	struct params p = values(0x0002, 0, 0); /* VALUE_OUTPUT */
	r = call(&h, OPEN, 1, 0, &p, NULL);
	CHECK(r.end == DONE && r.result == 0 && r.origin == 4 && r.p.a[0] == 42, "open: %#x origin %u a %lu", r.result,
	      r.origin, (unsigned long)r.p.a[0]);
	p = values(0x0001, 0xbad, 0);
	r = call(&h, OPEN, 2, 0, &p, NULL);
	CHECK(r.end == DONE && r.result == 0xFFFF0006 && r.origin == 4, "failing open: %#x origin %u", r.result, r.origin);
	p = values(0x0021, 10, 20); /* VALUE_INPUT, VALUE_OUTPUT */
	r = call(&h, INVOKE, 1, 1, &p, NULL);
	CHECK(r.end == DONE && r.result == 0 && r.p.a[1] == 11 && r.p.b[1] == 22, "values: %lu %lu", (unsigned long)r.p.a[1],
	      (unsigned long)r.p.b[1]);
	/* memrefs: INPUT "hello" at 0, OUTPUT 16 bytes at one page */
	memcpy(h.shm, "hello", 5);
	memset(h.shm + PAGE, 0, 16);
	p = (struct params){ .types = 0x0065, .a = { 0, PAGE }, .b = { 5, 16 } };
	r = call(&h, INVOKE, 1, 2, &p, NULL);
	CHECK(r.end == DONE && r.result == 0 && r.p.b[1] == 5 && !memcmp(h.shm + PAGE, "olleh", 5),
	      "memref: %#x size %lu '%.5s'", r.result, (unsigned long)r.p.b[1], h.shm + PAGE);
	CHECK(r.p.a[1] == PAGE && r.p.b[0] == 5, "memref offsets/sizes back: %lu %lu", (unsigned long)r.p.a[1],
	      (unsigned long)r.p.b[0]);
	p.b[1] = 2;
	r = call(&h, INVOKE, 1, 2, &p, NULL);
	CHECK(r.result == 0xFFFF0010 && r.origin == 4 && r.p.b[1] == 5, "short buffer: %#x needed %lu", r.result,
	      (unsigned long)r.p.b[1]);
	/* the shared memory grows: a memref past the first size */
	CHECK(ftruncate(h.shm_fd, 2 * SHM_SIZE) == 0, "grow");
	h.shm_size = 2 * SHM_SIZE;
	memcpy(h.shm + SHM_SIZE + PAGE, "abc", 3);
	p = (struct params){ .types = 0x0065, .a = { SHM_SIZE + PAGE, SHM_SIZE + 2 * PAGE }, .b = { 3, 3 } };
	r = call(&h, INVOKE, 1, 2, &p, NULL);
	CHECK(r.result == 0 && !memcmp(h.shm + SHM_SIZE + 2 * PAGE, "cba", 3), "grown shm: %#x", r.result);
	r = call(&h, INVOKE, 1, 18, &p, NULL);
	CHECK(r.end == DONE && has(r.trace, "hello from the test TA|"), "trace: '%s'", r.trace);
	r = call(&h, INVOKE, 1, 19, &(struct params){ .types = 0x0022 }, NULL);
	CHECK(r.p.b[1] == 1, "tee_uuid_from_str");
	CHECK(r.result == 0 && r.p.a[0] == 1 && r.p.b[0] == 1 && r.p.a[1] > 1700000000u,
	      "random differs %lu, instance data %lu, REE time %lu", (unsigned long)r.p.a[0], (unsigned long)r.p.b[0],
	      (unsigned long)r.p.a[1]);
	r = call(&h, CLOSE, 1, 0, NULL, NULL);
	CHECK(r.end == DONE && r.result == 0, "close: %d %#x", r.end, r.result);
	r = call(&h, DESTROY, 0, 0, NULL, NULL);
	CHECK(r.end == DONE, "destroy: %d", r.end);
	int st = finish(&h, err, sizeof(err));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "exit after DESTROY: %#x", st);
}

static struct result one_fault(const char *ta, uint32_t cmd, struct params *p, struct host *h)
{
	char err[4096];
	struct result r;
	memset(&r, 0, sizeof(r));
	if (!opened(h, ta)) {
		CHECK(0, "open for command %u", cmd);
		return r;
	}
	r = call(h, INVOKE, 1, cmd, p, NULL);
	if (getenv("JTEE_TAHOST_TEST_VERBOSE"))
		printf("command %u: FAULT kind %u code %#x at %#lx\ntrace: %s\nregions:\n%sframes:\n%s", cmd, r.kind, r.code,
		       (unsigned long)r.addr, r.trace, r.regions, r.frames);
	int st = finish(h, err, sizeof(err));
	if (cmd == 20)
		CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "abort(): %#x", st);
	else
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1, "the host exits after a fault: %#x", st);
	return r;
}

static void test_faults(const char *ta)
{
	struct host h;
	struct params p = { .types = 0x0015, .a = { 0, 3 }, .b = { 16, 0 } }; /* MEMREF_INPUT, VALUE_INPUT 3 */
	struct result r = one_fault(ta, 3, &p, &h);
	CHECK(r.end == FAULT && r.kind == 3 && r.addr == (uint64_t)(uintptr_t)0 + r.addr, "input write: end %d kind %u", r.end,
	      r.kind);
	CHECK(has(r.regions, "r-- (param)"), "the INPUT memref is a read-only param region:\n%s", r.regions);
	char want[64];
	snprintf(want, sizeof(want), "%#lx+", (unsigned long)(r.addr - 3));
	CHECK(has(r.regions, want), "fault address %#lx is the memref's byte 3:\n%s", (unsigned long)r.addr, r.regions);
	CHECK(has(r.frames, "TA_InvokeCommandEntryPoint+"), "frames:\n%s", r.frames);

	p = values(0x0001, 0x1234, 0);
	r = one_fault(ta, 4, &p, &h);
	CHECK(r.end == FAULT && r.kind == 1 && r.code == 0x1234, "panic: end %d kind %u code %#x", r.end, r.kind, r.code);
	CHECK(has(r.frames, "TEE_Panic+") && has(r.frames, "TA_InvokeCommandEntryPoint+"), "panic frames:\n%s", r.frames);
	CHECK(has(r.regions, "r-x [0]") && has(r.regions, "rw- (heap)") && has(r.regions, "rw- (stack)"), "regions:\n%s",
	      r.regions);

	p = values(0x0001, 64, 0);
	r = one_fault(ta, 5, &p, &h);
	CHECK(r.end == FAULT && r.kind == 2 && r.code == 0xffff300f, "smash: end %d kind %u code %#x", r.end, r.kind, r.code);
	CHECK(!has(r.trace, "stack smashing detected"), "the world's dump says it, once: '%s'", r.trace);
	CHECK(has(r.frames, "smash+"), "the static function is named:\n%s", r.frames);
	CHECK(!has(r.frames, "0x4141414141414141"), "no frame from the smashed return address:\n%s", r.frames);

	p = values(0, 0, 0);
	r = one_fault(ta, 6, &p, &h);
	CHECK(r.end == FAULT && r.kind == 3 && r.addr < h.stack_base && r.addr >= h.stack_base - PAGE,
	      "recursion: kind %u at %#lx, stack from %#lx", r.kind, (unsigned long)r.addr, (unsigned long)h.stack_base);
	snprintf(want, sizeof(want), "%#lx+%#lx rw- (stack)", (unsigned long)h.stack_base, (unsigned long)h.stack_size);
	CHECK(has(r.regions, want), "stack region %s:\n%s", want, r.regions);
	CHECK(has(r.frames, "recurse"), "recursion frames:\n%.300s", r.frames);

	p = values(0x0001, 0, 0);
	r = one_fault(ta, 7, &p, &h);
	CHECK(r.end == FAULT && r.kind == 3 && r.addr == 0, "NULL write: kind %u at %#lx", r.kind, (unsigned long)r.addr);

	r = one_fault(ta, 11, &p, &h);
	CHECK(r.end == FAULT && r.kind == 3 && r.addr != 0, "zero-size pointer: kind %u at %#lx", r.kind, (unsigned long)r.addr);

	r = one_fault(ta, 12, &p, &h);
	CHECK(r.end == FAULT && r.kind == 1 && r.code == 0, "NO_FILL alone: kind %u code %#x", r.kind, r.code);


	r = one_fault(ta, 25, &p, &h);
	CHECK(r.end == FAULT && r.kind == 3 && has(r.frames, "TA_InvokeCommandEntryPoint+"), "division by zero (SIGFPE): kind %u",
	      r.kind);

	r = one_fault(ta, 20, &p, &h);
	CHECK(r.end == 0, "abort(): the socket closes (end %d)", r.end);
}

static void test_stack(const char *ta)
{
	struct host h;
	char err[4096];
	CHECK(opened(&h, ta), "open");
	struct params p = values(0x0221, h.stack_base & 0xffffffff, h.stack_base >> 32); /* VALUE_IN, OUT, OUT */
	struct result r = call(&h, INVOKE, 1, 8, &p, NULL);
	uint64_t entry = r.p.a[1] | r.p.b[1] << 32, low = r.p.a[2] | r.p.b[2] << 32;
	uint64_t top = h.stack_base + h.stack_size;
	CHECK(r.end == DONE && r.result == 0, "stack use: end %d", r.end);
	CHECK(top - entry < 2048, "the host's frames above the TA's entry take %lu of the 2048 framework bytes",
	      (unsigned long)(top - entry));
	CHECK(low >= h.stack_base && low < h.stack_base + 512, "the TA used its stack down to %lu bytes above the bottom",
	      (unsigned long)(low - h.stack_base));
	CHECK(r.stack_peak >= top - low && r.stack_peak <= h.stack_size, "stack peak %lu (used down to %lu below the top)",
	      (unsigned long)r.stack_peak, (unsigned long)(top - low));
	printf("stack: %lu bytes (TA_STACK_SIZE 2048 + 2048), %lu above the TA's entry frame, peak %lu\n",
	       (unsigned long)h.stack_size, (unsigned long)(top - entry), (unsigned long)r.stack_peak);
	r = call(&h, INVOKE, 1, 22, &p, NULL);
	CHECK(r.stack_peak < 1024, "a null invoke's stack peak is small again (repainted): %lu", (unsigned long)r.stack_peak);
	uint64_t null_peak = r.stack_peak;
	r = call(&h, INVOKE, 1, 24, &p, NULL);
	/* the TA keeps its TA_STACK_SIZE: the host's API calls fit in the 2048 framework bytes */
	CHECK(r.end == DONE && r.p.a[0] == 0 && r.stack_peak < 2048, "API calls' stack peak %lu", (unsigned long)r.stack_peak);
	printf("stack: a null invoke uses %lu bytes, one calling the host's API functions %lu\n", (unsigned long)null_peak,
	       (unsigned long)r.stack_peak);
	finish(&h, err, sizeof(err));
}

static void test_heap(const char *ta)
{
	struct host h;
	char err[4096];
	CHECK(opened(&h, ta), "open");
	struct params p = values(0x0021, 100, 0);
	struct result r = call(&h, INVOKE, 1, 9, &p, NULL);
	/* 100 bytes + a 16-byte header, 16-aligned: 128-byte blocks; 16384 / 128 */
	CHECK(r.result == 0 && r.p.a[1] == 128 && r.p.b[1] == 1, "heap fill: %lu blocks", (unsigned long)r.p.a[1]);
	CHECK(r.heap.size == 16384 && r.heap.allocated == 0 && r.heap.max_allocated == 16384 && r.heap.live == 0,
	      "stats size %u allocated %u max %u live %u", r.heap.size, r.heap.allocated, r.heap.max_allocated, r.heap.live);
	CHECK(r.heap.fails == 2 && r.heap.biggest_fail == 1u << 30 && r.heap.biggest_fail_used == 16384,
	      "failures %u biggest %u used then %u", r.heap.fails, r.heap.biggest_fail, r.heap.biggest_fail_used);
	CHECK(r.heap.free2 == 16384ull * 16384, "free2_sum of one free block %lu", (unsigned long)r.heap.free2);
	r = call(&h, INVOKE, 1, 21, &p, NULL);
	CHECK(r.result == 0 && r.heap.allocated == 256 && r.heap.live == 2 &&
		      r.heap.free2 == 128ull * 128 + (16384ull - 384) * (16384 - 384),
	      "holes: allocated %u live %u free2 %lu", r.heap.allocated, r.heap.live, (unsigned long)r.heap.free2);
	r = call(&h, INVOKE, 1, 23, &p, NULL);
	CHECK(r.heap.allocated == 0 && r.heap.free2 == 16384ull * 16384, "coalesced: free2 %lu", (unsigned long)r.heap.free2);
	/* the fill's 128 blocks and the holes' 3, all freed: churn counted, no leak */
	CHECK(r.heap.allocs == 128 + 3 && r.heap.allocs == r.heap.frees, "churn: %lu allocations, %lu frees",
	      (unsigned long)r.heap.allocs, (unsigned long)r.heap.frees);
	r = call(&h, INVOKE, 1, 10, &p, NULL);
	CHECK(r.result == 0 && r.p.a[1] == 255, "hint rules: %#lx of 0xff", (unsigned long)r.p.a[1]);
	CHECK(has(r.trace, "Invalid hint 0x100"), "invalid hint line: '%s'", r.trace);
	CHECK(r.heap.allocated == 0, "hints freed everything: %u", r.heap.allocated);
	finish(&h, err, sizeof(err));
}

static void test_props(const char *ta)
{
	struct host h;
	char err[4096];
	CHECK(opened(&h, ta), "open");
	struct params p = { .types = 0x0062, .a = { 0, 0 }, .b = { 0, 256 } };
	memset(h.shm, 0, 256);
	struct result r = call(&h, INVOKE, 1, 13, &p, NULL);
	CHECK(r.result == 0 && r.p.a[0] == 0xffff, "property checks %#lx of 0xffff", (unsigned long)r.p.a[0]);
	const char *names = "gpd.ta.appID,gpd.ta.multiSession,gpd.ta.dataSize,gpd.ta.description,test.u64,test.bin,";
	CHECK(r.p.b[1] == strlen(names) && !memcmp(h.shm, names, strlen(names)), "enumerated '%.*s'", (int)r.p.b[1],
	      (char *)h.shm);
	CHECK(r.heap.allocated == 0, "the enumerator was freed: %u", r.heap.allocated);
	p = (struct params){ .types = 0x0265, .a = { 0, PAGE }, .b = { 8, 8 } }; /* INPUT, OUTPUT; p2 for the result */
	r = call(&h, INVOKE, 1, 17, &p, NULL);
	CHECK(r.result == 0 && r.p.a[2] == 4095, "access rights %#lx of 0xfff", (unsigned long)r.p.a[2]);
	finish(&h, err, sizeof(err));
}

/* tee_map_zi and tee_unmap (test TA command 16): every check of the TA's map_zi() holds */
static void test_map_zi(const char *ta)
{
	struct host h;
	char err[4096];
	CHECK(opened(&h, ta), "open");
	struct params p = values(0x0020, 0, 0); /* p1 VALUE_OUTPUT */
	struct result r = call(&h, INVOKE, 1, 16, &p, NULL);
	CHECK(r.result == 0 && r.p.a[1] == 511, "map_zi checks %#lx of 0x1ff", (unsigned long)r.p.a[1]);
	finish(&h, err, sizeof(err));
}

/* OP-TEE's cache maintenance: only a TA whose flags have TA_FLAG_CACHE_MAINTENANCE (test13's head has it,
 * test11's not: NOT_SUPPORTED), only on the call's memref parameters (ACCESS_DENIED on its own memory) */
static void test_cache(const char *ta, int allowed)
{
	struct host h;
	char err[4096];
	CHECK(opened(&h, ta), "open");
	struct params p = { .types = 0x0027, .a = { 0, 0 }, .b = { 16, 0 } }; /* MEMREF_INOUT, VALUE_OUTPUT */
	struct result r = call(&h, INVOKE, 1, 26, &p, NULL);
	if (allowed)
		CHECK(r.result == 0 && r.p.a[1] == 31 && r.p.b[1] == 0, "cache checks %#lx of 0x1f, clean %#lx",
		      (unsigned long)r.p.a[1], (unsigned long)r.p.b[1]);
	else
		CHECK(r.result == 0 && r.p.b[1] == 0xFFFF000A, "without TA_FLAG_CACHE_MAINTENANCE: %#lx",
		      (unsigned long)r.p.b[1]);
	finish(&h, err, sizeof(err));
}

static void test_wait(const char *ta)
{
	struct host h;
	char err[4096];
	CHECK(opened(&h, ta), "open");
	struct params p = values(0x0221, 20000, 1); /* unmasked: a CANCEL ends it */
	uint8_t body[4], *q = body;
	put32(&q, 1);
	uint8_t inv[256], *b = inv;
	put32(&b, 1);
	put32(&b, 14);
	b = put_params(b, &h, &p);
	send_frame(&h, INVOKE, ++h.seq, inv, (size_t)(b - inv));
	send_frame(&h, CANCEL, 0, body, 4);
	struct result r;
	memset(&r, 0, sizeof(r));
	await(&h, &r, NULL);
	CHECK(r.end == DONE && r.p.a[1] == 0xFFFF0002 && r.p.b[1] < 20000 && r.p.a[2] == 1,
	      "cancelled wait: %#lx after %lu ms, flag %lu", (unsigned long)r.p.a[1], (unsigned long)r.p.b[1],
	      (unsigned long)r.p.a[2]);
	p = values(0x0221, 200, 0); /* masked (as at every entry): the CANCEL is not seen */
	b = inv;
	put32(&b, 1);
	put32(&b, 14);
	b = put_params(b, &h, &p);
	send_frame(&h, INVOKE, ++h.seq, inv, (size_t)(b - inv));
	send_frame(&h, CANCEL, 0, body, 4);
	memset(&r, 0, sizeof(r));
	await(&h, &r, NULL);
	CHECK(r.end == DONE && r.p.a[1] == 0 && r.p.b[1] >= 200 && r.p.a[2] == 0, "masked wait: %#lx after %lu ms flag %lu",
	      (unsigned long)r.p.a[1], (unsigned long)r.p.b[1], (unsigned long)r.p.a[2]);
	finish(&h, err, sizeof(err));
}

/* The world's side of a TA-to-TA call: a callee that reverses an INOUT memref and adds to a value */
static void callee(struct host *h, uint32_t seq, const uint8_t *body, size_t len)
{
	const uint8_t *p = body;
	uint8_t out[512], *o = out;
	uint32_t op = get32(&p);
	(void)len;
	if (op == 1) {
		uint32_t tl = get32(&p);
		CHECK(tl == 0xca11ee, "TA_OPEN uuid timeLow %#x", tl);
		get32(&p);
		struct params pr;
		get_params(&p, &pr);
		put32(&o, 0);
		put32(&o, 4);
		put32(&o, 77);
		pr.a[0] = 99;
		o = put_params(o, h, &pr);
	} else if (op == 2) {
		uint32_t s = get32(&p);
		get32(&p);
		uint32_t cmd = get32(&p);
		CHECK(s == 77 && cmd == 9, "TA_INVOKE session %u command %u", s, cmd);
		struct params pr;
		get_params(&p, &pr);
		pr.a[0] += pr.b[0];
		uint8_t *m = h->shm + pr.a[1];
		CHECK(pr.a[1] % PAGE == 0 && pr.b[1] == 6 && !memcmp(m, "abcdef", 6), "TA_INVOKE memref at %lu size %lu",
		      (unsigned long)pr.a[1], (unsigned long)pr.b[1]);
		for (int i = 0; i < 3; i++) {
			uint8_t t = m[i];
			m[i] = m[5 - i];
			m[5 - i] = t;
		}
		pr.b[2] = 6;
		uint8_t cancel[4] = { 1, 0, 0, 0 }; /* session 1's entry is waiting for this reply */
		send_frame(h, CANCEL, 0, cancel, 4);
		put32(&o, 0xFFFF0010);
		put32(&o, 4);
		o = put_params(o, h, &pr);
	} else {
		CHECK(op == 3 && get32(&p) == 77, "TA_CLOSE");
		put32(&o, 0);
		put32(&o, 3);
	}
	send_frame(h, REPLY, seq, out, (size_t)(o - out));
}

static void test_ta2ta(const char *ta)
{
	struct host h;
	char err[4096];
	CHECK(opened(&h, ta), "open");
	struct params p = { .types = 0x2623, .a = { 0, 0, 0 }, .b = { 0, 0, 16 } };
	struct result r = call(&h, INVOKE, 1, 15, &p, callee);
	CHECK(r.end == DONE && r.result == 0, "ta2ta: end %d result %#x", r.end, r.result);
	CHECK(r.p.a[0] == 99 && r.p.b[0] == 42, "open's out value %lu, invoke's inout %lu", (unsigned long)r.p.a[0],
	      (unsigned long)r.p.b[0]);
	CHECK(r.p.a[1] == 0xFFFF0010 && r.p.b[1] == 6, "callee result %#lx, SHORT_BUFFER size %lu", (unsigned long)r.p.a[1],
	      (unsigned long)r.p.b[1]);
	CHECK(r.p.b[2] == 6 && !memcmp(h.shm, "fedcba", 6), "the INOUT memref came back: '%.6s'", (char *)h.shm);
	CHECK(r.p.a[3] == 1, "a CANCEL during the TA-to-TA call reached the entry: flag %lu", (unsigned long)r.p.a[3]);
	finish(&h, err, sizeof(err));
}

static void test_deaths(const char *ta)
{
	struct host h;
	char err[4096];
	struct result r;
	CHECK(opened(&h, ta), "open");
	kill(h.pid, SIGKILL);
	size_t len;
	CHECK(read_frame(&h, NULL, &len) == 0, "SIGKILL: the socket closes");
	int st = finish(&h, err, sizeof(err));
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed: %#x", st);

	CHECK(opened(&h, ta), "open");
	send_raw(&h, "\x05\0\0\0\x03\0\0\0\0\0\0\0", 12);
	memset(&r, 0, sizeof(r));
	await(&h, &r, NULL);
	st = finish(&h, err, sizeof(err));
	CHECK(r.end == 0 && WIFEXITED(st) && WEXITSTATUS(st) == 1 && has(err, "malformed frame from the world: length 5") &&
		      strchr(err, '\n') == err + strlen(err) - 1,
	      "bad length: status %#x, '%s'", st, err);

	CHECK(opened(&h, ta), "open");
	send_frame(&h, 99, 1, NULL, 0);
	memset(&r, 0, sizeof(r));
	await(&h, &r, NULL);
	st = finish(&h, err, sizeof(err));
	CHECK(r.end == 0 && WEXITSTATUS(st) == 1 && has(err, "malformed frame from the world: type 99"), "bad type: '%s'", err);

	CHECK(opened(&h, ta), "open");
	send_frame(&h, INVOKE, 1, (const uint8_t *)"\1\0\0\0", 4);
	memset(&r, 0, sizeof(r));
	await(&h, &r, NULL);
	st = finish(&h, err, sizeof(err));
	CHECK(r.end == 0 && WEXITSTATUS(st) == 1 && has(err, "malformed INVOKE frame from the world: too short"),
	      "short body: '%s'", err);

	CHECK(opened(&h, ta), "open");
	close(h.sock);
	h.sock = -1;
	st = finish(&h, err, sizeof(err));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the world closing ends the host: %#x", st);
}

/* Runs the host with these arguments: its exit status, its output in out, how many lines */
static int run_host(const char *args, char *out, size_t cap, int *lines)
{
	char cmd[1024];
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", host_bin, args);
	FILE *f = popen(cmd, "r");
	out[0] = 0;
	*lines = 0;
	while (strlen(out) + 1 < cap && fgets(out + strlen(out), (int)(cap - strlen(out)), f))
		(*lines)++;
	return WEXITSTATUS(pclose(f));
}

static void test_args(void)
{
	char out[1024], args[512];
	int lines;
	int st = run_host("--connect /nonexistent --bogus x", out, sizeof(out), &lines);
	CHECK(st == 2 && lines == 1 && has(out, "unknown argument '--bogus'"), "bad args: %d lines, '%s'", lines, out);
	st = run_host("--connect /nonexistent --shm /nonexistent", out, sizeof(out), &lines);
	CHECK(st == 2 && lines == 1 && has(out, "--connect, --shm and --ta are all needed"), "missing --ta: '%s'", out);
	st = run_host("--connect /nonexistent --shm /nonexistent --ta /proc/self/status", out, sizeof(out), &lines);
	CHECK(st == 1 && lines == 1 && has(out, "/proc/self/status is not a 64-bit ELF file"), "not ELF: '%s'", out);
	snprintf(args, sizeof(args), "--connect /nonexistent --shm /nonexistent --ta %s", host_bin);
	st = run_host(args, out, sizeof(out), &lines);
	CHECK(st == 1 && lines == 1 && has(out, "has no .jtee_ta_head section"), "no header: '%s'", out);
	snprintf(args, sizeof(args), "--connect /nonexistent/s --shm /nonexistent --ta %s", ta13);
	st = run_host(args, out, sizeof(out), &lines);
	CHECK(st == 1 && lines == 1 && has(out, "cannot connect to /nonexistent/s"), "no world: '%s'", out);
}

/* A TA built by the dev kit from an OP-TEE TA directory: its header, libutils' traces, heap and canary */
static void test_kit(const char *ta)
{
	struct host h;
	char err[4096];
	CHECK(start(&h, ta), "start");
	CHECK(h.abi == 13 && h.stack_size == 1024 + 2048, "the kit's header: abi %u, stack %lu", h.abi,
	      (unsigned long)h.stack_size);
	struct params none = { 0 };
	struct result r = call(&h, CREATE, 0, 0, NULL, NULL);
	CHECK(r.end == DONE && r.result == 0, "create %#x", r.result);
	r = call(&h, OPEN, 1, 0, &none, NULL);
	CHECK(r.end == DONE && r.result == 0, "open %#x", r.result);
	struct params p = values(0x0003, 7, 0);
	r = call(&h, INVOKE, 1, 0, &p, NULL);
	CHECK(r.end == DONE && has(r.trace, "kit ta says 7") && has(r.trace, "printf says 42"), "traces: '%s'", r.trace);
	CHECK(r.heap.size == 8192 && r.heap.allocated == 0, "heap of TA_DATA_SIZE: %u, allocated %u", r.heap.size,
	      r.heap.allocated);
	r = call(&h, INVOKE, 1, 1, &p, NULL);
	CHECK(r.result == 0 && r.p.a[0] == 1 && r.heap.live == 1 && r.heap.allocated >= 1000 && r.heap.allocated < 1100,
	      "malloc over the TA heap: result %#x a %lu live %u allocated %u", r.result, (unsigned long)r.p.a[0], r.heap.live, r.heap.allocated);
	CHECK(r.heap.fails == 1 && r.heap.biggest_fail == 1u << 20, "failure %u of %u", r.heap.fails, r.heap.biggest_fail);
	p.a[0] = 64;
	r = call(&h, INVOKE, 1, 2, &p, NULL);
	CHECK(r.end == FAULT && r.kind == 2 && r.code == 0xffff300f && !has(r.trace, "stack smashing detected"),
	      "canary through libutils: end %d kind %u code %#x trace '%s'", r.end, r.kind, r.code, r.trace);
	CHECK(has(r.frames, "overrun"), "frames:\n%s", r.frames);
	int st = finish(&h, err, sizeof(err));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 1 && !err[0], "exit %#x, stderr '%s'", st, err);
}

static uint64_t now_ns(void);

/* The TEE_BigInt functions (arith.c) from a dev-kit TA: its known answers, a 2048-bit Diffie-Hellman
 * whose GMP work stays off the TA's 4 KiB stack, and each misuse as OP-TEE's panic 0xB16127. */
static void test_bigint(const char *ta, const char *abi)
{
	struct host h;
	char err[4096];
	printf("-- TEE_BigInt, GP %s\n", abi);
	CHECK(opened(&h, ta), "open");
	struct params p = values(0x0003, 0, 0);
	struct result r = call(&h, INVOKE, 1, 0, &p, NULL);
	CHECK(r.end == DONE && r.result == 0 && r.p.a[0] == 57, "known answers (all 57 checks): end %d result %#x after %lu checks, trace '%s'",
	      r.end, r.result, (unsigned long)r.p.a[0], r.trace);
	uint64_t t0 = now_ns();
	r = call(&h, INVOKE, 1, 1, &p, NULL);
	uint64_t dh_ns = now_ns() - t0;
	CHECK(r.end == DONE && r.result == 0 && r.p.a[0] == 5, "2048-bit Diffie-Hellman: result %#x, %lu checks, trace '%s'",
	      r.result, (unsigned long)r.p.a[0], r.trace);
	CHECK(r.stack_peak < 2048, "GMP off the TA stack: peak %lu bytes", (unsigned long)r.stack_peak);
	printf("stack: the 2048-bit Diffie-Hellman entry peaks at %lu of %lu bytes; it took %.1f ms (4 ExpMods, printed, not asserted)\n",
	       (unsigned long)r.stack_peak, (unsigned long)h.stack_size, dh_ns / 1e6);
	r = call(&h, CLOSE, 1, 0, NULL, NULL);
	r = call(&h, DESTROY, 0, 0, NULL, NULL);
	finish(&h, err, sizeof(err));
	static const char *const why[] = { "TEE_BigIntMod: modulus < 2", "TEE_BigIntExpMod: modulus <= 2",
		"TEE_BigIntInvMod: inverting zero", "TEE_BigIntInvMod: the operand has no inverse modulo n",
		"TEE_BigIntDiv: division by zero", "TEE_BigIntMul: the result does not fit the destination",
		"TEE_BigIntInit: length over gpd.tee.arith.maxBigIntSize / 4 words", "TEE_BigIntExpMod: negative exponent" };
	for (uint32_t i = 0; i < sizeof(why) / sizeof(why[0]); i++) {
		p = values(0x0001, i, 0);
		r = one_fault(ta, 2, &p, &h);
		CHECK(r.end == FAULT && r.kind == 1 && r.code == 0xB16127 && has(r.trace, why[i]),
		      "misuse %u: end %d kind %u code %#x trace '%s'", i, r.end, r.kind, r.code, r.trace);
		CHECK(has(r.frames, "misuse"), "misuse %u: the panic's call stack is the TA's:\n%s", i, r.frames);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* The null invoke's round trip (world -> host -> world), printed, not asserted */
static void latency(const char *ta)
{
	struct host h;
	char err[4096];
	enum { N = 20000 };
	static uint64_t t[N];
	CHECK(opened(&h, ta), "open");
	uint8_t inv[256], *b = inv;
	struct params p = { 0 };
	put32(&b, 1);
	put32(&b, 22);
	b = put_params(b, &h, &p);
	for (int i = 0; i < N; i++) {
		uint64_t t0 = now_ns();
		send_frame(&h, INVOKE, ++h.seq, inv, (size_t)(b - inv));
		size_t len;
		uint16_t type;
		/* spin briefly for the answer, as the world does */
		for (;;) {
			struct pollfd pf = { .fd = h.sock, .events = POLLIN };
			if (poll(&pf, 1, 0) > 0 || now_ns() - t0 > 50000)
				break;
		}
		type = read_frame(&h, NULL, &len);
		t[i] = now_ns() - t0;
		if (type != DONE) {
			CHECK(0, "null invoke %d: frame %u", i, type);
			break;
		}
	}
	qsort(t, N, sizeof(t[0]), cmp_u64);
	printf("null invoke round trip over %d calls: p50 %.1f us, p90 %.1f us, p99 %.1f us\n", N, t[N / 2] / 1000.0,
	       t[N * 9 / 10] / 1000.0, t[N * 99 / 100] / 1000.0);
	finish(&h, err, sizeof(err));
}

int main(int argc, char **argv)
{
	if (argc < 7) {
		fprintf(stderr, "usage: world HOST TEST13.ta TEST11.ta KIT.ta BIGINT13.ta BIGINT11.ta\n");
		return 2;
	}
	host_bin = argv[1];
	ta13 = argv[2];
	ta11 = argv[3];
	ta_kit = argv[4];
	ta_bigint13 = argv[5];
	ta_bigint11 = argv[6];
	signal(SIGPIPE, SIG_IGN);
	const char *tas[] = { ta13, ta11 };
	for (int i = 0; i < 2; i++) {
		printf("-- %s TA\n", i ? "GP 1.1" : "GP 1.3");
		test_hello(tas[i]);
		test_faults(tas[i]);
		test_stack(tas[i]);
		test_heap(tas[i]);
		test_props(tas[i]);
		test_wait(tas[i]);
		test_ta2ta(tas[i]);
		test_cache(tas[i], i == 0);
		test_map_zi(tas[i]);
	}
	test_kit(ta_kit);
	test_bigint(ta_bigint13, "1.3");
	test_bigint(ta_bigint11, "1.1");
	test_deaths(ta13);
	test_args();
	latency(ta13);
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
