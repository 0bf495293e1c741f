/* jtee-tahost: one native TA instance per process (ta-native/NATIVE-TAS.md §B, §C). */
#ifndef TAHOST_H
#define TAHOST_H
#define _GNU_SOURCE
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* GP types and values the host needs (written from the GP spec; the TA's own headers are the dev kit's). */
typedef uint32_t TEE_Result;
typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEE_UUID;
typedef struct {
	uint32_t login;
	TEE_UUID uuid;
} TEE_Identity;
typedef union {
	struct { void *buffer; size_t size; } memref;
	struct { uint32_t a, b; } value;
} TEE_Param;
/* GP 1.1 ABI: memref sizes are 32 bits */
typedef union {
	struct { void *buffer; uint32_t size; } memref;
	struct { uint32_t a, b; } value;
} GP11_Param;
typedef struct {
	uint32_t seconds;
	uint32_t millis;
} TEE_Time;

#define TEE_SUCCESS 0x00000000u
#define TEE_ERROR_GENERIC 0xFFFF0000u
#define TEE_ERROR_ACCESS_DENIED 0xFFFF0001u
#define TEE_ERROR_CANCEL 0xFFFF0002u
#define TEE_ERROR_BAD_FORMAT 0xFFFF0005u
#define TEE_ERROR_BAD_PARAMETERS 0xFFFF0006u
#define TEE_ERROR_BAD_STATE 0xFFFF0007u
#define TEE_ERROR_ITEM_NOT_FOUND 0xFFFF0008u
#define TEE_ERROR_NOT_IMPLEMENTED 0xFFFF0009u
#define TEE_ERROR_NOT_SUPPORTED 0xFFFF000Au
#define TEE_ERROR_OUT_OF_MEMORY 0xFFFF000Cu
#define TEE_ERROR_COMMUNICATION 0xFFFF000Eu
#define TEE_ERROR_SHORT_BUFFER 0xFFFF0010u
#define TEE_ERROR_OVERFLOW 0xFFFF300Fu
#define TEE_ERROR_TARGET_DEAD 0xFFFF3024u
#define TEE_ORIGIN_API 1u
#define TEE_ORIGIN_COMMS 2u
#define TEE_ORIGIN_TEE 3u
#define TEE_ORIGIN_TRUSTED_APP 4u
#define TEE_TIMEOUT_INFINITE 0xFFFFFFFFu

#define PT_NONE 0
#define PT_VALUE_INPUT 1
#define PT_VALUE_OUTPUT 2
#define PT_VALUE_INOUT 3
#define PT_MEMREF_INPUT 5
#define PT_MEMREF_OUTPUT 6
#define PT_MEMREF_INOUT 7
#define PT_GET(t, i) (((t) >> (4 * (i))) & 0xF)
/* A memref's offset for a null buffer, both ways (NATIVE-TAS.md §C) */
#define NULL_MEMREF UINT64_MAX

/* frames (§C) */
enum {
	FR_CREATE = 1, FR_OPEN = 2, FR_INVOKE = 3, FR_CLOSE = 4, FR_DESTROY = 5, FR_CANCEL = 6, FR_REPLY = 7,
	FR_HELLO = 0x81, FR_DONE = 0x82, FR_TRACE = 0x83, FR_FAULT = 0x84, FR_REQUEST = 0x85,
};
enum { FAULT_PANIC = 1, FAULT_STACK_SMASHING = 2, FAULT_DATA_ABORT = 3 };
#define FRAME_HEADER 12

/* ---- out frames: one static buffer, written with write(2) ---- */
void out_begin(uint16_t type, uint32_t seq);
void out_u32(uint32_t v);
void out_u64(uint64_t v);
void out_bytes(const void *p, size_t n);
size_t out_room(void);
void out_send(void);
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* ---- in frames ---- */
struct frame {
	uint16_t type;
	uint32_t seq;
	const uint8_t *body;
	size_t len; /* body bytes */
};
/* Reads the next frame; blocking, or with wait_ms >= 0 at most that long (false: none came). */
bool in_frame(struct frame *f, int wait_ms);
/* The reader of a frame body: a short body is a malformed frame (one line, exit). */
struct rd {
	const uint8_t *p, *end;
	const char *what;
};
uint32_t rd_u32(struct rd *r);
uint64_t rd_u64(struct rd *r);
const uint8_t *rd_bytes(struct rd *r, size_t n);

/* ---- the TA heap (heap.c) ---- */
struct heap_stats {
	uint32_t size, allocated, max_allocated, num_alloc_fail, biggest_alloc_fail, biggest_alloc_fail_used;
	uint64_t free2_sum;
	uint32_t live_blocks;
	uint64_t num_allocs, num_frees; /* since the instance started: churn, and leaks as their difference */
};
void heap_init(size_t size);
void heap_get_stats(struct heap_stats *s);
void out_heap_stats(void);
/* whether [p, p+len) overlaps the heap / lies inside one allocated block */
bool heap_overlaps(const void *p, size_t len);
bool heap_within_block(const void *p, size_t len);
uintptr_t heap_lo(void);
size_t heap_size(void);
bool zero_size_ptr(const void *p);
uintptr_t zero_size_area(size_t *len);

/* ---- properties (props.c) ---- */
void props_set_from_create(struct rd *r);
void props_set_client(uint32_t login, const TEE_UUID *uuid);

/* ---- the running instance (main.c) ---- */
struct host {
	int sock;
	int shm_fd;
	uint8_t *shm;           /* a fixed reservation: the file is mapped at its start, never moves */
	uint64_t shm_size;      /* mapped bytes of the file */
	uint64_t shm_reserved;
	int abi;                /* 13 or 11 */
	uint8_t *stack_lo, *stack_hi; /* the TA stack: exactly TA_STACK_SIZE + 2048 bytes, guard page below */
	uintptr_t guard_lo;
	uint32_t stack_size, data_size, ta_flags;
	TEE_UUID uuid;
	bool in_entry;
	uint32_t entry_session;
	bool cancel_flag, cancel_masked;
	uint32_t param_types;   /* of the running entry (GP view) */
	void *param_buf[4];
	size_t param_size[4];
	uint64_t shm_used_end;  /* past the entry's memrefs: where a REQUEST's memrefs go */
	uint32_t req_seq;
	void *instance_data;
	const char *ta_path;
};
extern struct host H;

void shm_grow(uint64_t size);
/* Handles frames that may come while an entry runs (CANCEL); anything else is malformed. */
void entry_frame(const struct frame *f);
/* Drains the socket without blocking, seeing CANCEL frames (TEE_GetCancellationFlag). */
void poll_cancel(void);

/* ---- faults (fault.c) ---- */
void fault_init(void);
void fault_regions_ta(void);
/* map_zi.c: tee_map_zi's mappings */
bool map_zi_contains(uintptr_t a, size_t len);
int map_zi_count(void);
void map_zi_region(int i, uintptr_t *va, size_t *size);
void fault_report(int kind, uint32_t code, uint64_t addr, void *uctx) __attribute__((noreturn));
/* TEE_Panic and the stack protector: capture the caller's context, report on a spare stack */
void fault_from_ta(int kind, uint32_t code) __attribute__((noreturn));

/* ---- the TA's modules: the TA, its shared libraries, dlopen() (dl.c, NATIVE-TAS.md §E) ---- */
void dl_add_lib_dir(const char *dir);
void *dl_load_ta(const char *path);
void dl_run_inits(void);
void dl_run_finis(void);
/* the module loaded at base (0 the TA), or -1 */
int dl_module_index(uintptr_t base);
void dl_out_modules(void);
TEE_Result dl_system_dlopen(uint32_t types, void *buf, uint64_t size, uint32_t flags);
TEE_Result dl_system_dlsym(uint32_t types, void *uuid_buf, uint64_t uuid_size, void *sym, uint64_t sym_size,
			   uint32_t *a, uint32_t *b);
/* Runs fn on the host's 1 MiB stack (arith.c): GMP's and the loader's work, never on the TA's few KiB. */
void run_on_arith_stack(void (*fn)(void *), void *arg);

void trace_line(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define EXPORT __attribute__((visibility("default")))
#endif
