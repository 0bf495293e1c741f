/*
 * jtee libteec: the GP TEE Client API with OP-TEE libteec 4.x's ABI, over a
 * jtee daemon's Unix socket instead of /dev/tee0.
 *
 * One socket per TEEC_Context (the daemon ties sessions to their connection,
 * as the kernel ties them to the open file). Any number of threads may call
 * on one context at once: each call is a request with its own id; whichever
 * waiting thread finds no reader becomes the reader and hands answers to
 * their callers (leader/follower), so the library starts no thread of its own.
 *
 * Memory references travel by value: a call sends the bytes of every memref
 * and the daemon sends back those of the outputs. Memrefs whose memory
 * overlaps travel as one region, so they overlap in the TA too, as they do
 * with OP-TEE's zero-copy shared memory.
 */
#define _GNU_SOURCE
#include "tee_client_api.h"
#include "jtee_client_ext.h"
#include "tee_client_api_extensions.h"
#include "wire.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <pwd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#define HANDSHAKE_TIMEOUT_S 10
/* imp.flags of a TEEC_SharedMemory: the library owns the buffer. */
#define SHM_BUFFER_ALLOCED 0x1u
/* imp.flags: a file descriptor's memory, mapped at imp.shadow_buffer, fd dup'ed to imp.registered_fd. */
#define SHM_FD_MAPPED 0x2u

/* ---------------------------------------------------------------- connections */

struct call {
	struct call *next;
	uint32_t id;
	int done;
	/* the answer: its type and body (owned, freed by the caller) */
	int type;
	uint8_t *frame;
	struct jt_in body;
	/* what TEEC_RequestCancellation needs to find this call */
	const TEEC_Operation *op;
	uint32_t session;
	uint32_t cancel_id;
};

struct conn {
	struct conn *next;
	int fd;
	pthread_mutex_t lock;   /* calls, reading, broken, next_id */
	pthread_cond_t cond;
	pthread_mutex_t wlock;  /* one frame written at a time */
	struct call *calls;
	int reading;
	int broken;
	uint32_t next_id;
	uint8_t version;
	uint32_t max_frame;     /* the largest frame either side may send */
	uint32_t read_limit;
	uint32_t secure_threads;
	/* open sessions and the TA instance serving each (jtee_session_instance) */
	struct session_info *sessions;
	size_t n_sessions;
	size_t cap_sessions;
};

struct session_info {
	uint32_t id;
	uint32_t instance;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct conn *registry;
static uint32_t next_shm_id;

static struct conn *conn_of(const TEEC_Context *ctx)
{
	struct conn *c;

	if (!ctx)
		return NULL;
	pthread_mutex_lock(&registry_lock);
	for (c = registry; c; c = c->next)
		if (c->fd == ctx->imp.fd)
			break;
	pthread_mutex_unlock(&registry_lock);
	return c;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, uint8_t *p, size_t n)
{
	while (n) {
		ssize_t r = recv(fd, p, n, 0);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Reads one frame; on success *frame is malloc'd and the header fields are set. */
static int read_frame(int fd, uint32_t limit, uint8_t **frame, int *version, int *type,
		      uint32_t *id, struct jt_in *body)
{
	uint8_t len_be[4];

	if (read_all(fd, len_be, 4))
		return -1;
	uint32_t len = ((uint32_t)len_be[0] << 24) | ((uint32_t)len_be[1] << 16) |
		       ((uint32_t)len_be[2] << 8) | len_be[3];

	if (len < JT_HEADER_REST || len > limit - JT_LENGTH_BYTES)
		return -1;
	uint8_t *f = malloc(len);

	if (!f)
		return -1;
	if (read_all(fd, f, len)) {
		free(f);
		return -1;
	}
	if (((f[0] << 8) | f[1]) != JT_MAGIC) {
		free(f);
		return -1;
	}
	*version = f[2];
	*type = f[3];
	*id = ((uint32_t)f[4] << 24) | ((uint32_t)f[5] << 16) | ((uint32_t)f[6] << 8) | f[7];
	body->p = f + JT_HEADER_REST;
	body->len = len - JT_HEADER_REST;
	body->pos = 0;
	body->bad = 0;
	*frame = f;
	return 0;
}

/* Hands an answer to its caller; a frame that answers nobody breaks the connection. With c->lock. */
static void dispatch(struct conn *c, uint8_t *frame, int version, int type, uint32_t id, struct jt_in *body)
{
	struct call *k;

	if (version != c->version || (type != JT_RESULT && type != JT_ERROR) || id == 0) {
		free(frame);
		c->broken = 1; /* a daemon that ends the connection sends ERROR with id 0 */
		return;
	}
	for (k = c->calls; k; k = k->next)
		if (k->id == id && !k->done)
			break;
	if (!k) {
		free(frame);
		c->broken = 1;
		return;
	}
	k->type = type;
	k->frame = frame;
	k->body = *body;
	k->done = 1;
}

static void patch_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * Sends the frame in out and waits for the answer. The request id is patched
 * into the header and, when cancel_at is not 0, at that offset as the call's
 * cancel id too (unique per connection, so a cancellation finds only this call).
 * Returns 0 with call->type/body set, or -1 when the connection is lost.
 */
static int roundtrip(struct conn *c, struct jt_out *out, struct call *call, size_t cancel_at)
{
	pthread_mutex_lock(&c->lock);
	if (c->broken) {
		pthread_mutex_unlock(&c->lock);
		return -1;
	}
	if (++c->next_id == 0)
		c->next_id = 1;
	call->id = c->next_id;
	call->done = 0;
	call->frame = NULL;
	if (cancel_at)
		call->cancel_id = call->id;
	call->next = c->calls;
	c->calls = call;
	pthread_mutex_unlock(&c->lock);

	patch_u32(out->p + 8, call->id);
	if (cancel_at)
		patch_u32(out->p + cancel_at, call->id);

	pthread_mutex_lock(&c->wlock);
	int wrc = write_all(c->fd, out->p, out->len);

	pthread_mutex_unlock(&c->wlock);

	pthread_mutex_lock(&c->lock);
	if (wrc) {
		c->broken = 1;
		pthread_cond_broadcast(&c->cond);
	}
	while (!call->done && !c->broken) {
		if (c->reading) {
			pthread_cond_wait(&c->cond, &c->lock);
			continue;
		}
		c->reading = 1;
		pthread_mutex_unlock(&c->lock);
		uint8_t *frame = NULL;
		int version = 0, type = 0;
		uint32_t id = 0;
		struct jt_in body;
		int rrc = read_frame(c->fd, c->read_limit, &frame, &version, &type, &id, &body);

		pthread_mutex_lock(&c->lock);
		c->reading = 0;
		if (rrc)
			c->broken = 1;
		else
			dispatch(c, frame, version, type, id, &body);
		pthread_cond_broadcast(&c->cond);
	}
	for (struct call **pp = &c->calls; *pp; pp = &(*pp)->next) {
		if (*pp == call) {
			*pp = call->next;
			break;
		}
	}
	int done = call->done;

	pthread_mutex_unlock(&c->lock);
	return done ? 0 : -1;
}

/* ---------------------------------------------------------------- context */

/*
 * Where `jtee serve` listens by default (the daemon's Rendezvous): /run/jtee/jtee.sock
 * for root, $XDG_RUNTIME_DIR/jtee/jtee.sock otherwise, /run/user/<uid>/jtee/jtee.sock
 * without that variable.
 */
static const char *default_socket(void)
{
	static __thread char path[256];
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	if (geteuid() == 0)
		return "/run/jtee/jtee.sock";
	if (xdg && *xdg)
		snprintf(path, sizeof(path), "%s/jtee/jtee.sock", xdg);
	else
		snprintf(path, sizeof(path), "/run/user/%u/jtee/jtee.sock", (unsigned)geteuid());
	return path;
}

/* The socket path for a TEE name, or NULL when the name names no jtee TEE. */
static const char *socket_path(const char *name)
{
	if (name == NULL || strcmp(name, "optee-tz") == 0) {
		const char *s = getenv("JTEE_SOCKET");

		if (s && *s)
			return s;
		s = getenv("JTEE_TEE");
		if (s && strncmp(s, "unix:", 5) == 0 && s[5])
			return s + 5;
		return default_socket();
	}
	if (strncmp(name, "unix:", 5) == 0 && name[5])
		return name + 5;
	return NULL;
}

static TEEC_Result handshake(struct conn *c)
{
	struct jt_out out = { 0 };
	struct timeval tv = { .tv_sec = HANDSHAKE_TIMEOUT_S };
	TEEC_Result res = TEEC_ERROR_COMMUNICATION;

	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	size_t start = jt_begin(&out, JT_VERSION, JT_HELLO, 0);

	jt_put_u16(&out, JT_VERSION);
	jt_put_u16(&out, JT_VERSION);
	jt_put_u32(&out, JT_DEFAULT_MAX_FRAME);
	jt_end(&out, start);
	if (out.oom) {
		jt_out_free(&out);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	if (write_all(c->fd, out.p, out.len) == 0) {
		uint8_t *frame = NULL;
		int version = 0, type = 0;
		uint32_t id = 0;
		struct jt_in body;

		if (read_frame(c->fd, JT_DEFAULT_MAX_FRAME, &frame, &version, &type, &id, &body) == 0) {
			if (type == JT_HELLO_REPLY) {
				uint16_t v = jt_get_u16(&body);
				uint32_t max_frame = jt_get_u32(&body);
				uint32_t threads = jt_get_u32(&body);

				jt_get_u32(&body); /* uid, gid, pid the daemon saw */
				jt_get_u32(&body);
				jt_get_u32(&body);
				jt_get_bytes(&body, NULL, jt_get_u16(&body));
				if (!body.bad && v == JT_VERSION && threads >= 1 &&
				    max_frame >= JT_MIN_MAX_FRAME && max_frame <= JT_ABSOLUTE_MAX_FRAME) {
					c->version = (uint8_t)v;
					c->max_frame = max_frame;
					c->read_limit = max_frame > JT_DEFAULT_MAX_FRAME ? max_frame : JT_DEFAULT_MAX_FRAME;
					c->secure_threads = threads;
					res = TEEC_SUCCESS;
				}
			}
			free(frame);
		}
	}
	jt_out_free(&out);
	tv.tv_sec = 0;
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return res;
}

/* A uid named in JTEE_DAEMON_USER (user names or numbers, comma-separated), as the Java client reads it. */
static int configured_daemon_user(uid_t uid, const char *user)
{
	const char *list = getenv("JTEE_DAEMON_USER");
	char buf[256];

	if (!list || strlen(list) >= sizeof(buf))
		return 0;
	strcpy(buf, list);
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *end;
		unsigned long n;

		while (*tok == ' ')
			tok++;
		for (end = tok + strlen(tok); end > tok && end[-1] == ' '; end--)
			end[-1] = 0;
		n = strtoul(tok, &end, 10);
		if ((*tok && !*end && n == uid) || (user && strcmp(tok, user) == 0))
			return 1;
	}
	return 0;
}

/*
 * Who serves the socket: root, this process's user, or a user named in
 * JTEE_DAEMON_USER; anyone else could have put an impostor at the path (the
 * Java client's Rendezvous.checkDaemon, same rule and words). Nothing is sent
 * to an impostor, not even the HELLO.
 */
static int daemon_trusted(int fd, const char *path)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	struct passwd pw, *found = NULL;
	char pwbuf[1024], self_name[64] = "", peer_name[64] = "";

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || len != sizeof(cred)) {
		fprintf(stderr, "jtee libteec: refusing the jtee daemon at %s: its user cannot be read (%s)\n",
			path, strerror(errno));
		return 0;
	}
	if (cred.uid == 0 || cred.uid == geteuid() || cred.uid == getuid())
		return 1;
	if (getpwuid_r(cred.uid, &pw, pwbuf, sizeof(pwbuf), &found) == 0 && found)
		snprintf(peer_name, sizeof(peer_name), "%s", pw.pw_name);
	else
		snprintf(peer_name, sizeof(peer_name), "%u", (unsigned)cred.uid);
	if (configured_daemon_user(cred.uid, found ? peer_name : NULL))
		return 1;
	if (getpwuid_r(geteuid(), &pw, pwbuf, sizeof(pwbuf), &found) == 0 && found)
		snprintf(self_name, sizeof(self_name), "%s", pw.pw_name);
	else
		snprintf(self_name, sizeof(self_name), "%u", (unsigned)geteuid());
	fprintf(stderr, "jtee libteec: refusing the jtee daemon at %s: it runs as user %s, not root or %s "
		"(an impostor? set JTEE_DAEMON_USER=%s to trust it)\n", path, peer_name, self_name, peer_name);
	return 0;
}

TEEC_Result TEEC_InitializeContext(const char *name, TEEC_Context *ctx)
{
	struct sockaddr_un addr;
	const char *path;
	struct conn *c;
	TEEC_Result res;

	if (!ctx)
		return TEEC_ERROR_BAD_PARAMETERS;
	path = socket_path(name);
	if (!path)
		return TEEC_ERROR_ITEM_NOT_FOUND;
	memset(&addr, 0, sizeof(addr));
	addr.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(addr.sun_path))
		return TEEC_ERROR_BAD_PARAMETERS;
	strcpy(addr.sun_path, path);

	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return TEEC_ERROR_OUT_OF_MEMORY;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		close(fd);
		return TEEC_ERROR_ITEM_NOT_FOUND; /* as when no /dev/tee* opens */
	}
	if (!daemon_trusted(fd, path)) {
		close(fd);
		return TEEC_ERROR_COMMUNICATION;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	c->fd = fd;
	pthread_mutex_init(&c->lock, NULL);
	pthread_mutex_init(&c->wlock, NULL);
	pthread_cond_init(&c->cond, NULL);
	res = handshake(c);
	if (res != TEEC_SUCCESS) {
		close(fd);
		pthread_mutex_destroy(&c->lock);
		pthread_mutex_destroy(&c->wlock);
		pthread_cond_destroy(&c->cond);
		free(c);
		return res;
	}
	pthread_mutex_lock(&registry_lock);
	c->next = registry;
	registry = c;
	pthread_mutex_unlock(&registry_lock);
	ctx->imp.fd = fd;
	ctx->imp.reg_mem = true;
	ctx->imp.memref_null = true;
	return TEEC_SUCCESS;
}

void TEEC_FinalizeContext(TEEC_Context *ctx)
{
	struct conn *c = NULL;

	if (!ctx)
		return;
	pthread_mutex_lock(&registry_lock);
	for (struct conn **pp = &registry; *pp; pp = &(*pp)->next) {
		if ((*pp)->fd == ctx->imp.fd) {
			c = *pp;
			*pp = c->next;
			break;
		}
	}
	pthread_mutex_unlock(&registry_lock);
	if (!c)
		return;
	/* the daemon closes whatever sessions are left when the connection goes */
	close(c->fd);
	pthread_mutex_destroy(&c->lock);
	pthread_mutex_destroy(&c->wlock);
	pthread_cond_destroy(&c->cond);
	free(c->sessions);
	free(c);
	ctx->imp.fd = -1;
}

/* ---------------------------------------------------------------- shared memory */

static int valid_flags(uint32_t flags)
{
	return flags && !(flags & ~(uint32_t)(TEEC_MEM_INPUT | TEEC_MEM_OUTPUT));
}

static int new_shm_id(void)
{
	pthread_mutex_lock(&registry_lock);
	if (++next_shm_id > INT32_MAX)
		next_shm_id = 1;
	int id = (int)next_shm_id;

	pthread_mutex_unlock(&registry_lock);
	return id;
}

TEEC_Result TEEC_AllocateSharedMemory(TEEC_Context *ctx, TEEC_SharedMemory *shm)
{
	void *p = NULL;

	if (!ctx || !shm)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!valid_flags(shm->flags))
		return TEEC_ERROR_BAD_PARAMETERS;
	/* size 0 gets a small block: the buffer must not be NULL (GP) */
	size_t s = shm->size ? shm->size : 8;

	if (posix_memalign(&p, 4096, s))
		return TEEC_ERROR_OUT_OF_MEMORY;
	memset(p, 0, s);
	shm->buffer = p;
	shm->imp.id = new_shm_id();
	shm->imp.alloced_size = s;
	shm->imp.shadow_buffer = NULL;
	shm->imp.registered_fd = -1;
	shm->imp.flags = SHM_BUFFER_ALLOCED;
	return TEEC_SUCCESS;
}

TEEC_Result TEEC_RegisterSharedMemory(TEEC_Context *ctx, TEEC_SharedMemory *shm)
{
	if (!ctx || !shm)
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!valid_flags(shm->flags))
		return TEEC_ERROR_BAD_PARAMETERS;
	if (!shm->buffer)
		return TEEC_ERROR_BAD_PARAMETERS;
	/* nothing to map: the memory travels with each call that uses it */
	shm->imp.id = new_shm_id();
	shm->imp.alloced_size = shm->size ? shm->size : 8;
	shm->imp.shadow_buffer = NULL;
	shm->imp.registered_fd = -1;
	shm->imp.flags = 0;
	return TEEC_SUCCESS;
}

TEEC_Result TEEC_RegisterSharedMemoryFileDescriptor(TEEC_Context *ctx, TEEC_SharedMemory *shm, int fd)
{
	struct stat st;
	void *p = NULL;
	int own = -1;

	if (!ctx || !shm || fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "jtee libteec: TEEC_RegisterSharedMemoryFileDescriptor: %s\n",
			!ctx || !shm ? "no context or shared memory" : "not an open file descriptor");
		return TEEC_ERROR_BAD_PARAMETERS;
	}
	/* memfds are regular files; a dma-buf is not, and jtee has no driver to export one */
	if (!S_ISREG(st.st_mode) || st.st_size <= 0 || (uintmax_t)st.st_size > SIZE_MAX) {
		fprintf(stderr, "jtee libteec: TEEC_RegisterSharedMemoryFileDescriptor: fd %d is %s; "
			"jtee registers memfds and other non-empty regular files, not dma-bufs\n",
			fd, S_ISREG(st.st_mode) ? "empty" : "not a regular file");
		return TEEC_ERROR_NOT_SUPPORTED;
	}
	p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "jtee libteec: TEEC_RegisterSharedMemoryFileDescriptor: fd %d cannot be mapped "
			"shared for reading and writing (%s)\n", fd, strerror(errno));
		return TEEC_ERROR_NOT_SUPPORTED;
	}
	own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (own < 0) {
		munmap(p, (size_t)st.st_size);
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	/* as OP-TEE's libteec: no buffer; the caller has its own mapping of fd */
	shm->buffer = NULL;
	shm->size = (size_t)st.st_size;
	shm->imp.id = new_shm_id();
	shm->imp.alloced_size = (size_t)st.st_size;
	shm->imp.shadow_buffer = p;
	shm->imp.registered_fd = own;
	shm->imp.flags = SHM_FD_MAPPED;
	return TEEC_SUCCESS;
}

void TEEC_ReleaseSharedMemory(TEEC_SharedMemory *shm)
{
	if (!shm || shm->imp.id == -1)
		return;
	if (shm->imp.flags & SHM_BUFFER_ALLOCED)
		free(shm->buffer);
	if (shm->imp.flags & SHM_FD_MAPPED) {
		munmap(shm->imp.shadow_buffer, shm->imp.alloced_size);
		close(shm->imp.registered_fd);
	}
	shm->buffer = NULL;
	shm->imp.id = -1;
	shm->imp.shadow_buffer = NULL;
	shm->imp.registered_fd = -1;
	shm->imp.flags = 0;
}

/* ---------------------------------------------------------------- parameters */

#define NONE (-1)

/* One call's parameters as the daemon sees them: TA-side types and memory regions. */
struct marshal {
	uint32_t types;           /* TA-side nibbles */
	int memref[4];            /* 1: a memref with memory, 0: none or a null memref */
	uint8_t *addr[4];
	size_t size[4];
	int owner[4];             /* the parameter whose region holds this memref, or NONE */
	uint8_t *lo[4];           /* owners: the region's memory */
	size_t len[4];
	int out[4];               /* owners: a parameter on the region is an output */
};

static uint32_t ta_type(uint32_t t, const TEEC_Parameter *p, TEEC_Result *res, uint32_t *origin)
{
	const uint32_t inout = TEEC_MEM_INPUT | TEEC_MEM_OUTPUT;
	uint32_t need = 0;

	switch (t) {
	case TEEC_NONE:
	case TEEC_VALUE_INPUT:
	case TEEC_VALUE_OUTPUT:
	case TEEC_VALUE_INOUT:
	case TEEC_MEMREF_TEMP_INPUT:
	case TEEC_MEMREF_TEMP_OUTPUT:
	case TEEC_MEMREF_TEMP_INOUT:
		return t;
	case TEEC_MEMREF_WHOLE:
		if (!p->memref.parent)
			break;
		switch (p->memref.parent->flags & inout) {
		case TEEC_MEM_INPUT:
			return TEEC_MEMREF_TEMP_INPUT;
		case TEEC_MEM_OUTPUT:
			return TEEC_MEMREF_TEMP_OUTPUT;
		case TEEC_MEM_INPUT | TEEC_MEM_OUTPUT:
			return TEEC_MEMREF_TEMP_INOUT;
		default:
			break;
		}
		break;
	case TEEC_MEMREF_PARTIAL_INPUT:
		need = TEEC_MEM_INPUT;
		break;
	case TEEC_MEMREF_PARTIAL_OUTPUT:
		need = TEEC_MEM_OUTPUT;
		break;
	case TEEC_MEMREF_PARTIAL_INOUT:
		need = inout;
		break;
	default:
		break;
	}
	if (need && p->memref.parent && (p->memref.parent->flags & need) == need) {
		const TEEC_SharedMemory *shm = p->memref.parent;
		size_t off = p->memref.offset, size = p->memref.size;

		if (off + size >= off && off + size <= shm->size)
			return t - 8; /* PARTIAL_x (0xD..0xF) → MEMREF_x (0x5..0x7) */
	}
	*res = TEEC_ERROR_BAD_PARAMETERS;
	*origin = TEEC_ORIGIN_API;
	return 0;
}

static int overlaps(const struct marshal *m, int a, int b)
{
	return m->lo[a] <= m->lo[b] + m->len[b] && m->lo[b] <= m->lo[a] + m->len[a];
}

/* Folds region b into region a (a < b). */
static void merge(struct marshal *m, int a, int b)
{
	uint8_t *lo = m->lo[a] < m->lo[b] ? m->lo[a] : m->lo[b];
	uint8_t *ha = m->lo[a] + m->len[a], *hb = m->lo[b] + m->len[b];
	uint8_t *hi = ha > hb ? ha : hb;

	m->lo[a] = lo;
	m->len[a] = (size_t)(hi - lo);
	m->out[a] |= m->out[b];
	for (int i = 0; i < 4; i++)
		if (m->owner[i] == b)
			m->owner[i] = a;
}

/* Checks the operation and groups its memrefs into regions. */
static TEEC_Result prepare(const TEEC_Operation *op, struct marshal *m, size_t max_payload, uint32_t *origin)
{
	TEEC_Result res = TEEC_SUCCESS;

	memset(m, 0, sizeof(*m));
	for (int i = 0; i < 4; i++)
		m->owner[i] = NONE;
	if (!op)
		return TEEC_SUCCESS;
	for (int i = 0; i < 4; i++) {
		uint32_t t = TEEC_PARAM_TYPE_GET(op->paramTypes, i);
		const TEEC_Parameter *p = &op->params[i];
		uint32_t tt = ta_type(t, p, &res, origin);

		if (res != TEEC_SUCCESS)
			return res;
		m->types |= tt << (4 * i);
		if (tt < TEEC_MEMREF_TEMP_INPUT)
			continue;
		uint8_t *addr;
		size_t size;

		if (t <= TEEC_MEMREF_TEMP_INOUT) {
			addr = p->tmpref.buffer;
			size = p->tmpref.size;
			if (!addr && size) {
				*origin = TEEC_ORIGIN_API;
				return TEEC_ERROR_BAD_PARAMETERS;
			}
		} else {
			const TEEC_SharedMemory *shm = p->memref.parent;

			if (shm->imp.id == -1) {
				/* a released block: the kernel does not know its id (EINVAL) */
				*origin = TEEC_ORIGIN_COMMS;
				return TEEC_ERROR_BAD_PARAMETERS;
			}
			/* a file descriptor's block has no buffer, only the library's mapping */
			addr = (uint8_t *)(shm->imp.flags & SHM_FD_MAPPED ? shm->imp.shadow_buffer : shm->buffer);
			size = shm->size;
			if (t != TEEC_MEMREF_WHOLE) {
				addr += p->memref.offset;
				size = p->memref.size;
			}
		}
		if (!addr)
			continue; /* a null memref */
		m->memref[i] = 1;
		m->addr[i] = addr;
		m->size[i] = size;
		m->owner[i] = i;
		m->lo[i] = addr;
		m->len[i] = size;
		m->out[i] = tt != TEEC_MEMREF_TEMP_INPUT;
	}
	/* memrefs on overlapping memory share one region, owned by the lowest index */
	for (int changed = 1; changed;) {
		changed = 0;
		for (int a = 0; a < 4; a++)
			for (int b = a + 1; b < 4; b++)
				if (m->owner[a] == a && m->owner[b] == b && overlaps(m, a, b)) {
					merge(m, a, b);
					changed = 1;
				}
	}
	size_t total = 0;

	for (int i = 0; i < 4; i++) {
		if (m->owner[i] != i)
			continue;
		if (m->len[i] > UINT32_MAX || m->len[i] > max_payload - total) {
			/* more than a frame carries: what the kernel answers when it cannot map it */
			*origin = TEEC_ORIGIN_COMMS;
			return TEEC_ERROR_OUT_OF_MEMORY;
		}
		total += m->len[i];
	}
	return TEEC_SUCCESS;
}

static void put_params(struct jt_out *o, const TEEC_Operation *op, const struct marshal *m)
{
	jt_put_u32(o, m->types);
	for (int i = 0; i < 4; i++) {
		uint32_t tt = (m->types >> (4 * i)) & 0xF;

		if (tt == TEEC_VALUE_INPUT || tt == TEEC_VALUE_INOUT) {
			jt_put_u32(o, op->params[i].value.a);
			jt_put_u32(o, op->params[i].value.b);
		} else if (tt >= TEEC_MEMREF_TEMP_INPUT) {
			int w = m->owner[i];

			if (w == NONE) {
				jt_put_u8(o, 0);
			} else if (w == i) {
				/* the region's bytes always go: the TA sees the memory as it is, as with shared memory */
				jt_put_u8(o, 1);
				jt_put_u32(o, (uint32_t)m->len[i]);
				jt_put_u8(o, 1);
				jt_put_bytes(o, m->lo[i], m->len[i]);
				jt_put_u32(o, (uint32_t)(m->addr[i] - m->lo[i]));
				jt_put_u64(o, m->size[i]);
			} else {
				jt_put_u8(o, 2);
				jt_put_u8(o, (uint8_t)w);
				jt_put_u32(o, (uint32_t)(m->addr[i] - m->lo[w]));
				jt_put_u64(o, m->size[i]);
			}
		}
	}
}

/*
 * Reads a RESULT body: result, origin, session, then the reply parameters,
 * written back into op as libteec does (sizes of outputs also on SHORT_BUFFER).
 * Returns -1 when the body is malformed.
 */
static int get_result(struct jt_in *in, TEEC_Operation *op, const struct marshal *m,
		      TEEC_Result *res, uint32_t *origin, uint32_t *session, uint32_t *instance)
{
	uint64_t sizes[4] = { 0 };
	uint32_t va[4] = { 0 }, vb[4] = { 0 };

	*res = jt_get_u32(in);
	*origin = jt_get_u32(in);
	*session = jt_get_u32(in);
	*instance = jt_get_u32(in);
	if (jt_get_u32(in) != m->types || in->bad)
		return -1;
	for (int i = 0; i < 4; i++) {
		uint32_t tt = (m->types >> (4 * i)) & 0xF;

		if (tt == TEEC_VALUE_OUTPUT || tt == TEEC_VALUE_INOUT) {
			va[i] = jt_get_u32(in);
			vb[i] = jt_get_u32(in);
		} else if (tt == TEEC_MEMREF_TEMP_OUTPUT || tt == TEEC_MEMREF_TEMP_INOUT) {
			sizes[i] = jt_get_u64(in);
		}
	}
	for (int i = 0; i < 4; i++) {
		if (m->owner[i] != i || !m->out[i])
			continue;
		uint32_t n = jt_get_u32(in);

		if (in->bad || n != m->len[i])
			return -1;
		jt_get_bytes(in, m->lo[i], n);
	}
	if (in->bad || in->pos != in->len)
		return -1;
	if (!op)
		return 0;
	for (int i = 0; i < 4; i++) {
		uint32_t t = TEEC_PARAM_TYPE_GET(op->paramTypes, i);
		TEEC_Parameter *p = &op->params[i];

		switch (t) {
		case TEEC_VALUE_OUTPUT:
		case TEEC_VALUE_INOUT:
			p->value.a = va[i];
			p->value.b = vb[i];
			break;
		case TEEC_MEMREF_TEMP_OUTPUT:
		case TEEC_MEMREF_TEMP_INOUT:
			p->tmpref.size = (size_t)sizes[i];
			break;
		case TEEC_MEMREF_WHOLE:
			if (p->memref.parent->flags & TEEC_MEM_OUTPUT)
				p->memref.size = (size_t)sizes[i];
			break;
		case TEEC_MEMREF_PARTIAL_OUTPUT:
		case TEEC_MEMREF_PARTIAL_INOUT:
			p->memref.size = (size_t)sizes[i];
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Reads an ERROR body: the call did not reach the TA; the daemon says what the client reports. */
static void get_error(struct jt_in *in, TEEC_Result *res, uint32_t *origin)
{
	jt_get_u16(in);
	*res = jt_get_u32(in);
	*origin = jt_get_u32(in);
	if (in->bad) {
		*res = TEEC_ERROR_COMMUNICATION;
		*origin = TEEC_ORIGIN_COMMS;
	}
}

/* ---------------------------------------------------------------- sessions and calls */

static void uuid_octets(struct jt_out *o, const TEEC_UUID *u)
{
	jt_put_u32(o, u->timeLow);
	jt_put_u16(o, u->timeMid);
	jt_put_u16(o, u->timeHiAndVersion);
	jt_put_bytes(o, u->clockSeqAndNode, 8);
}

/* One open or invoke: marshal, send, wait, unmarshal. */
static TEEC_Result call_tee(struct conn *c, int type, TEEC_Operation *op, const TEEC_UUID *uuid,
			    uint32_t login, uint32_t connection_data, uint32_t session, uint32_t command,
			    uint32_t *origin, uint32_t *session_out, uint32_t *instance_out)
{
	struct marshal m;
	struct jt_out out = { 0 };
	struct call call;
	TEEC_Result res;

	res = prepare(op, &m, c->max_frame - JT_OVERHEAD, origin);
	if (res != TEEC_SUCCESS)
		return res;
	memset(&call, 0, sizeof(call));
	call.op = op;
	call.session = session;
	size_t start = jt_begin(&out, c->version, (uint8_t)type, 0);

	if (type == JT_OPEN_SESSION) {
		uuid_octets(&out, uuid);
		jt_put_u32(&out, login);
		jt_put_u32(&out, connection_data);
	} else {
		jt_put_u32(&out, session);
		jt_put_u32(&out, command);
	}
	size_t cancel_at = out.len;

	jt_put_u32(&out, 0); /* the cancel id, patched in by roundtrip */
	put_params(&out, op, &m);
	jt_end(&out, start);
	if (out.oom) {
		jt_out_free(&out);
		*origin = TEEC_ORIGIN_COMMS;
		return TEEC_ERROR_OUT_OF_MEMORY;
	}
	if (roundtrip(c, &out, &call, op ? cancel_at : 0)) {
		jt_out_free(&out);
		*origin = TEEC_ORIGIN_COMMS;
		return TEEC_ERROR_COMMUNICATION;
	}
	jt_out_free(&out);
	if (call.type == JT_ERROR) {
		get_error(&call.body, &res, origin);
	} else if (get_result(&call.body, op, &m, &res, origin, session_out, instance_out)) {
		res = TEEC_ERROR_COMMUNICATION;
		*origin = TEEC_ORIGIN_COMMS;
	}
	free(call.frame);
	return res;
}

/* Keeps the instance the daemon named for a new session (a lost entry only hides it). */
static void remember_session(struct conn *c, uint32_t id, uint32_t instance)
{
	pthread_mutex_lock(&c->lock);
	if (c->n_sessions == c->cap_sessions) {
		size_t cap = c->cap_sessions ? 2 * c->cap_sessions : 16;
		struct session_info *p = realloc(c->sessions, cap * sizeof(*p));

		if (p) {
			c->sessions = p;
			c->cap_sessions = cap;
		}
	}
	if (c->n_sessions < c->cap_sessions) {
		c->sessions[c->n_sessions].id = id;
		c->sessions[c->n_sessions].instance = instance;
		c->n_sessions++;
	}
	pthread_mutex_unlock(&c->lock);
}

static void forget_session(struct conn *c, uint32_t id)
{
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->n_sessions; i++) {
		if (c->sessions[i].id == id) {
			c->sessions[i] = c->sessions[--c->n_sessions];
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
}

TEEC_Result TEEC_OpenSession(TEEC_Context *ctx, TEEC_Session *session, const TEEC_UUID *destination,
			     uint32_t connection_method, const void *connection_data,
			     TEEC_Operation *operation, uint32_t *return_origin)
{
	uint32_t origin = TEEC_ORIGIN_API;
	uint32_t data = 0;
	uint32_t id = 0;
	uint32_t instance = 0;
	TEEC_Result res;
	struct conn *c;

	if (!ctx || !session || !destination) {
		res = TEEC_ERROR_BAD_PARAMETERS;
		goto out;
	}
	c = conn_of(ctx);
	if (!c) {
		/* not an open context: the kernel's EBADF on the ioctl */
		res = TEEC_ERROR_GENERIC;
		origin = TEEC_ORIGIN_COMMS;
		goto out;
	}
	/* GROUP logins name the group in connectionData (a gid_t), as the kernel reads it */
	if (connection_data && (connection_method == TEEC_LOGIN_GROUP ||
				connection_method == TEEC_LOGIN_GROUP_APPLICATION))
		memcpy(&data, connection_data, sizeof(data));
	res = call_tee(c, JT_OPEN_SESSION, operation, destination, connection_method, data, 0, 0, &origin, &id,
		       &instance);
	if (res == TEEC_SUCCESS) {
		session->imp.ctx = ctx;
		session->imp.session_id = id;
		remember_session(c, id, instance);
	}
out:
	if (return_origin)
		*return_origin = origin;
	return res;
}

void TEEC_CloseSession(TEEC_Session *session)
{
	struct jt_out out = { 0 };
	struct call call;
	struct conn *c;

	if (!session)
		return;
	c = conn_of(session->imp.ctx);
	if (!c)
		return;
	size_t start = jt_begin(&out, c->version, JT_CLOSE_SESSION, 0);

	jt_put_u32(&out, session->imp.session_id);
	jt_end(&out, start);
	forget_session(c, session->imp.session_id);
	memset(&call, 0, sizeof(call));
	if (!out.oom && roundtrip(c, &out, &call, 0) == 0)
		free(call.frame); /* CloseSession reports nothing */
	jt_out_free(&out);
}

/* Serialises op->imp.session between a call and a concurrent TEEC_RequestCancellation. */
static pthread_mutex_t op_lock = PTHREAD_MUTEX_INITIALIZER;

TEEC_Result TEEC_InvokeCommand(TEEC_Session *session, uint32_t command, TEEC_Operation *operation,
			       uint32_t *return_origin)
{
	uint32_t origin = TEEC_ORIGIN_API;
	uint32_t unused = 0, unused_instance = 0;
	TEEC_Result res;
	struct conn *c;

	if (!session) {
		res = TEEC_ERROR_BAD_PARAMETERS;
		goto out;
	}
	if (operation) {
		pthread_mutex_lock(&op_lock);
		operation->imp.session = session;
		pthread_mutex_unlock(&op_lock);
	}
	c = conn_of(session->imp.ctx);
	if (!c) {
		res = TEEC_ERROR_GENERIC;
		origin = TEEC_ORIGIN_COMMS;
		goto out;
	}
	res = call_tee(c, JT_INVOKE, operation, NULL, 0, 0, session->imp.session_id, command, &origin, &unused,
		       &unused_instance);
out:
	if (return_origin)
		*return_origin = origin;
	return res;
}

void TEEC_RequestCancellation(TEEC_Operation *operation)
{
	TEEC_Session *session;
	struct conn *c;
	uint32_t session_id = 0, cancel_id = 0;

	if (!operation)
		return;
	pthread_mutex_lock(&op_lock);
	session = operation->imp.session;
	pthread_mutex_unlock(&op_lock);
	if (!session)
		return; /* never used with a session: nothing to cancel */
	c = conn_of(session->imp.ctx);
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	for (struct call *k = c->calls; k; k = k->next) {
		if (k->op == operation && !k->done) {
			session_id = k->session;
			cancel_id = k->cancel_id;
			break;
		}
	}
	int broken = c->broken;

	pthread_mutex_unlock(&c->lock);
	if (!cancel_id || broken)
		return; /* the operation is not running: a no-op, as in OP-TEE */

	struct jt_out out = { 0 };
	size_t start = jt_begin(&out, c->version, JT_CANCEL, 0);

	jt_put_u32(&out, session_id);
	jt_put_u32(&out, cancel_id);
	jt_end(&out, start);
	if (!out.oom) {
		pthread_mutex_lock(&c->wlock);
		write_all(c->fd, out.p, out.len); /* not answered; a lost connection shows in the call itself */
		pthread_mutex_unlock(&c->wlock);
	}
	jt_out_free(&out);
}

/* ---------------------------------------------------------------- jtee extensions (jtee_client_ext.h) */

uint32_t jtee_context_secure_threads(const TEEC_Context *ctx)
{
	struct conn *c = conn_of(ctx);

	return c ? c->secure_threads : 0;
}

uint32_t jtee_session_instance(const TEEC_Session *session)
{
	uint32_t instance = 0;
	struct conn *c;

	if (!session)
		return 0;
	c = conn_of(session->imp.ctx);
	if (!c)
		return 0;
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->n_sessions; i++) {
		if (c->sessions[i].id == session->imp.session_id) {
			instance = c->sessions[i].instance;
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return instance;
}
