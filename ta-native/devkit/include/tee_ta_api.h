/*
 * The TA's entry points (GP 4.3), defined by the TA and called by jtee's TA host. A GP 1.1 TA
 * (__OPTEE_CORE_API_COMPAT_1_1) defines them under the plain names and, through the renames in
 * tee_api_compat.h, exports __GP11_TA_OpenSessionEntryPoint and __GP11_TA_InvokeCommandEntryPoint.
 */
#ifndef TEE_TA_API_H
#define TEE_TA_API_H

#include <tee_api.h>

#define TA_EXPORT

TEE_Result TA_EXPORT TA_CreateEntryPoint(void);
void TA_EXPORT TA_DestroyEntryPoint(void);
TEE_Result TA_EXPORT TA_OpenSessionEntryPoint(uint32_t paramTypes,
	TEE_Param params[TEE_NUM_PARAMS], void **sessionContext);
void TA_EXPORT TA_CloseSessionEntryPoint(void *sessionContext);
TEE_Result TA_EXPORT TA_InvokeCommandEntryPoint(void *sessionContext, uint32_t commandID,
	uint32_t paramTypes, TEE_Param params[TEE_NUM_PARAMS]);

/* Both ABIs side by side, so the host (and a test) can name each. */
TEE_Result TA_EXPORT __GP11_TA_OpenSessionEntryPoint(uint32_t paramTypes,
	__GP11_TEE_Param params[TEE_NUM_PARAMS], void **sessionContext);
TEE_Result TA_EXPORT __GP11_TA_InvokeCommandEntryPoint(void *sessionContext, uint32_t commandID,
	uint32_t paramTypes, __GP11_TEE_Param params[TEE_NUM_PARAMS]);

#endif /* TEE_TA_API_H */
