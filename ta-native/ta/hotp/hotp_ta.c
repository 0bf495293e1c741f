/*
 * hotp in C, with optee_examples' UUID and commands and its GP 1.1 ABI: RFC 4226 HOTP values
 * (HMAC-SHA1 through the GP MAC API, dynamic truncation, 6 digits) of a registered key and a
 * counter. One session per instance, so the key and counter are the instance's.
 */
#include <hotp_ta.h>
#include <tee_internal_api.h>

#define MAX_KEY_SIZE 64
#define SHA1_SIZE 20
#define DIGITS_MOD 1000000

static uint8_t key[MAX_KEY_SIZE];
static uint32_t key_len;
static int key_registered;
static uint64_t counter;

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t param_types, TEE_Param params[4], void **sess_ctx)
{
	(void)param_types;
	(void)params;
	*sess_ctx = NULL;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *sess_ctx)
{
	(void)sess_ctx;
}

static TEE_Result register_key(uint32_t types, TEE_Param params[4])
{
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (params[0].memref.size > MAX_KEY_SIZE)
		return TEE_ERROR_BAD_PARAMETERS;
	key_len = params[0].memref.size;
	TEE_MemMove(key, params[0].memref.buffer, key_len);
	key_registered = 1;
	counter = 0;
	return TEE_SUCCESS;
}

/* HMAC-SHA1(key, counter as 8 big-endian bytes) */
static TEE_Result hmac_sha1(uint8_t mac[SHA1_SIZE])
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_ObjectHandle obj = TEE_HANDLE_NULL;
	TEE_Attribute attr;
	uint8_t message[8];
	uint32_t mac_len = SHA1_SIZE;
	TEE_Result res;
	int i;

	for (i = 0; i < 8; i++)
		message[i] = (uint8_t)(counter >> (56 - 8 * i));
	res = TEE_AllocateOperation(&op, TEE_ALG_HMAC_SHA1, TEE_MODE_MAC, key_len * 8);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateTransientObject(TEE_TYPE_HMAC_SHA1, key_len * 8, &obj);
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, key, key_len);
	if (res == TEE_SUCCESS)
		res = TEE_PopulateTransientObject(obj, &attr, 1);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, obj);
	if (res == TEE_SUCCESS) {
		TEE_MACInit(op, NULL, 0);
		res = TEE_MACComputeFinal(op, message, sizeof(message), mac, &mac_len);
	}
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(obj);
	return res;
}

static TEE_Result get_hotp(uint32_t types, TEE_Param params[4])
{
	uint8_t mac[SHA1_SIZE];
	uint32_t offset, binary;
	TEE_Result res;

	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_VALUE_OUTPUT, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	if (!key_registered)
		return TEE_ERROR_BAD_STATE;
	res = hmac_sha1(mac);
	if (res != TEE_SUCCESS)
		return res;
	offset = mac[SHA1_SIZE - 1] & 0xf; /* RFC 4226 5.3: dynamic truncation */
	binary = (uint32_t)(mac[offset] & 0x7f) << 24 | (uint32_t)mac[offset + 1] << 16 |
		 (uint32_t)mac[offset + 2] << 8 | mac[offset + 3];
	params[0].value.a = binary % DIGITS_MOD;
	counter++;
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	(void)sess_ctx;
	switch (cmd_id) {
	case TA_HOTP_CMD_REGISTER_SHARED_KEY:
		return register_key(param_types, params);
	case TA_HOTP_CMD_GET_HOTP:
		return get_hotp(param_types, params);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
