/* Small arithmetic and bit helpers OP-TEE code uses. */
#ifndef UTIL_H
#define UTIL_H

#include <compiler.h>
#include <stdint.h>

#define SIZE_4K  0x00001000UL
#define SIZE_1M  0x00100000UL
#define SIZE_2M  0x00200000UL
#define SIZE_4M  0x00400000UL
#define SIZE_8M  0x00800000UL
#define SIZE_2G  0x80000000UL

#ifndef MAX
#define MAX(a, b) (__extension__({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; }))
#define MIN(a, b) (__extension__({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a < _b ? _a : _b; }))
#endif
#define MAX_UNSAFE(a, b) (((a) > (b)) ? (a) : (b))
#define MIN_UNSAFE(a, b) (((a) < (b)) ? (a) : (b))

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

/* Round up or down to a multiple of the power of two v. */
#define ROUNDUP(x, v) ((((x) + ((__typeof__(x))(v) - 1))) & ~((__typeof__(x))(v) - 1))
#define ROUNDUP_OVERFLOW(v, size, res) \
	(__extension__({ __typeof__(*(res)) __rnd = (size) - 1; \
		__compiler_add_overflow((v), __rnd, (res)) ? 1 : ((*(res) &= ~__rnd), 0); }))
#define ROUNDUP_DIV(x, y) (__extension__({ __typeof__(x) __y = (y); ((x) + __y - 1) / __y; }))
#define ROUNDDOWN(x, v) ((x) & ~((__typeof__(x))(v) - 1))
#define ROUNDUP2(x, v) ROUNDUP(x, v)
#define ROUNDDOWN2(x, v) ROUNDDOWN(x, v)
#define DIV_ROUND_UP(x, y) (((x) + (y) - 1) / (y))
#define UDIV_ROUND_NEAREST(x, y) (__extension__({ __typeof__(x) __y = (y); ((x) + (__y / 2)) / __y; }))

#define IS_ALIGNED(x, a) (((x) & ((a) - 1)) == 0)
#define IS_ALIGNED_WITH_TYPE(x, type) \
	(__extension__({ type __is_aligned_y; IS_ALIGNED((uintptr_t)(x), __alignof__(__is_aligned_y)); }))
#define IS_POWER_OF_TWO(x) (((x) != 0) && (((x) & (~(x) + 1)) == (x)))

#define TO_STR(x) _TO_STR(x)
#define _TO_STR(x) #x
#define CONCAT(x, y) _CONCAT(x, y)
#define _CONCAT(x, y) x##y

#define container_of(ptr, type, member) \
	((type *)(uintptr_t)((const char *)(ptr) - __builtin_offsetof(type, member)))
#define MEMBER_SIZE(type, member) sizeof(((type *)0)->member)

#define BIT32(nr) ((uint32_t)1 << (nr))
#define BIT64(nr) ((uint64_t)1 << (nr))
#define BIT(nr) BIT32(nr)
#define SHIFT_U32(v, shift) ((uint32_t)(v) << (shift))
#define SHIFT_U64(v, shift) ((uint64_t)(v) << (shift))
#define GENMASK_32(h, l) ((UINT32_C(0xffffffff) << (l)) & (UINT32_C(0xffffffff) >> (31 - (h))))
#define GENMASK_64(h, l) ((UINT64_C(0xffffffffffffffff) << (l)) & (UINT64_C(0xffffffffffffffff) >> (63 - (h))))

#define ADD_OVERFLOW(a, b, res) __compiler_add_overflow((a), (b), (res))
#define SUB_OVERFLOW(a, b, res) __compiler_sub_overflow((a), (b), (res))
#define MUL_OVERFLOW(a, b, res) __compiler_mul_overflow((a), (b), (res))

static inline uint32_t get_be32(const void *p) { return __builtin_bswap32(*(const uint32_t *)p); }
static inline void put_be32(void *p, uint32_t v) { *(uint32_t *)p = __builtin_bswap32(v); }
static inline uint64_t get_be64(const void *p) { return __builtin_bswap64(*(const uint64_t *)p); }
static inline void put_be64(void *p, uint64_t v) { *(uint64_t *)p = __builtin_bswap64(v); }
static inline uint32_t get_le32(const void *p) { return *(const uint32_t *)p; }
static inline void put_le32(void *p, uint32_t v) { *(uint32_t *)p = v; }

#endif /* UTIL_H */
