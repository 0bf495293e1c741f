/*
 * OP-TEE's extensions to the Internal Core API that TAs use. The host implements what jtee
 * supports; any other call panics the TA with a line naming the function.
 */
#ifndef TEE_INTERNAL_API_EXTENSIONS_H
#define TEE_INTERNAL_API_EXTENSIONS_H

#include <stdio.h> /* TAs using the extensions get snprintf & co. with them, as on OP-TEE */
#include <trace.h>
#include <tee_api_defines_extensions.h>
#include <tee_api_types.h>
#include <types_ext.h>

void tee_user_mem_mark_heap(void);
size_t tee_user_mem_check_heap(void);

TEE_Result TEE_CacheClean(char *buf, size_t len);
TEE_Result TEE_CacheFlush(char *buf, size_t len);
TEE_Result TEE_CacheInvalidate(char *buf, size_t len);

void *tee_map_zi(size_t len, uint32_t flags);
void *tee_map_zi_va(uintptr_t va, size_t len, uint32_t flags);
TEE_Result tee_unmap(void *buf, size_t len);

/* Parses "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" into *uuid (TEE_ERROR_BAD_FORMAT otherwise). */
TEE_Result tee_uuid_from_str(TEE_UUID *uuid, const char *s);

TEE_Result tee_invoke_supp_plugin(const TEE_UUID *uuid, uint32_t cmd, uint32_t sub_cmd,
	void *buf, size_t len, size_t *outlen);

#endif /* TEE_INTERNAL_API_EXTENSIONS_H */
