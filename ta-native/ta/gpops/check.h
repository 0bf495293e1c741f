#ifndef CHECK_H
#define CHECK_H
#include <tee_internal_api.h>
/* A failed check answers GENERIC with the line in p0.a (the core test names it). */
#define CHECK(cond)                                   \
	do {                                          \
		if (!(cond)) {                        \
			params[0].value.a = __LINE__; \
			return TEE_ERROR_GENERIC;     \
		}                                     \
	} while (0)

TEE_Result secret_key(TEE_ObjectHandle *key, uint32_t type, uint32_t attr, const void *bytes, size_t len);

TEE_Result gpops_rsa(TEE_Param params[4]);
TEE_Result gpops_ecdsa(TEE_Param params[4]);
TEE_Result gpops_ecdh(TEE_Param params[4]);
TEE_Result gpops_ed25519(TEE_Param params[4]);
TEE_Result gpops_x25519(TEE_Param params[4]);
TEE_Result gpops_sm2_kep(TEE_Param params[4]);
TEE_Result gpops_kdf(TEE_Param params[4]);
TEE_Result gpops_system_pta(TEE_Param params[4]);
#endif
