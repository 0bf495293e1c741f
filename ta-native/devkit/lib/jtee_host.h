/*
 * What libutils.a calls in jtee's TA host (NATIVE-TAS.md §B). Declared with default visibility:
 * libutils itself is compiled -fvisibility=hidden, but these stay undefined in the TA and bind
 * to the host's definitions when the host dlopens the TA.
 */
#ifndef JTEE_HOST_H
#define JTEE_HOST_H

#include <stddef.h>
#include <stdint.h>

#define JTEE_IMPORT __attribute__((visibility("default")))

JTEE_IMPORT void *jtee_heap_alloc(size_t size, uint32_t hint);
JTEE_IMPORT void *jtee_heap_realloc(void *p, size_t size);
JTEE_IMPORT void jtee_heap_free(void *p);
JTEE_IMPORT void jtee_trace(int level, const char *text);
JTEE_IMPORT void jtee_stack_chk_fail(void) __attribute__((noreturn));
struct dl_phdr_info;
JTEE_IMPORT int jtee_dl_iterate_phdr(int (*callback)(struct dl_phdr_info *info, size_t size, void *data), void *data);
JTEE_IMPORT void *jtee_system_pta_local_session(void);
JTEE_IMPORT void TEE_Panic(uint32_t code) __attribute__((noreturn));

#endif /* JTEE_HOST_H */
