/* jtee's TA shared library linked by the shlib TA (5b1ba000-0017-4d1a-8b5e-5a4e11b0000b). */
#ifndef SHLIB_LIB_H
#define SHLIB_LIB_H

#include <stddef.h>
#include <stdint.h>

/* The TA's, written by every module's .init_array: order * 10 + the module's digit (TA 1, lib 2, dl 3) */
extern volatile int shlib_order;

int shlib_add(int a, int b);
void shlib_panic(void);
/* The library's own writable buffer and constant table, for TEE_CheckMemoryAccessRights */
uint8_t *shlib_buffer(size_t *size);
const uint8_t *shlib_table(size_t *size);
/* The library's thread-local variables (xtest 1029's os_test_shlib_tls_a/b): 0 and 123 at start */
extern __thread int shlib_tls_a;
extern __thread int shlib_tls_b;

#endif
