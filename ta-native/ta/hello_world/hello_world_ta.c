/*
 * hello_world in C, with optee_examples' UUID and commands and its GP 1.1 ABI
 * (CFG_TA_OPTEE_CORE_API_COMPAT_1_1=y): the smallest native TA, for the dev kit's and the TA host's
 * tests and for running optee_examples' own hello_world host program against jtee.
 */
#include <tee_internal_api.h>
#include <tee_ta_api.h>
#include <hello_world_ta.h>

TEE_Result TA_CreateEntryPoint(void)
{
	DMSG("created");
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
	DMSG("destroyed");
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void **sess_ctx)
{
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	*sess_ctx = NULL;
	IMSG("Hello World!");
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	IMSG("Goodbye!");
}

static TEE_Result add_value(uint32_t param_types, TEE_Param params[4], int delta)
{
	if (param_types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_INOUT, TEE_PARAM_TYPE_NONE,
					   TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	IMSG("Got value: %u from NW", params[0].value.a);
	params[0].value.a += (uint32_t)delta;
	IMSG("%s value to: %u", delta > 0 ? "Increase" : "Decrease", params[0].value.a);
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	switch (cmd_id) {
	case TA_HELLO_WORLD_CMD_INC_VALUE:
		return add_value(param_types, params, 1);
	case TA_HELLO_WORLD_CMD_DEC_VALUE:
		return add_value(param_types, params, -1);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
