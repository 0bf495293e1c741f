/* The TA heap: exactly TA_DATA_SIZE bytes, ending at an inaccessible page. First fit over the blocks in
 * address order, a 16-byte header per block (its size and the previous block's, so a free coalesces
 * with both neighbours), payloads 16-byte aligned. The statistics are OP-TEE's malloc stats: allocated
 * counts whole blocks (headers included), free2_sum the squares of the free blocks' sizes. */
#include "tahost.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HDR 16u
#define USED 1u
#define MIN_BLOCK 32u

struct blk {
	uint64_t size; /* whole block, multiple of 16; bit 0: in use */
	uint64_t prev; /* the previous block's size, 0 for the first */
};

static uint8_t *lo, *hi;
static size_t total;
static struct heap_stats st;
static uint8_t *zero_area;
static size_t zero_area_len, zero_next;

static struct blk *at(uint8_t *p)
{
	return (struct blk *)p;
}

static size_t bsize(const struct blk *b)
{
	return (size_t)(b->size & ~(uint64_t)15);
}

void heap_init(size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t span = (size + page - 1) / page * page;
	uint8_t *m = mmap(NULL, span + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED || mprotect(m + span, page, PROT_NONE))
		die("cannot map a TA heap of %zu bytes", size);
	total = size & ~(size_t)15;
	hi = m + span;
	lo = hi - total; /* the heap ends at the guard page: an overrun of the last block faults */
	st.size = (uint32_t)size;
	if (total < MIN_BLOCK)
		total = 0; /* too small for one block: every allocation fails */
	else {
		at(lo)->size = total;
		at(lo)->prev = 0;
	}
	/* zero-size allocations: distinct addresses in an inaccessible area */
	zero_area_len = 16 * page;
	zero_area = mmap(NULL, zero_area_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (zero_area == MAP_FAILED)
		die("cannot map the zero-size area");
}

uintptr_t heap_lo(void)
{
	return (uintptr_t)lo;
}

size_t heap_size(void)
{
	return total;
}

bool zero_size_ptr(const void *p)
{
	return (const uint8_t *)p >= zero_area && (const uint8_t *)p < zero_area + zero_area_len;
}

uintptr_t zero_size_area(size_t *len)
{
	*len = zero_area_len;
	return (uintptr_t)zero_area;
}

static void *zero_size(void)
{
	void *p = zero_area + zero_next;
	zero_next = (zero_next + 16) % zero_area_len;
	return p;
}

static void failed(size_t size)
{
	st.num_alloc_fail++;
	if (size > st.biggest_alloc_fail) {
		st.biggest_alloc_fail = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
		st.biggest_alloc_fail_used = st.allocated;
	}
}

static void *raw_alloc(size_t size)
{
	if (size == 0)
		return zero_size();
	if (size > total) {
		failed(size);
		return NULL;
	}
	size_t need = (size + HDR + 15) & ~(size_t)15;
	if (need < MIN_BLOCK)
		need = MIN_BLOCK;
	for (uint8_t *p = lo; p < lo + total; p += bsize(at(p))) {
		struct blk *b = at(p);
		size_t bs = bsize(b);
		if ((b->size & USED) || bs < need)
			continue;
		if (bs - need >= MIN_BLOCK) {
			struct blk *rest = at(p + need);
			rest->size = bs - need;
			rest->prev = need;
			if (p + bs < lo + total)
				at(p + bs)->prev = bs - need;
			bs = need;
		}
		b->size = bs | USED;
		st.allocated += (uint32_t)bs;
		if (st.allocated > st.max_allocated)
			st.max_allocated = st.allocated;
		st.live_blocks++;
		st.num_allocs++;
		return p + HDR;
	}
	failed(size);
	return NULL;
}

static struct blk *block_of(void *p)
{
	uint8_t *b = (uint8_t *)p - HDR;
	if ((uint8_t *)p < lo + HDR || (uint8_t *)p >= hi || ((uintptr_t)p & 15) || !(at(b)->size & USED))
		return NULL;
	return at(b);
}

static void raw_free(void *p)
{
	if (!p || zero_size_ptr(p))
		return;
	struct blk *b = block_of(p);
	if (!b)
		fault_from_ta(FAULT_PANIC, 0); /* not a block of this heap: OP-TEE's allocator panics too */
	uint8_t *bp = (uint8_t *)b;
	size_t bs = bsize(b);
	st.allocated -= (uint32_t)bs;
	st.live_blocks--;
	st.num_frees++;
	b->size = bs;
	uint8_t *next = bp + bs;
	if (next < lo + total && !(at(next)->size & USED)) {
		bs += bsize(at(next));
		b->size = bs;
	}
	if (b->prev && !(at(bp - b->prev)->size & USED)) {
		uint8_t *prev = bp - b->prev;
		bs += bsize(at(prev));
		at(prev)->size = bs;
		bp = prev;
	}
	if (bp + bs < lo + total)
		at(bp + bs)->prev = bs;
}

static size_t payload(struct blk *b)
{
	return bsize(b) - HDR;
}

static void *raw_realloc(void *p, size_t size)
{
	if (!p || zero_size_ptr(p))
		return raw_alloc(size);
	if (size == 0) {
		raw_free(p);
		return zero_size();
	}
	struct blk *b = block_of(p);
	if (!b)
		fault_from_ta(FAULT_PANIC, 0);
	if (size <= payload(b))
		return p;
	void *n = raw_alloc(size);
	if (!n)
		return NULL; /* the old block stays as it was (GP) */
	memcpy(n, p, payload(b));
	raw_free(p);
	return n;
}

/* ---- the TA side (§B) ---- */

void jtee_trace(int level, const char *text);

#define TEE_MALLOC_FILL_ZERO 0u
#define TEE_MALLOC_NO_FILL 1u
#define TEE_MALLOC_NO_SHARE 2u
#define TEE_USER_MEM_HINT_NO_FILL_ZERO 0x80000000u

/* OP-TEE's line for it; formatted by hand, this runs on the TA's stack */
static void invalid_hint(uint32_t hint)
{
	char line[32] = "Invalid hint 0x";
	size_t n = strlen(line);
	int digits = 1;
	while (digits < 8 && hint >> (4 * digits))
		digits++;
	for (int i = digits - 1; i >= 0; i--)
		line[n++] = "0123456789abcdef"[(hint >> (4 * i)) & 15];
	line[n] = 0;
	jtee_trace(1, line);
}

EXPORT void *jtee_heap_alloc(size_t size, uint32_t hint)
{
	switch (hint) {
	case TEE_MALLOC_FILL_ZERO: {
		void *p = raw_alloc(size);
		if (p && size)
			memset(p, 0, size);
		return p;
	}
	case TEE_MALLOC_NO_FILL:
		fault_from_ta(FAULT_PANIC, 0); /* NO_FILL alone panics in OP-TEE's libutee */
	case TEE_MALLOC_NO_SHARE:
	case TEE_MALLOC_NO_SHARE | TEE_MALLOC_NO_FILL:
		/* a TA without a no-share heap (jtee's TAs have none) gets NULL, as in OP-TEE */
		return size ? NULL : zero_size();
	case TEE_USER_MEM_HINT_NO_FILL_ZERO:
		return raw_alloc(size);
	default:
		invalid_hint(hint);
		return NULL;
	}
}

EXPORT void *jtee_heap_realloc(void *p, size_t size)
{
	return raw_realloc(p, size);
}

EXPORT void jtee_heap_free(void *p)
{
	raw_free(p);
}

EXPORT void *TEE_Malloc(size_t size, uint32_t hint)
{
	return jtee_heap_alloc(size, hint);
}

EXPORT void *__GP11_TEE_Malloc(uint32_t size, uint32_t hint)
{
	return jtee_heap_alloc(size, hint);
}

EXPORT void *TEE_Realloc(void *p, size_t size)
{
	return raw_realloc(p, size);
}

EXPORT void *__GP11_TEE_Realloc(void *p, uint32_t size)
{
	return raw_realloc(p, size);
}

EXPORT void TEE_Free(void *p)
{
	raw_free(p);
}

/* ---- checks and statistics ---- */

bool heap_overlaps(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p;
	return a < (uintptr_t)lo + total && a + len > (uintptr_t)lo;
}

bool heap_within_block(const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p;
	for (uint8_t *q = lo; q < lo + total; q += bsize(at(q))) {
		uintptr_t s = (uintptr_t)q + HDR, e = (uintptr_t)q + bsize(at(q));
		if ((at(q)->size & USED) && a >= s && a + len <= e)
			return true;
	}
	return false;
}

void heap_get_stats(struct heap_stats *s)
{
	*s = st;
	s->free2_sum = 0;
	for (uint8_t *q = lo; q < lo + total; q += bsize(at(q)))
		if (!(at(q)->size & USED))
			s->free2_sum += (uint64_t)bsize(at(q)) * bsize(at(q));
}

void out_heap_stats(void)
{
	struct heap_stats s;
	heap_get_stats(&s);
	out_u32(s.size);
	out_u32(s.allocated);
	out_u32(s.max_allocated);
	out_u32(s.num_alloc_fail);
	out_u32(s.biggest_alloc_fail);
	out_u32(s.biggest_alloc_fail_used);
	out_u64(s.free2_sum);
	out_u32(s.live_blocks);
	out_u32(0);
	out_u64(s.num_allocs);
	out_u64(s.num_frees);
}
