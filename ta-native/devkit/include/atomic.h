/* Atomic counters (OP-TEE's atomic.h names) over the compiler's __atomic builtins. */
#ifndef JTEE_ATOMIC_H
#define JTEE_ATOMIC_H

#include <stdbool.h>
#include <stdint.h>

static inline uint32_t atomic_inc32(volatile uint32_t *v)
{
	return __atomic_add_fetch(v, 1, __ATOMIC_SEQ_CST);
}

static inline uint32_t atomic_dec32(volatile uint32_t *v)
{
	return __atomic_sub_fetch(v, 1, __ATOMIC_SEQ_CST);
}

static inline bool atomic_cas_u32(volatile uint32_t *p, uint32_t *oval, uint32_t nval)
{
	return __atomic_compare_exchange_n(p, oval, nval, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

static inline uint32_t atomic_load_u32(const volatile uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline void atomic_store_u32(volatile uint32_t *p, uint32_t val)
{
	__atomic_store_n(p, val, __ATOMIC_SEQ_CST);
}

#endif /* JTEE_ATOMIC_H */
