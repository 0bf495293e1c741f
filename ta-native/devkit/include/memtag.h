/* Memory tagging (Arm MTE) is not used by jtee's TAs: pointers carry no tag. */
#ifndef JTEE_MEMTAG_H
#define JTEE_MEMTAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool memtag_is_enabled(void) { return false; }
static inline void *memtag_strip_tag(void *addr) { return addr; }
static inline uintptr_t memtag_strip_tag_vaddr(const void *addr) { return (uintptr_t)addr; }
static inline const void *memtag_strip_tag_const(const void *addr) { return addr; }
static inline void *memtag_insert_tag(void *addr, uint8_t tag) { return addr; }
static inline uint8_t memtag_get_tag(const void *addr) { return 0; }
static inline void *memtag_set_random_tags(void *addr, size_t size) { return addr; }
static inline void memtag_set_tags(const void *addr, size_t size, uint8_t tag) { }

#endif /* JTEE_MEMTAG_H */
