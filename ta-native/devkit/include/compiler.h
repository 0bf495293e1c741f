/* The attribute shorthands OP-TEE code uses (GCC and Clang spellings). */
#ifndef COMPILER_H
#define COMPILER_H

#define __deprecated        __attribute__((deprecated))
#define __packed            __attribute__((packed))
#define __weak              __attribute__((weak))
#define __alias(x)          __attribute__((alias(x)))
#ifndef __noreturn
#define __noreturn          __attribute__((__noreturn__))
#endif
#define __pure              __attribute__((pure))
#define __aligned(x)        __attribute__((aligned(x)))
#define __printf(a, b)      __attribute__((format(printf, a, b)))
#define __noinline          __attribute__((noinline))
#define __attr_const        __attribute__((__const__))
#ifndef __unused
#define __unused            __attribute__((unused))
#endif
#define __maybe_unused      __attribute__((unused))
#ifndef __used
#define __used              __attribute__((__used__))
#endif
#define __must_check        __attribute__((warn_unused_result))
#define __cold              __attribute__((__cold__))
#define __section(x)        __attribute__((section(x)))
#define __data              __section(".data")
#define __bss               __section(".bss")
#define __rodata            __section(".rodata")
#define __rodata_unpaged(x) __rodata
#define __nostackcheck      __attribute__((no_stack_protector))
#define __noprof            __attribute__((no_instrument_function))
#define __nex_data
#define __nex_bss
#define __always_inline     __attribute__((always_inline)) inline
#define __fallthrough       __attribute__((__fallthrough__))
#define __no_sanitize_address

#define __compiler_bswap64(x) __builtin_bswap64((x))
#define __compiler_bswap32(x) __builtin_bswap32((x))
#define __compiler_bswap16(x) __builtin_bswap16((x))

#define __compiler_add_overflow(a, b, res) __builtin_add_overflow((a), (b), (res))
#define __compiler_sub_overflow(a, b, res) __builtin_sub_overflow((a), (b), (res))
#define __compiler_mul_overflow(a, b, res) __builtin_mul_overflow((a), (b), (res))

#define __compiler_compare_and_swap(p, oval, nval) \
	__atomic_compare_exchange_n((p), (oval), (nval), true, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)
#define __compiler_atomic_load(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define __compiler_atomic_store(p, val) __atomic_store_n((p), (val), __ATOMIC_RELAXED)

#define barrier() __asm__ __volatile__("" : : : "memory")

#endif /* COMPILER_H */
