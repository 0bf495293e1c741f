/*
 * secure_storage in C, with optee_examples' UUID and commands and its GP 1.1 ABI: raw data objects
 * in TEE_STORAGE_PRIVATE, read, written (created or overwritten) and deleted by id. The id is
 * copied into TA memory first: GP does not let an object id live in shared memory.
 */
#include <secure_storage_ta.h>
#include <tee_internal_api.h>

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

static TEE_Result read_raw(const void *id, uint32_t id_len, TEE_Param *out)
{
	TEE_ObjectHandle obj;
	TEE_ObjectInfo info;
	uint32_t count = 0;
	TEE_Result res;

	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, id_len,
				       TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_SHARE_READ, &obj);
	if (res != TEE_SUCCESS)
		return res;
	res = TEE_GetObjectInfo1(obj, &info);
	if (res == TEE_SUCCESS && info.dataSize > out->memref.size) {
		out->memref.size = info.dataSize;
		res = TEE_ERROR_SHORT_BUFFER;
	}
	if (res == TEE_SUCCESS)
		res = TEE_ReadObjectData(obj, out->memref.buffer, info.dataSize, &count);
	if (res == TEE_SUCCESS && count != info.dataSize)
		res = TEE_ERROR_GENERIC;
	if (res == TEE_SUCCESS)
		out->memref.size = count;
	TEE_CloseObject(obj);
	return res;
}

static TEE_Result write_raw(const void *id, uint32_t id_len, const TEE_Param *data)
{
	TEE_ObjectHandle obj;
	TEE_Result res;

	res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, id_len,
					 TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
						 TEE_DATA_FLAG_ACCESS_WRITE_META | TEE_DATA_FLAG_OVERWRITE,
					 TEE_HANDLE_NULL, data->memref.buffer, data->memref.size, &obj);
	if (res == TEE_SUCCESS)
		TEE_CloseObject(obj);
	return res;
}

static TEE_Result delete_object(const void *id, uint32_t id_len)
{
	TEE_ObjectHandle obj;
	TEE_Result res;

	res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, id_len,
				       TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE_META, &obj);
	if (res == TEE_SUCCESS)
		TEE_CloseAndDeletePersistentObject1(obj);
	return res;
}

static uint32_t types_of(uint32_t cmd_id)
{
	switch (cmd_id) {
	case TA_SECURE_STORAGE_CMD_READ_RAW:
		return TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_OUTPUT,
				       TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE);
	case TA_SECURE_STORAGE_CMD_WRITE_RAW:
		return TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_MEMREF_INPUT,
				       TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE);
	case TA_SECURE_STORAGE_CMD_DELETE:
		return TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_INPUT, TEE_PARAM_TYPE_NONE,
				       TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE);
	default:
		return 0xffffffff; /* no parameter types match: an unknown command */
	}
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd_id, uint32_t param_types,
				      TEE_Param params[4])
{
	uint32_t id_len;
	TEE_Result res;
	void *id;

	(void)sess_ctx;
	if (param_types != types_of(cmd_id))
		return TEE_ERROR_BAD_PARAMETERS;
	id_len = params[0].memref.size;
	id = TEE_Malloc(id_len, TEE_MALLOC_FILL_ZERO);
	if (!id)
		return TEE_ERROR_OUT_OF_MEMORY;
	TEE_MemMove(id, params[0].memref.buffer, id_len);
	if (cmd_id == TA_SECURE_STORAGE_CMD_READ_RAW)
		res = read_raw(id, id_len, &params[1]);
	else if (cmd_id == TA_SECURE_STORAGE_CMD_WRITE_RAW)
		res = write_raw(id, id_len, &params[1]);
	else
		res = delete_object(id, id_len);
	TEE_Free(id);
	return res;
}
