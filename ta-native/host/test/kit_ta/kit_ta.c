/* The host's dev-kit test TA: an ordinary OP-TEE TA source against the kit's headers and libutils. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tee_internal_api.h>
#include <tee_internal_api_extensions.h>

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **ctx)
{
	(void)types;
	(void)params;
	(void)ctx;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *ctx)
{
	(void)ctx;
}

static char *kept;

static void __attribute__((noinline)) overrun(size_t n)
{
	char buf[8];
	memset(buf, 'x', n); /* past buf: the canary */
	IMSG("%c", buf[0]);
}

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	(void)ctx;
	(void)types;
	switch (cmd) {
	case 0:
		IMSG("kit ta says %u", p[0].value.a);
		printf("printf says %d\n", 42);
		return TEE_SUCCESS;
	case 1:
		kept = malloc(1000);
		if (!kept)
			return TEE_ERROR_OUT_OF_MEMORY;
		strcpy(kept, "kept");
		void *volatile small = calloc(10, 10);
		free(small);
		void *volatile big = malloc(1u << 20);
		p[0].value.a = big == NULL;
		return TEE_SUCCESS;
	case 2:
		overrun(p[0].value.a);
		return TEE_SUCCESS;
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
