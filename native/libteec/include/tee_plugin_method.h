/* tee-supplicant's plugin interface, as optee_client declares it: a plugin is a shared library that
 * exports `struct plugin_method plugin_method`. jtee's world loads every file of its plugin directory
 * (`jtee serve --plugin-dir DIR`), calls init() once if set, and serves a TA's tee_invoke_supp_plugin()
 * with invoke() of the plugin whose UUID it names. */
#ifndef TEE_PLUGIN_METHOD_H
#define TEE_PLUGIN_METHOD_H

#include <stddef.h>
#include <tee_client_api.h>

struct plugin_method {
	const char *name; /* a short name, for the log */
	TEEC_UUID uuid;
	TEEC_Result (*init)(void);
	/* data: in_len bytes in, and out; *out_len: how many of them the answer fills */
	TEEC_Result (*invoke)(unsigned int cmd, unsigned int sub_cmd, void *data, size_t in_len, size_t *out_len);
};

#endif
