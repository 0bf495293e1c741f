/* OP-TEE's address-sanitizer self test interface (libutils). jtee's TAs are not built with
 * CFG_TA_SANITIZE_KADDRESS, so a TA only sees these declarations (optee_test's os_test includes them
 * and calls them only with the sanitizer on). */
#ifndef __ASAN_TEST_H
#define __ASAN_TEST_H

#include <compiler.h>
#include <stddef.h>

struct asan_test_ctx {
	char *pmalloc1;
	char *pmalloc2[3];
	char write_value;
	void (*write_func)(char *buf, size_t pos, char value);
	char (*read_func)(char *buf, size_t pos);
	void *(*memcpy_func)(void *__restrict dst, const void *__restrict src, size_t size);
	void *(*memset_func)(void *buf, int val, size_t size);
	void (*free_func)(void *ptr);
};

void asan_test_init(struct asan_test_ctx *ctx);
void asan_test_deinit(struct asan_test_ctx *ctx);
int asan_call_test(struct asan_test_ctx *ctx, void (*test)(struct asan_test_ctx *ctx), const char *desc);
void asan_test_stack(struct asan_test_ctx *ctx);
void asan_test_global_stat(struct asan_test_ctx *ctx);
void asan_test_global_ro(struct asan_test_ctx *ctx);
void asan_test_global(struct asan_test_ctx *ctx);
void asan_test_malloc(struct asan_test_ctx *ctx);
void asan_test_malloc2(struct asan_test_ctx *ctx);
void asan_test_use_after_free(struct asan_test_ctx *ctx);
void asan_test_memcpy_dst(struct asan_test_ctx *ctx);
void asan_test_memcpy_src(struct asan_test_ctx *ctx);
void asan_test_memset(struct asan_test_ctx *ctx);

#endif /* __ASAN_TEST_H */
