/* jtee-tahost --connect SOCKET --shm FILE --ta TA_FILE [--lib-dir DIR]...: runs one native TA instance (NATIVE-TAS.md §C).
 * Entry points run one at a time on one stack of exactly TA_STACK_SIZE + 2048 bytes with a guard page
 * below it; the host's own loop runs on the process stack and switches to the TA's with swapcontext. */
#include "tahost.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <ucontext.h>
#include <unistd.h>

struct host H = { .sock = -1, .shm_fd = -1 };

#define FRAMEWORK_STACK 2048
#define PAINT 0x5a5aa5a5c3c33c3cULL
#define SHM_RESERVE (16ULL << 30)

typedef TEE_Result (*create_fn)(void);
typedef void (*destroy_fn)(void);
typedef TEE_Result (*open_fn)(uint32_t, void *, void **);
typedef void (*close_fn)(void *);
typedef TEE_Result (*invoke_fn)(void *, uint32_t, uint32_t, void *);

static struct {
	create_fn create;
	destroy_fn destroy;
	open_fn open;
	close_fn close;
	invoke_fn invoke;
} ep;

struct session {
	uint32_t id;
	uint32_t login;
	TEE_UUID uuid;
	void *ctx;
};
static struct session *sessions;
static size_t n_sessions, cap_sessions;

static size_t page;
static ucontext_t main_ctx, ta_ctx;
static int run_kind;
static struct session *run_session;
static uint32_t run_command;
static TEE_Result run_result;
static TEE_Param params13[4];
static GP11_Param params11[4];
static uint64_t param_off[4];
static uint8_t *painted_from; /* below it the stack still holds the paint */

static void usage(const char *why)
{
	fprintf(stderr, "jtee-tahost: %s (usage: jtee-tahost --connect SOCKET --shm FILE --ta TA_FILE [--lib-dir DIR]...)\n", why);
	exit(2);
}

/* ---- the .ta file's header section (§A), read from the file ---- */

static void read_header(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		die("cannot read the TA %s: %s", path, strerror(errno));
	size_t n = (size_t)st.st_size;
	const uint8_t *f = n >= sizeof(Elf64_Ehdr) ? mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
	close(fd);
	if (f == MAP_FAILED || memcmp(f, ELFMAG, SELFMAG) || f[EI_CLASS] != ELFCLASS64)
		die("%s is not a 64-bit ELF file", path);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)f;
	if (eh->e_shoff == 0 || eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > n || eh->e_shstrndx >= eh->e_shnum)
		die("%s has no section table", path);
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(f + eh->e_shoff);
	const Elf64_Shdr *strs = &sh[eh->e_shstrndx];
	for (unsigned i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_name >= strs->sh_size || strs->sh_offset + strs->sh_size > n)
			continue;
		const char *name = (const char *)f + strs->sh_offset + sh[i].sh_name;
		if (strcmp(name, ".jtee_ta_head"))
			continue;
		const uint8_t *h = f + sh[i].sh_offset;
		if (sh[i].sh_offset + sh[i].sh_size > n || sh[i].sh_size < 52 || memcmp(h, "JTEETA\0\1", 8))
			die("%s: the .jtee_ta_head section is not a jtee TA header", path);
		uint32_t version, abi;
		memcpy(&version, h + 8, 4);
		if (version != 1)
			die("%s: TA header format version %u, this host reads 1", path, version);
		memcpy(&H.uuid, h + 16, 16);
		memcpy(&H.ta_flags, h + 32, 4);
		memcpy(&H.stack_size, h + 36, 4);
		memcpy(&H.data_size, h + 40, 4);
		memcpy(&abi, h + 44, 4);
		if (abi != 13 && abi != 11)
			die("%s: TA ABI %u (13 or 11 expected)", path, abi);
		H.abi = (int)abi;
		munmap((void *)f, n);
		return;
	}
	die("%s has no .jtee_ta_head section", path);
}

/* ---- memory: the stack, the shared memory ---- */

static void make_stack(void)
{
	size_t bytes = ((size_t)H.stack_size + FRAMEWORK_STACK) & ~(size_t)15;
	size_t span = (bytes + page - 1) / page * page;
	uint8_t *m = mmap(NULL, page + span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED || mprotect(m, page, PROT_NONE))
		die("cannot map a %zu-byte TA stack", bytes);
	H.guard_lo = (uintptr_t)m;
	H.stack_lo = m + page; /* the guard page lies right below the TA's lowest byte */
	H.stack_hi = H.stack_lo + bytes;
	for (uint64_t *w = (uint64_t *)H.stack_lo; w < (uint64_t *)H.stack_hi; w++)
		*w = PAINT;
	painted_from = H.stack_hi;
}

static void open_shm(const char *path)
{
	struct stat st;
	H.shm_fd = open(path, O_RDWR | O_CLOEXEC);
	if (H.shm_fd < 0 || fstat(H.shm_fd, &st) < 0)
		die("cannot open the shared memory %s: %s", path, strerror(errno));
	H.shm_reserved = SHM_RESERVE;
	H.shm = mmap(NULL, H.shm_reserved, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (H.shm == MAP_FAILED)
		die("cannot reserve address space for the shared memory");
	H.shm_size = 0;
	shm_grow((uint64_t)st.st_size);
}

/* Maps the file up to size at the same address (memref pointers the TA holds never move). */
void shm_grow(uint64_t size)
{
	uint64_t mapped = (H.shm_size + page - 1) / page * page;
	uint64_t want = (size + page - 1) / page * page;
	if (size <= H.shm_size)
		return;
	if (want > H.shm_reserved)
		die("shared memory of %llu bytes is beyond the host's reservation", (unsigned long long)size);
	if (want > mapped && mmap(H.shm + mapped, want - mapped, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, H.shm_fd,
				  (off_t)mapped) == MAP_FAILED)
		die("cannot map the shared memory to %llu bytes: %s", (unsigned long long)size, strerror(errno));
	H.shm_size = size;
}

/* ---- sessions ---- */

static struct session *find_session(uint32_t id)
{
	for (size_t i = 0; i < n_sessions; i++)
		if (sessions[i].id == id)
			return &sessions[i];
	return NULL;
}

static struct session *add_session(uint32_t id)
{
	if (n_sessions == cap_sessions) {
		cap_sessions = cap_sessions ? cap_sessions * 2 : 8;
		sessions = realloc(sessions, cap_sessions * sizeof(*sessions));
		if (!sessions)
			die("out of memory for sessions");
	}
	struct session *s = &sessions[n_sessions++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	return s;
}

static void remove_session(struct session *s)
{
	*s = sessions[--n_sessions];
}

/* ---- parameters ---- */

static size_t page_round(uint64_t n)
{
	return (size_t)((n + page - 1) / page * page);
}

static void read_params(struct rd *r)
{
	uint32_t types = rd_u32(r);
	uint64_t size = rd_u64(r);
	if (size > H.shm_size)
		shm_grow(size);
	H.param_types = types & 0xFFFF;
	H.shm_used_end = 0;
	for (int i = 0; i < 4; i++) {
		uint64_t a = rd_u64(r), b = rd_u64(r);
		int t = PT_GET(types, i);
		void *buf = NULL;
		param_off[i] = 0;
		H.param_buf[i] = NULL;
		H.param_size[i] = 0;
		memset(&params13[i], 0, sizeof(params13[i]));
		memset(&params11[i], 0, sizeof(params11[i]));
		if (t >= PT_VALUE_INPUT && t <= PT_VALUE_INOUT) {
			params13[i].value.a = params11[i].value.a = (uint32_t)a;
			params13[i].value.b = params11[i].value.b = (uint32_t)b;
		} else if (t >= PT_MEMREF_INPUT && t <= PT_MEMREF_INOUT && a == NULL_MEMREF) {
			/* a null buffer: the TA sees NULL with the size the client gave */
			param_off[i] = NULL_MEMREF;
			params13[i].memref.size = b;
			params11[i].memref.size = (uint32_t)b;
		} else if (t >= PT_MEMREF_INPUT && t <= PT_MEMREF_INOUT) {
			if (a % page || a > H.shm_size || b > H.shm_size - a)
				die("malformed parameters from the world: memref %d at %llu+%llu, shared memory %llu bytes", i,
				    (unsigned long long)a, (unsigned long long)b, (unsigned long long)H.shm_size);
			if (H.abi == 11 && b > UINT32_MAX)
				die("malformed parameters from the world: memref %d of %llu bytes for a GP 1.1 TA", i,
				    (unsigned long long)b);
			param_off[i] = a;
			buf = H.shm + a; /* size 0 too: an empty buffer is not a null one */
			if (a + page_round(b ? b : 1) > H.shm_used_end)
				H.shm_used_end = a + page_round(b ? b : 1);
			params13[i].memref.buffer = params11[i].memref.buffer = buf;
			params13[i].memref.size = b;
			params11[i].memref.size = (uint32_t)b;
			H.param_buf[i] = buf;
			H.param_size[i] = b;
			if (t == PT_MEMREF_INPUT && b && mprotect(buf, page_round(b), PROT_READ))
				die("cannot map an INPUT memref read-only: %s", strerror(errno));
		} else if (t != PT_NONE) {
			die("malformed parameters from the world: type %d for parameter %d", t, i);
		}
	}
}

static void unmap_inputs(void)
{
	for (int i = 0; i < 4; i++)
		if (PT_GET(H.param_types, i) == PT_MEMREF_INPUT && H.param_buf[i])
			mprotect(H.param_buf[i], page_round(H.param_size[i]), PROT_READ | PROT_WRITE);
}

static void out_params(void)
{
	out_u32(H.param_types);
	out_u64(H.shm_size);
	for (int i = 0; i < 4; i++) {
		int t = PT_GET(H.param_types, i);
		if (t >= PT_VALUE_INPUT && t <= PT_VALUE_INOUT) {
			out_u64(H.abi == 11 ? params11[i].value.a : params13[i].value.a);
			out_u64(H.abi == 11 ? params11[i].value.b : params13[i].value.b);
		} else if (t >= PT_MEMREF_INPUT && t <= PT_MEMREF_INOUT) {
			out_u64(param_off[i]);
			out_u64(H.abi == 11 ? params11[i].memref.size : params13[i].memref.size);
		} else {
			out_u64(0);
			out_u64(0);
		}
	}
}

/* ---- entries ---- */

static void entry_tramp(void)
{
	void *p = H.abi == 11 ? (void *)params11 : (void *)params13;
	switch (run_kind) {
	case FR_CREATE:
		dl_run_inits(); /* as OP-TEE's libutee: the modules' .init_array, dependencies first */
		run_result = ep.create();
		break;
	case FR_OPEN:
		run_result = ep.open(H.param_types, p, &run_session->ctx);
		break;
	case FR_INVOKE:
		run_result = ep.invoke(run_session->ctx, run_command, H.param_types, p);
		break;
	case FR_CLOSE:
		ep.close(run_session->ctx);
		run_result = TEE_SUCCESS;
		break;
	case FR_DESTROY:
		ep.destroy();
		dl_run_finis();
		run_result = TEE_SUCCESS;
		break;
	}
}

/* The stack this entry used: from the lowest byte that lost its paint; only that part is repainted. */
static uint64_t stack_used(void)
{
	static uint64_t painted[32]; /* 256 bytes of paint: whole chunks compare with memcmp's vector code */
	uint64_t *w = (uint64_t *)H.stack_lo, *top = (uint64_t *)painted_from;
	if (painted[0] != PAINT)
		for (size_t i = 0; i < 32; i++)
			painted[i] = PAINT;
	while (w + 32 <= top && !memcmp(w, painted, sizeof(painted)))
		w += 32;
	while (w < top && *w == PAINT)
		w++;
	uint64_t used = (uint64_t)(H.stack_hi - (uint8_t *)w);
	for (uint64_t *q = w; q < (uint64_t *)H.stack_hi; q++)
		*q = PAINT;
	painted_from = H.stack_hi;
	return used;
}

static void run_entry(int kind, uint32_t seq)
{
	run_kind = kind;
	H.in_entry = true;
	H.entry_session = run_session ? run_session->id : 0;
	H.cancel_flag = false;
	H.cancel_masked = true; /* masked at every entry: the TA unmasks (GP, OP-TEE) */
	getcontext(&ta_ctx);
	ta_ctx.uc_stack.ss_sp = H.stack_lo;
	ta_ctx.uc_stack.ss_size = (size_t)(H.stack_hi - H.stack_lo);
	ta_ctx.uc_link = &main_ctx;
	makecontext(&ta_ctx, entry_tramp, 0);
	if (swapcontext(&main_ctx, &ta_ctx))
		die("cannot switch to the TA stack: %s", strerror(errno));
	H.in_entry = false;
	unmap_inputs();
	out_begin(FR_DONE, seq);
	out_u32(run_result);
	out_u32(TEE_ORIGIN_TRUSTED_APP);
	out_params();
	out_heap_stats();
	out_u64(stack_used());
	out_send();
}

static void no_params(void)
{
	H.param_types = 0;
	H.shm_used_end = 0;
}

/* A frame that arrives while an entry runs (in TEE_Wait, TEE_GetCancellationFlag, a REQUEST's wait). */
void entry_frame(const struct frame *f)
{
	if (f->type == FR_CANCEL) {
		struct rd r = { f->body, f->body + f->len, "CANCEL" };
		if (rd_u32(&r) == H.entry_session)
			H.cancel_flag = true;
		return;
	}
	die("malformed frame from the world: type %u while an entry runs", f->type);
}

void poll_cancel(void)
{
	struct frame f;
	while (in_frame(&f, 0))
		entry_frame(&f);
}

static void serve(void)
{
	struct frame f;
	for (;;) {
		in_frame(&f, -1);
		struct rd r = { f.body, f.body + f.len, "" };
		run_session = NULL;
		switch (f.type) {
		case FR_CREATE:
			r.what = "CREATE";
			props_set_from_create(&r);
			no_params();
			run_entry(FR_CREATE, f.seq);
			break;
		case FR_OPEN: {
			r.what = "OPEN";
			uint32_t id = rd_u32(&r);
			uint32_t login = rd_u32(&r);
			TEE_UUID uuid;
			memcpy(&uuid, rd_bytes(&r, 16), 16);
			if (find_session(id))
				die("malformed OPEN from the world: session %u is open already", id);
			read_params(&r);
			run_session = add_session(id);
			run_session->login = login;
			run_session->uuid = uuid;
			props_set_client(login, &uuid);
			run_entry(FR_OPEN, f.seq);
			if (run_result != TEE_SUCCESS)
				remove_session(find_session(id)); /* CloseSession is not called for it (GP) */
			break;
		}
		case FR_INVOKE: {
			r.what = "INVOKE";
			uint32_t id = rd_u32(&r);
			run_command = rd_u32(&r);
			run_session = find_session(id);
			if (!run_session)
				die("malformed INVOKE from the world: no session %u", id);
			read_params(&r);
			props_set_client(run_session->login, &run_session->uuid);
			run_entry(FR_INVOKE, f.seq);
			break;
		}
		case FR_CLOSE: {
			r.what = "CLOSE";
			uint32_t id = rd_u32(&r);
			run_session = find_session(id);
			if (!run_session)
				die("malformed CLOSE from the world: no session %u", id);
			no_params();
			props_set_client(run_session->login, &run_session->uuid);
			run_entry(FR_CLOSE, f.seq);
			remove_session(find_session(id));
			break;
		}
		case FR_DESTROY:
			no_params();
			run_entry(FR_DESTROY, f.seq);
			exit(0);
		case FR_CANCEL:
			break; /* no entry runs: nothing to cancel */
		default:
			die("malformed frame from the world: type %u", f.type);
		}
	}
}

static void *entry_symbol(void *h, const char *name, bool required)
{
	void *p = dlsym(h, name);
	if (!p && required)
		die("%s does not define %s", H.ta_path, name);
	return p;
}

int main(int argc, char **argv)
{
	const char *sock_path = NULL, *shm_path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--lib-dir") && i + 1 < argc) {
			dl_add_lib_dir(argv[++i]);
			continue;
		}
		const char **dst = !strcmp(argv[i], "--connect") ? &sock_path
				   : !strcmp(argv[i], "--shm")   ? &shm_path
				   : !strcmp(argv[i], "--ta")    ? &H.ta_path
								 : NULL;
		if (!dst) {
			char why[300];
			snprintf(why, sizeof(why), "unknown argument '%.200s'", argv[i]);
			usage(why);
		}
		if (i + 1 >= argc)
			usage("missing value after an option");
		*dst = argv[++i];
	}
	if (!sock_path || !shm_path || !H.ta_path)
		usage("--connect, --shm and --ta are all needed");
	page = (size_t)sysconf(_SC_PAGESIZE);

	/* a TA's printf and stray writes go to stderr: the world copies those lines to its console */
	if (dup2(2, 1) < 0)
		die("cannot redirect stdout: %s", strerror(errno));

	read_header(H.ta_path); /* a bad file says so before anything else happens */

	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	if (strlen(sock_path) >= sizeof(addr.sun_path))
		usage("the socket path is too long");
	strcpy(addr.sun_path, sock_path);
	H.sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (H.sock < 0 || connect(H.sock, (struct sockaddr *)&addr, sizeof(addr)))
		die("cannot connect to %s: %s", sock_path, strerror(errno));
	open_shm(shm_path);

	heap_init(H.data_size);
	make_stack();
	fault_init();

	void *h = dl_load_ta(H.ta_path);
	ep.create = (create_fn)entry_symbol(h, "TA_CreateEntryPoint", true);
	ep.destroy = (destroy_fn)entry_symbol(h, "TA_DestroyEntryPoint", true);
	ep.close = (close_fn)entry_symbol(h, "TA_CloseSessionEntryPoint", true);
	const char *pre = H.abi == 11 ? "__GP11_" : "";
	char name[64];
	snprintf(name, sizeof(name), "%sTA_OpenSessionEntryPoint", pre);
	ep.open = (open_fn)entry_symbol(h, name, true);
	snprintf(name, sizeof(name), "%sTA_InvokeCommandEntryPoint", pre);
	ep.invoke = (invoke_fn)entry_symbol(h, name, true);
	fault_regions_ta();

	out_begin(FR_HELLO, 0);
	out_u32((uint32_t)H.abi);
	out_u32((uint32_t)getpid());
	out_u64((uint64_t)(uintptr_t)H.stack_lo);
	out_u64((uint64_t)(H.stack_hi - H.stack_lo));
	out_send();
	serve();
}
