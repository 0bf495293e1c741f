/* The Internal Core API functions of this issue besides heap and properties: memory, access rights,
 * panics, time, cancellation, randomness, instance data, traces, TA-to-TA; and every other GP
 * function as a clear panic (unsupported.def). They run on the TA's stack: no stdio here. */
#include "tahost.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define ACCESS_READ 1u
#define ACCESS_WRITE 2u
#define ACCESS_ANY_OWNER 4u

EXPORT void TEE_Panic(TEE_Result code)
{
	fault_from_ta(FAULT_PANIC, code);
}

EXPORT void jtee_stack_chk_fail(void)
{
	fault_from_ta(FAULT_STACK_SMASHING, TEE_ERROR_OVERFLOW);
}

static void trace_text(int level, const char *a, const char *b)
{
	out_begin(FR_TRACE, 0);
	out_u32((uint32_t)level);
	out_bytes(a, strlen(a));
	out_bytes(b, strlen(b));
	out_send();
}

EXPORT void jtee_trace(int level, const char *text)
{
	trace_text(level, text ? text : "", "");
}

/* Every GP function jtee's host does not offer yet: a line, then TEE_Panic(TEE_ERROR_NOT_IMPLEMENTED). */
static void unsupported(const char *name) __attribute__((noreturn, unused));
static void unsupported(const char *name)
{
	trace_text(1, name, " is not supported by jtee's TA host yet");
	fault_from_ta(FAULT_PANIC, TEE_ERROR_NOT_IMPLEMENTED);
}
#define UNSUPPORTED(f) \
	EXPORT void f(void); \
	void f(void) { unsupported(#f); }
#include "unsupported.def"

/* ---- memory ---- */

EXPORT void *TEE_MemMove(void *dest, const void *src, size_t size)
{
	return memmove(dest, src, size);
}

EXPORT void __GP11_TEE_MemMove(void *dest, const void *src, uint32_t size)
{
	memmove(dest, src, size);
}

EXPORT void *TEE_MemFill(void *buf, uint32_t x, size_t size)
{
	return memset(buf, (int)(x & 0xff), size);
}

EXPORT void __GP11_TEE_MemFill(void *buf, uint32_t x, uint32_t size)
{
	memset(buf, (int)(x & 0xff), size);
}

/* Constant time, as OP-TEE's (the result's sign is what GP specifies). */
EXPORT int32_t TEE_MemCompare(const void *a, const void *b, size_t size)
{
	const volatile uint8_t *p = a, *q = b;
	int32_t res = 0;
	for (size_t i = size; i > 0; i--) {
		int32_t d = (int32_t)p[i - 1] - (int32_t)q[i - 1];
		res = d ? d : res;
	}
	return res;
}

EXPORT int32_t __GP11_TEE_MemCompare(const void *a, const void *b, uint32_t size)
{
	return TEE_MemCompare(a, b, size);
}

/* ---- access rights: against the host's own map of the TA's memory ---- */

struct region;
int fault_region_rights(uintptr_t a, size_t len); /* fault.c: flags r 1 w 2, -1 when not the TA's */

static bool intersects(uintptr_t a, size_t la, uintptr_t b, size_t lb)
{
	return a < b + lb && b < a + la;
}

EXPORT TEE_Result TEE_CheckMemoryAccessRights(uint32_t flags, void *buffer, size_t size)
{
	uintptr_t a = (uintptr_t)buffer;
	if (!size)
		return TEE_SUCCESS;
	if (a + size < a)
		return TEE_ERROR_ACCESS_DENIED;
	int rights = fault_region_rights(a, size);
	if (rights < 0 || ((flags & ACCESS_READ) && !(rights & 1)) || ((flags & ACCESS_WRITE) && !(rights & 2)))
		return TEE_ERROR_ACCESS_DENIED;
	flags &= ACCESS_READ | ACCESS_WRITE | ACCESS_ANY_OWNER;
	for (int i = 0; i < 4; i++) {
		int t = PT_GET(H.param_types, i);
		uint32_t f = ACCESS_ANY_OWNER;
		if (t < PT_MEMREF_INPUT || t > PT_MEMREF_INOUT || !H.param_buf[i])
			continue;
		if (t != PT_MEMREF_INPUT)
			f |= ACCESS_WRITE;
		f |= ACCESS_READ;
		if (!intersects(a, size, (uintptr_t)H.param_buf[i], H.param_size[i]))
			continue;
		/* the client's memory is not the TA's own: ANY_OWNER says the TA accepts that */
		if (!(flags & ACCESS_ANY_OWNER) || (flags & f) != flags)
			return TEE_ERROR_ACCESS_DENIED;
	}
	if (heap_overlaps(buffer, size) && !heap_within_block(buffer, size))
		return TEE_ERROR_ACCESS_DENIED;
	return TEE_SUCCESS;
}

EXPORT TEE_Result __GP11_TEE_CheckMemoryAccessRights(uint32_t flags, void *buffer, uint32_t size)
{
	return TEE_CheckMemoryAccessRights(flags, buffer, size);
}

/* OP-TEE's cache maintenance (syscall_cache_operation): NOT_SUPPORTED unless the TA's flags have
 * TA_FLAG_CACHE_MAINTENANCE; ACCESS_DENIED on anything but the current call's memref parameters (never
 * the TA's private memory) or what the TA may not read. This host's caches are coherent: the
 * operation itself is a full memory barrier. */
#define TA_FLAG_CACHE_MAINTENANCE (1u << 7)

static TEE_Result cache_operation(void *buf, size_t len)
{
	uintptr_t a = (uintptr_t)buf;
	bool in_param = len == 0;
	if (!(H.ta_flags & TA_FLAG_CACHE_MAINTENANCE))
		return TEE_ERROR_NOT_SUPPORTED;
	for (int i = 0; i < 4 && !in_param; i++) {
		int t = PT_GET(H.param_types, i);
		uintptr_t p = (uintptr_t)H.param_buf[i];
		if (t >= PT_MEMREF_INPUT && t <= PT_MEMREF_INOUT && p && a >= p && a + len >= a &&
		    a + len <= p + H.param_size[i])
			in_param = true;
	}
	if (!in_param || TEE_CheckMemoryAccessRights(ACCESS_READ | ACCESS_ANY_OWNER, buf, len) != TEE_SUCCESS)
		return TEE_ERROR_ACCESS_DENIED;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return TEE_SUCCESS;
}

EXPORT TEE_Result TEE_CacheClean(char *buf, size_t len)
{
	return cache_operation(buf, len);
}

EXPORT TEE_Result TEE_CacheFlush(char *buf, size_t len)
{
	return cache_operation(buf, len);
}

EXPORT TEE_Result TEE_CacheInvalidate(char *buf, size_t len)
{
	return cache_operation(buf, len);
}

/* ---- time and cancellation ---- */

static void time_of(clockid_t c, TEE_Time *t)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	t->seconds = (uint32_t)ts.tv_sec;
	t->millis = (uint32_t)(ts.tv_nsec / 1000000);
}

EXPORT void TEE_GetSystemTime(TEE_Time *t)
{
	time_of(CLOCK_MONOTONIC, t);
}

EXPORT void TEE_GetREETime(TEE_Time *t)
{
	time_of(CLOCK_REALTIME, t);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool cancelled(void)
{
	return H.cancel_flag && !H.cancel_masked;
}

/* Sleeps, watching the socket: a CANCEL for this entry ends the wait unless cancellation is masked. */
EXPORT TEE_Result TEE_Wait(uint32_t timeout)
{
	int64_t end = timeout == TEE_TIMEOUT_INFINITE ? INT64_MAX : now_ms() + timeout;
	struct frame f;
	poll_cancel();
	while (!cancelled()) {
		int64_t left = end - now_ms();
		if (left <= 0)
			return TEE_SUCCESS;
		if (in_frame(&f, end == INT64_MAX ? -1 : (int)(left > 1000000 ? 1000000 : left)))
			entry_frame(&f);
	}
	return TEE_ERROR_CANCEL;
}

EXPORT bool TEE_GetCancellationFlag(void)
{
	poll_cancel();
	return cancelled();
}

EXPORT bool TEE_MaskCancellation(void)
{
	bool was = H.cancel_masked;
	H.cancel_masked = true;
	return was;
}

EXPORT bool TEE_UnmaskCancellation(void)
{
	bool was = H.cancel_masked;
	H.cancel_masked = false;
	return was;
}

/* ---- OP-TEE's extension: a UUID from its text "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" ---- */

static bool hex_field(const char *s, int digits, uint32_t *v)
{
	*v = 0;
	for (int i = 0; i < digits; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return false;
		*v = *v << 4 | (uint32_t)d;
	}
	return true;
}

EXPORT TEE_Result tee_uuid_from_str(TEE_UUID *uuid, const char *s)
{
	static const int group[] = { 8, 4, 4, 4, 12 };
	TEE_UUID u;
	uint32_t v;
	if (!s || strnlen(s, 37) != 36)
		return TEE_ERROR_BAD_FORMAT;
	for (int g = 0, at = 0; g < 5; at += group[g++] + 1)
		if (g < 4 && s[at + group[g]] != '-')
			return TEE_ERROR_BAD_FORMAT;
	if (!hex_field(s, 8, &v))
		return TEE_ERROR_BAD_FORMAT;
	u.timeLow = v;
	if (!hex_field(s + 9, 4, &v))
		return TEE_ERROR_BAD_FORMAT;
	u.timeMid = (uint16_t)v;
	if (!hex_field(s + 14, 4, &v))
		return TEE_ERROR_BAD_FORMAT;
	u.timeHiAndVersion = (uint16_t)v;
	for (int i = 0; i < 8; i++) {
		if (!hex_field(s + (i < 2 ? 19 + 2 * i : 24 + 2 * (i - 2)), 2, &v))
			return TEE_ERROR_BAD_FORMAT;
		u.clockSeqAndNode[i] = (uint8_t)v;
	}
	*uuid = u;
	return TEE_SUCCESS;
}

/* ---- randomness, instance data ---- */

EXPORT void TEE_GenerateRandom(void *buf, size_t len)
{
	uint8_t *p = buf;
	while (len) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			TEE_Panic(TEE_ERROR_GENERIC);
		}
		p += n;
		len -= (size_t)n;
	}
}

EXPORT void __GP11_TEE_GenerateRandom(void *buf, uint32_t len)
{
	TEE_GenerateRandom(buf, len);
}

EXPORT void TEE_SetInstanceData(const void *data)
{
	H.instance_data = (void *)data;
}

EXPORT const void *TEE_GetInstanceData(void)
{
	return H.instance_data;
}

/* ---- TA-to-TA: REQUEST frames; the TA's memrefs are copied through the shared memory ---- */

enum { OP_TA_OPEN = 1, OP_TA_INVOKE = 2, OP_TA_CLOSE = 3 };

/* One call's parameters, ABI-neutral */
struct call_params {
	uint32_t types;
	void *buf[4];
	uint64_t size[4];
	uint32_t a[4], b[4];
	uint64_t off[4];
};

static uint64_t round_page(uint64_t n)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	return (n + page - 1) / page * page;
}

static void out_call_params(struct call_params *p)
{
	uint64_t cursor = round_page(H.shm_used_end);
	for (int i = 0; i < 4; i++) {
		int t = PT_GET(p->types, i);
		if (t >= PT_MEMREF_INPUT && t <= PT_MEMREF_INOUT && !p->buf[i]) {
			p->off[i] = NULL_MEMREF;
		} else if (t >= PT_MEMREF_INPUT && t <= PT_MEMREF_INOUT) {
			p->off[i] = cursor;
			cursor += round_page(p->size[i] ? p->size[i] : 1);
		}
	}
	if (cursor > H.shm_size) {
		if (ftruncate(H.shm_fd, (off_t)cursor))
			TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
		shm_grow(cursor);
	}
	/* bits 16-19: memref i lies in the entry's own parameters, i.e. its caller's memory (a
	   client's is normal-world memory, which pseudo-TAs may refuse) */
	uint32_t callers = 0;
	for (int i = 0; i < 4; i++) {
		int t = PT_GET(p->types, i);
		if (t < PT_MEMREF_INPUT || t > PT_MEMREF_INOUT || !p->buf[i])
			continue;
		for (int j = 0; j < 4; j++) {
			int e = PT_GET(H.param_types, j);
			if (e >= PT_MEMREF_INPUT && e <= PT_MEMREF_INOUT && H.param_buf[j] &&
			    intersects((uintptr_t)p->buf[i], p->size[i] ? p->size[i] : 1, (uintptr_t)H.param_buf[j],
				       H.param_size[j] ? H.param_size[j] : 1))
				callers |= 1u << (16 + i);
		}
	}
	out_u32(p->types | callers);
	out_u64(H.shm_size);
	for (int i = 0; i < 4; i++) {
		int t = PT_GET(p->types, i);
		if (t >= PT_VALUE_INPUT && t <= PT_VALUE_INOUT) {
			out_u64(p->a[i]);
			out_u64(p->b[i]);
		} else if (t >= PT_MEMREF_INPUT && t <= PT_MEMREF_INOUT) {
			if (p->size[i] && p->buf[i])
				memcpy(H.shm + p->off[i], p->buf[i], p->size[i]);
			out_u64(p->off[i]);
			out_u64(p->size[i]);
		} else {
			out_u64(0);
			out_u64(0);
		}
	}
}

static void in_call_params(struct rd *r, struct call_params *p)
{
	rd_u32(r);
	uint64_t size = rd_u64(r);
	if (size > H.shm_size)
		shm_grow(size);
	for (int i = 0; i < 4; i++) {
		uint64_t a = rd_u64(r), b = rd_u64(r);
		int t = PT_GET(p->types, i);
		if (t == PT_VALUE_OUTPUT || t == PT_VALUE_INOUT) {
			p->a[i] = (uint32_t)a;
			p->b[i] = (uint32_t)b;
		} else if (t == PT_MEMREF_OUTPUT || t == PT_MEMREF_INOUT) {
			if (b <= p->size[i] && p->buf[i] && p->off[i] != NULL_MEMREF && p->off[i] + b <= H.shm_size)
				memcpy(p->buf[i], H.shm + p->off[i], b);
			p->size[i] = b; /* larger than the buffer: SHORT_BUFFER's needed size */
		}
	}
}

/* Sends a REQUEST (begun by the caller) and waits for its REPLY; CANCELs meanwhile are seen. */
static struct rd await_reply(uint32_t seq)
{
	struct frame f;
	out_send();
	for (;;) {
		in_frame(&f, -1);
		if (f.type == FR_REPLY && f.seq == seq)
			return (struct rd){ f.body, f.body + f.len, "REPLY" };
		entry_frame(&f);
	}
}

static TEE_Result ta_call(int op, const TEE_UUID *uuid, uint32_t *session, uint32_t timeout, uint32_t command,
			  struct call_params *p, uint32_t *origin)
{
	uint32_t seq = ++H.req_seq;
	out_begin(FR_REQUEST, seq);
	out_u32((uint32_t)op);
	if (op == OP_TA_OPEN) {
		out_bytes(uuid, 16);
		out_u32(timeout);
	} else {
		out_u32(*session);
		if (op == OP_TA_INVOKE) {
			out_u32(timeout);
			out_u32(command);
		}
	}
	if (op != OP_TA_CLOSE)
		out_call_params(p);
	struct rd r = await_reply(seq);
	TEE_Result res = rd_u32(&r);
	uint32_t org = rd_u32(&r);
	if (op == OP_TA_OPEN)
		*session = rd_u32(&r);
	if (op != OP_TA_CLOSE)
		in_call_params(&r, p);
	if (origin)
		*origin = org;
	return res;
}

/* Between a TA's TEE_Param array (GP 1.3 or 1.1 layout) and a call's parameters */
#define PARAM_CONVERSIONS(abi, param_t, size_t_)                                         \
	static void params_from##abi(struct call_params *c, uint32_t types, param_t *p)  \
	{                                                                                \
		memset(c, 0, sizeof(*c));                                                \
		c->types = types & 0xFFFF;                                               \
		for (int i = 0; p && i < 4; i++) {                                       \
			int t = PT_GET(types, i);                                        \
			if (t >= PT_MEMREF_INPUT && t <= PT_MEMREF_INOUT) {              \
				c->buf[i] = p[i].memref.buffer;                          \
				c->size[i] = p[i].memref.size;                           \
			} else if (t >= PT_VALUE_INPUT && t <= PT_VALUE_INOUT) {         \
				c->a[i] = p[i].value.a;                                  \
				c->b[i] = p[i].value.b;                                  \
			}                                                                \
		}                                                                        \
	}                                                                                \
	static void params_to##abi(const struct call_params *c, param_t *p)              \
	{                                                                                \
		for (int i = 0; p && i < 4; i++) {                                       \
			int t = PT_GET(c->types, i);                                     \
			if (t == PT_MEMREF_OUTPUT || t == PT_MEMREF_INOUT) {             \
				p[i].memref.size = (size_t_)c->size[i];                  \
			} else if (t == PT_VALUE_OUTPUT || t == PT_VALUE_INOUT) {        \
				p[i].value.a = c->a[i];                                  \
				p[i].value.b = c->b[i];                                  \
			}                                                                \
		}                                                                        \
	}
PARAM_CONVERSIONS(13, TEE_Param, size_t)
PARAM_CONVERSIONS(11, GP11_Param, uint32_t)

/* Sessions to the system pseudo-TA: its DLOPEN and DLSYM are served in this process (dl.c), the rest
 * goes to the world. For a world without a system pseudo-TA, the dev kit's libdl takes a local session
 * (jtee_system_pta_local_session, out of the world's u32 range) that serves those two alone; a TA's
 * own TEE_OpenTASession still sees the world's answer. */
#define PTA_SYSTEM_DLOPEN 10
#define PTA_SYSTEM_DLSYM 11
#define MAX_SYSTEM_SESSIONS 8
static const TEE_UUID system_pta = { 0x3a2f8978, 0x5dc0, 0x11e8, { 0x9c, 0x2d, 0xfa, 0x7a, 0xe0, 0x1b, 0xbe, 0xbc } };
static void *system_sessions[MAX_SYSTEM_SESSIONS];
static uint64_t local_sessions;

static int system_session(void *session)
{
	for (int i = 0; i < MAX_SYSTEM_SESSIONS; i++)
		if (system_sessions[i] == session)
			return i;
	return -1;
}

static bool local_session(void *session)
{
	return (uintptr_t)session > UINT32_MAX;
}

EXPORT void *jtee_system_pta_local_session(void)
{
	int slot = system_session(NULL);
	if (slot < 0)
		return NULL;
	system_sessions[slot] = (void *)(uintptr_t)(((uint64_t)1 << 32) | ++local_sessions);
	return system_sessions[slot];
}

static TEE_Result open_ta(const TEE_UUID *dest, uint32_t timeout, struct call_params *c, void **session, uint32_t *origin)
{
	uint32_t s = 0;
	bool system = !memcmp(dest, &system_pta, sizeof(*dest));
	int slot = system ? system_session(NULL) : -1;
	if (system && slot < 0) {
		if (origin)
			*origin = TEE_ORIGIN_TEE;
		return TEE_ERROR_OUT_OF_MEMORY;
	}
	TEE_Result res = ta_call(OP_TA_OPEN, dest, &s, timeout, 0, c, origin);
	*session = res == TEE_SUCCESS ? (void *)(uintptr_t)s : NULL;
	if (system && res == TEE_SUCCESS)
		system_sessions[slot] = *session;
	return res;
}

/* DLOPEN and DLSYM, or anything on a local session: answered here, as the pseudo-TA (origin TA). */
static bool system_command(void *session, uint32_t command, struct call_params *c, TEE_Result *res)
{
	if (!session || system_session(session) < 0)
		return false;
	if (command == PTA_SYSTEM_DLOPEN)
		*res = dl_system_dlopen(c->types, c->buf[0], c->size[0], c->a[1]);
	else if (command == PTA_SYSTEM_DLSYM)
		*res = dl_system_dlsym(c->types, c->buf[0], c->size[0], c->buf[1], c->size[1], &c->a[2], &c->b[2]);
	else if (local_session(session))
		*res = TEE_ERROR_ITEM_NOT_FOUND;
	else
		return false;
	return true;
}

EXPORT TEE_Result TEE_OpenTASession(const TEE_UUID *dest, uint32_t timeout, uint32_t types, TEE_Param params[4],
				    void **session, uint32_t *origin)
{
	struct call_params c;
	params_from13(&c, types, params);
	TEE_Result res = open_ta(dest, timeout, &c, session, origin);
	params_to13(&c, params);
	return res;
}

EXPORT TEE_Result __GP11_TEE_OpenTASession(const TEE_UUID *dest, uint32_t timeout, uint32_t types,
					   GP11_Param params[4], void **session, uint32_t *origin)
{
	struct call_params c;
	params_from11(&c, types, params);
	TEE_Result res = open_ta(dest, timeout, &c, session, origin);
	params_to11(&c, params);
	return res;
}

/* A failure that is not the callee's own ends the caller too (OP-TEE's libutee). */
static TEE_Result invoke_ta(void *session, uint32_t timeout, uint32_t command, struct call_params *c,
			    uint32_t *origin)
{
	uint32_t s = (uint32_t)(uintptr_t)session, org = TEE_ORIGIN_TEE;
	TEE_Result res;
	if (system_command(session, command, c, &res))
		org = TEE_ORIGIN_TRUSTED_APP;
	else
		res = ta_call(OP_TA_INVOKE, NULL, &s, timeout, command, c, &org);
	if (origin)
		*origin = org;
	if (org != TEE_ORIGIN_TRUSTED_APP && res != TEE_SUCCESS && res != TEE_ERROR_OUT_OF_MEMORY &&
	    res != TEE_ERROR_TARGET_DEAD)
		TEE_Panic(res);
	return res;
}

EXPORT TEE_Result TEE_InvokeTACommand(void *session, uint32_t timeout, uint32_t command, uint32_t types,
				      TEE_Param params[4], uint32_t *origin)
{
	struct call_params c;
	params_from13(&c, types, params);
	TEE_Result res = invoke_ta(session, timeout, command, &c, origin);
	params_to13(&c, params);
	return res;
}

EXPORT TEE_Result __GP11_TEE_InvokeTACommand(void *session, uint32_t timeout, uint32_t command, uint32_t types,
					     GP11_Param params[4], uint32_t *origin)
{
	struct call_params c;
	params_from11(&c, types, params);
	TEE_Result res = invoke_ta(session, timeout, command, &c, origin);
	params_to11(&c, params);
	return res;
}

EXPORT void TEE_CloseTASession(void *session)
{
	uint32_t s = (uint32_t)(uintptr_t)session;
	if (!session)
		return;
	int slot = system_session(session);
	if (slot >= 0)
		system_sessions[slot] = NULL;
	if (local_session(session))
		return;
	TEE_Result res = ta_call(OP_TA_CLOSE, NULL, &s, 0, 0, NULL, NULL);
	if (res != TEE_SUCCESS)
		TEE_Panic(res);
}
