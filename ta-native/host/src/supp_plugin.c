/* OP-TEE's tee_invoke_supp_plugin() (libutee, here in the TA host): a tee-supplicant plugin is reached through the system
 * pseudo-TA's PTA_SYSTEM_SUPP_PLUGIN_INVOKE, on one session opened at the first call. The argument checks
 * are libutee's: no UUID, or a length without a buffer or a buffer without a length, is BAD_PARAMETERS
 * before anything is sent. */
#include <inttypes.h>
#include <pta_system.h>
#include <stdio.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

#define EXPORT __attribute__((visibility("default")))

void jtee_trace(int level, const char *text);

EXPORT TEE_Result tee_invoke_supp_plugin(const TEE_UUID *uuid, uint32_t cmd, uint32_t sub_cmd, void *buf, size_t len,
				  size_t *outlen)
{
	static TEE_TASessionHandle system_pta = TEE_HANDLE_NULL;
	TEE_Param params[TEE_NUM_PARAMS] = { 0 };
	TEE_Result res;

	if (!uuid || (len && !buf) || (!len && buf))
		return TEE_ERROR_BAD_PARAMETERS;
	if (system_pta == TEE_HANDLE_NULL) {
		static const TEE_UUID pta = PTA_SYSTEM_UUID;
		res = TEE_OpenTASession(&pta, TEE_TIMEOUT_INFINITE, 0, NULL, &system_pta, NULL);
		if (res != TEE_SUCCESS)
			return res;
	}
	params[0].memref.buffer = (void *)uuid;
	params[0].memref.size = sizeof(*uuid);
	params[1].value.a = cmd;
	params[1].value.b = sub_cmd;
	params[2].memref.buffer = buf;
	params[2].memref.size = len;
	res = TEE_InvokeTACommand(system_pta, TEE_TIMEOUT_INFINITE, PTA_SYSTEM_SUPP_PLUGIN_INVOKE,
				  TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_VALUE_INPUT,
						  TEE_PARAM_TYPE_MEMREF_INOUT, TEE_PARAM_TYPE_VALUE_OUTPUT),
				  params, NULL);
	if (res != TEE_SUCCESS) {
		char line[64];
		snprintf(line, sizeof(line), "Invoke tee-supplicant's plugin failed: %#" PRIx32, res);
		jtee_trace(1, line);
	}
	if (outlen)
		*outlen = params[3].value.a;
	return res;
}
