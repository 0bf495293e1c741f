/*
 * Prints the layout of every Client API type and the value of every constant,
 * one per line ("sizeof T n", "offsetof T.field n", "const NAME 0x..."), for the
 * ABI test to compare with OP-TEE libteec 4.x's documented layout.
 */
#include <stddef.h>
#include <stdio.h>

#include <tee_client_api.h>

#define SIZE(t) printf("sizeof %s %zu\n", #t, sizeof(t))
#define OFF(t, f) printf("offsetof %s.%s %zu\n", #t, #f, offsetof(t, f))
#define CONST(c) printf("const %s 0x%08lx\n", #c, (unsigned long)(c))

int main(void)
{
	SIZE(TEEC_Result);
	SIZE(TEEC_Context);
	OFF(TEEC_Context, imp.fd);
	OFF(TEEC_Context, imp.reg_mem);
	OFF(TEEC_Context, imp.memref_null);
	SIZE(TEEC_UUID);
	OFF(TEEC_UUID, timeLow);
	OFF(TEEC_UUID, timeMid);
	OFF(TEEC_UUID, timeHiAndVersion);
	OFF(TEEC_UUID, clockSeqAndNode);
	SIZE(TEEC_SharedMemory);
	OFF(TEEC_SharedMemory, buffer);
	OFF(TEEC_SharedMemory, size);
	OFF(TEEC_SharedMemory, flags);
	OFF(TEEC_SharedMemory, imp.id);
	OFF(TEEC_SharedMemory, imp.alloced_size);
	OFF(TEEC_SharedMemory, imp.shadow_buffer);
	OFF(TEEC_SharedMemory, imp.registered_fd);
	OFF(TEEC_SharedMemory, imp.flags);
	SIZE(TEEC_TempMemoryReference);
	OFF(TEEC_TempMemoryReference, buffer);
	OFF(TEEC_TempMemoryReference, size);
	SIZE(TEEC_RegisteredMemoryReference);
	OFF(TEEC_RegisteredMemoryReference, parent);
	OFF(TEEC_RegisteredMemoryReference, size);
	OFF(TEEC_RegisteredMemoryReference, offset);
	SIZE(TEEC_Value);
	OFF(TEEC_Value, a);
	OFF(TEEC_Value, b);
	SIZE(TEEC_Parameter);
	OFF(TEEC_Parameter, tmpref);
	OFF(TEEC_Parameter, memref);
	OFF(TEEC_Parameter, value);
	SIZE(TEEC_Session);
	OFF(TEEC_Session, imp.ctx);
	OFF(TEEC_Session, imp.session_id);
	SIZE(TEEC_Operation);
	OFF(TEEC_Operation, started);
	OFF(TEEC_Operation, paramTypes);
	OFF(TEEC_Operation, params);
	OFF(TEEC_Operation, imp.session);

	CONST(TEEC_CONFIG_PAYLOAD_REF_COUNT);
	CONST(TEEC_NONE);
	CONST(TEEC_VALUE_INPUT);
	CONST(TEEC_VALUE_OUTPUT);
	CONST(TEEC_VALUE_INOUT);
	CONST(TEEC_MEMREF_TEMP_INPUT);
	CONST(TEEC_MEMREF_TEMP_OUTPUT);
	CONST(TEEC_MEMREF_TEMP_INOUT);
	CONST(TEEC_MEMREF_WHOLE);
	CONST(TEEC_MEMREF_PARTIAL_INPUT);
	CONST(TEEC_MEMREF_PARTIAL_OUTPUT);
	CONST(TEEC_MEMREF_PARTIAL_INOUT);
	CONST(TEEC_MEM_INPUT);
	CONST(TEEC_MEM_OUTPUT);
	CONST(TEEC_SUCCESS);
	CONST(TEEC_ERROR_STORAGE_NOT_AVAILABLE);
	CONST(TEEC_ERROR_GENERIC);
	CONST(TEEC_ERROR_ACCESS_DENIED);
	CONST(TEEC_ERROR_CANCEL);
	CONST(TEEC_ERROR_ACCESS_CONFLICT);
	CONST(TEEC_ERROR_EXCESS_DATA);
	CONST(TEEC_ERROR_BAD_FORMAT);
	CONST(TEEC_ERROR_BAD_PARAMETERS);
	CONST(TEEC_ERROR_BAD_STATE);
	CONST(TEEC_ERROR_ITEM_NOT_FOUND);
	CONST(TEEC_ERROR_NOT_IMPLEMENTED);
	CONST(TEEC_ERROR_NOT_SUPPORTED);
	CONST(TEEC_ERROR_NO_DATA);
	CONST(TEEC_ERROR_OUT_OF_MEMORY);
	CONST(TEEC_ERROR_BUSY);
	CONST(TEEC_ERROR_COMMUNICATION);
	CONST(TEEC_ERROR_SECURITY);
	CONST(TEEC_ERROR_SHORT_BUFFER);
	CONST(TEE_ERROR_EXTERNAL_CANCEL);
	CONST(TEEC_ERROR_EXTERNAL_CANCEL);
	CONST(TEE_ERROR_OVERFLOW);
	CONST(TEE_ERROR_TARGET_DEAD);
	CONST(TEEC_ERROR_TARGET_DEAD);
	CONST(TEE_ERROR_STORAGE_NO_SPACE);
	CONST(TEEC_ERROR_STORAGE_NO_SPACE);
	CONST(TEE_ERROR_MAC_INVALID);
	CONST(TEE_ERROR_SIGNATURE_INVALID);
	CONST(TEE_ERROR_TIME_NOT_SET);
	CONST(TEE_ERROR_TIME_NEEDS_RESET);
	CONST(TEEC_ORIGIN_API);
	CONST(TEEC_ORIGIN_COMMS);
	CONST(TEEC_ORIGIN_TEE);
	CONST(TEEC_ORIGIN_TRUSTED_APP);
	CONST(TEEC_LOGIN_PUBLIC);
	CONST(TEEC_LOGIN_USER);
	CONST(TEEC_LOGIN_GROUP);
	CONST(TEEC_LOGIN_APPLICATION);
	CONST(TEEC_LOGIN_USER_APPLICATION);
	CONST(TEEC_LOGIN_GROUP_APPLICATION);
	CONST(TEEC_PARAM_TYPES(TEEC_VALUE_INPUT, TEEC_MEMREF_TEMP_OUTPUT, TEEC_MEMREF_WHOLE, TEEC_MEMREF_PARTIAL_INOUT));
	CONST(TEEC_PARAM_TYPE_GET(0xFC61, 2));
	return 0;
}
