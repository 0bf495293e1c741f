#ifndef JTEE_SYS_TYPES_H
#define JTEE_SYS_TYPES_H
#include <stddef.h>
#include <stdint.h>
typedef __INTPTR_TYPE__ ssize_t;
typedef uintptr_t vaddr_t;
typedef uintptr_t paddr_t;
typedef long off_t;
#endif
