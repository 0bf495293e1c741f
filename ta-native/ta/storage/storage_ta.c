/*
 * The storage test TA in C behind xtest's 6000 series, with optee_test's storage UUID and the
 * command interface of jtee's Java StorageTa. Handles travel to the client in value parameters as
 * the handle's own bits (0 = TEE_HANDLE_NULL); a number the TA never gave out reaches the API as a
 * bad handle, and the API panics the instance, as GP says. Object ids are copied into the TA's heap
 * first, except in the *_ID_IN_SHM commands, which pass the client's buffer itself (xtest 6020: GP
 * does not allow an id in shared memory, so those panic). Any GP failure is the command's result.
 */
#include <storage_ta.h>
#include <string.h>
#include <tee_internal_api.h>

#define VIN TEE_PARAM_TYPE_VALUE_INPUT
#define VOUT TEE_PARAM_TYPE_VALUE_OUTPUT
#define VINOUT TEE_PARAM_TYPE_VALUE_INOUT
#define MIN TEE_PARAM_TYPE_MEMREF_INPUT
#define MOUT TEE_PARAM_TYPE_MEMREF_OUTPUT
#define NONE TEE_PARAM_TYPE_NONE
#define TYPES TEE_PARAM_TYPES

#define OBJ(v) ((TEE_ObjectHandle)(uintptr_t)(v))
#define ENUM(v) ((TEE_ObjectEnumHandle)(uintptr_t)(v))
#define NUM(h) ((uint32_t)(uintptr_t)(h))

#define LOOP_COUNT 20
#define LOOP_ID_LEN 8

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

/* The id to hand to the API: a heap copy of the client's bytes, or (in_shm) the client's buffer. */
static TEE_Result object_id(const TEE_Param *p, bool in_shm, void **id)
{
	if (in_shm) {
		*id = p->memref.buffer;
		return TEE_SUCCESS;
	}
	*id = TEE_Malloc(p->memref.size, TEE_MALLOC_FILL_ZERO);
	if (!*id && p->memref.size)
		return TEE_ERROR_OUT_OF_MEMORY;
	TEE_MemMove(*id, p->memref.buffer, p->memref.size);
	return TEE_SUCCESS;
}

static void free_id(void *id, bool in_shm)
{
	if (!in_shm)
		TEE_Free(id);
}

static TEE_Result open_object(uint32_t types, TEE_Param p[4], bool in_shm)
{
	if (types != TYPES(MIN, VINOUT, VIN, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	void *id;
	if (object_id(&p[0], in_shm, &id))
		return TEE_ERROR_OUT_OF_MEMORY;
	TEE_ObjectHandle o = TEE_HANDLE_NULL;
	TEE_Result res = TEE_OpenPersistentObject(p[2].value.a, id, p[0].memref.size, p[1].value.a, &o);
	free_id(id, in_shm);
	p[1].value.b = NUM(o);
	return res;
}

static TEE_Result create_object(uint32_t types, TEE_Param p[4], bool in_shm)
{
	if (types != TYPES(MIN, VINOUT, VIN, MIN))
		return TEE_ERROR_BAD_PARAMETERS;
	void *id;
	if (object_id(&p[0], in_shm, &id))
		return TEE_ERROR_OUT_OF_MEMORY;
	TEE_ObjectHandle o = TEE_HANDLE_NULL;
	TEE_Result res = TEE_CreatePersistentObject(p[2].value.b, id, p[0].memref.size, p[1].value.a,
						    OBJ(p[2].value.a), p[3].memref.buffer, p[3].memref.size, &o);
	free_id(id, in_shm);
	p[1].value.b = NUM(o);
	return res;
}

static TEE_Result create_overwrite(uint32_t types, TEE_Param p[4], bool in_shm)
{
	if (types != TYPES(MIN, VIN, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	void *id;
	if (object_id(&p[0], in_shm, &id))
		return TEE_ERROR_OUT_OF_MEMORY;
	TEE_ObjectHandle o = TEE_HANDLE_NULL;
	TEE_Result res = TEE_CreatePersistentObject(p[1].value.a, id, p[0].memref.size, TEE_DATA_FLAG_OVERWRITE,
						    TEE_HANDLE_NULL, NULL, 0, &o);
	free_id(id, in_shm);
	TEE_CloseObject(o);
	return res;
}

static TEE_Result rename_object(uint32_t types, TEE_Param p[4], bool in_shm)
{
	if (types != TYPES(VIN, MIN, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	void *id;
	if (object_id(&p[1], in_shm, &id))
		return TEE_ERROR_OUT_OF_MEMORY;
	TEE_Result res = TEE_RenamePersistentObject(OBJ(p[0].value.a), id, p[1].memref.size);
	free_id(id, in_shm);
	return res;
}

static TEE_Result read_object(uint32_t types, TEE_Param p[4])
{
	if (types != TYPES(MOUT, VINOUT, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	size_t count = 0;
	TEE_Result res = TEE_ReadObjectData(OBJ(p[1].value.a), p[0].memref.buffer, p[0].memref.size, &count);
	p[1].value.b = (uint32_t)count;
	return res;
}

static TEE_Result seek_object(uint32_t types, TEE_Param p[4])
{
	if (types != TYPES(VIN, VINOUT, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_ObjectHandle o = OBJ(p[0].value.a);
	TEE_ObjectInfo info;
	/* value.b carries a signed 32-bit offset */
	TEE_Result res = TEE_SeekObjectData(o, (int32_t)p[0].value.b, p[1].value.a);
	if (res == TEE_SUCCESS)
		res = TEE_GetObjectInfo1(o, &info);
	if (res == TEE_SUCCESS)
		p[1].value.b = (uint32_t)info.dataPosition;
	return res;
}

/* TEE_ObjectInfo into the client's buffer as seven uint32_t, or SHORT_BUFFER with the size it needs. */
static TEE_Result write_info(const TEE_ObjectInfo *info, TEE_Param *out)
{
	if (out->memref.size < TA_STORAGE_OBJECT_INFO_SIZE) {
		out->memref.size = TA_STORAGE_OBJECT_INFO_SIZE;
		return TEE_ERROR_SHORT_BUFFER;
	}
	uint32_t w[7] = { info->objectType, info->objectSize, info->maxObjectSize, info->objectUsage,
			  (uint32_t)info->dataSize, (uint32_t)info->dataPosition, info->handleFlags };
	TEE_MemMove(out->memref.buffer, w, sizeof(w));
	out->memref.size = TA_STORAGE_OBJECT_INFO_SIZE;
	return TEE_SUCCESS;
}

static TEE_Result next_enum(uint32_t types, TEE_Param p[4])
{
	bool with_info = types == TYPES(VIN, MOUT, MOUT, NONE);
	if (!with_info && types != TYPES(VIN, NONE, MOUT, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_ObjectInfo info;
	uint8_t id[TEE_OBJECT_ID_MAX_LEN];
	size_t id_len = sizeof(id);
	TEE_Result res = TEE_GetNextPersistentObject(ENUM(p[0].value.a), &info, id, &id_len);
	if (res == TEE_SUCCESS && with_info)
		res = write_info(&info, &p[1]);
	if (res != TEE_SUCCESS)
		return res;
	if (p[2].memref.size < id_len) {
		p[2].memref.size = id_len;
		return TEE_ERROR_SHORT_BUFFER;
	}
	TEE_MemMove(p[2].memref.buffer, id, id_len);
	p[2].memref.size = id_len;
	return TEE_SUCCESS;
}

static TEE_Result get_info(uint32_t types, TEE_Param p[4])
{
	if (types != TYPES(VIN, MOUT, NONE, NONE))
		return TEE_ERROR_BAD_PARAMETERS;
	TEE_ObjectInfo info;
	TEE_Result res = TEE_GetObjectInfo1(OBJ(p[0].value.a), &info);
	return res == TEE_SUCCESS ? write_info(&info, &p[1]) : res;
}

/*
 * xtest 6013: an AES key generated in a transient object, stored as a persistent object's
 * attributes, opened again and used as an operation key, encrypts exactly as the original.
 */
static TEE_Result key_in_persistent(uint32_t storage_id)
{
	static const uint8_t id[] = { 'k' };
	uint8_t in[16], out1[16], out2[16];
	size_t len;
	TEE_ObjectHandle key = TEE_HANDLE_NULL, persistent = TEE_HANDLE_NULL;
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	TEE_Result res;

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)i;
	res = TEE_AllocateTransientObject(TEE_TYPE_AES, 256, &key);
	if (res == TEE_SUCCESS)
		res = TEE_GenerateKey(key, 256, NULL, 0);
	if (res == TEE_SUCCESS)
		res = TEE_CreatePersistentObject(storage_id, id, sizeof(id),
						 TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE_META |
							 TEE_DATA_FLAG_OVERWRITE,
						 key, NULL, 0, NULL);
	if (res == TEE_SUCCESS)
		res = TEE_OpenPersistentObject(storage_id, id, sizeof(id),
					       TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE_META, &persistent);
	if (res == TEE_SUCCESS)
		res = TEE_AllocateOperation(&op, TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, 256);
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, key);
	if (res == TEE_SUCCESS) {
		TEE_CipherInit(op, NULL, 0);
		len = sizeof(out1);
		res = TEE_CipherDoFinal(op, in, sizeof(in), out1, &len);
	}
	if (res == TEE_SUCCESS)
		res = TEE_SetOperationKey(op, persistent);
	if (res == TEE_SUCCESS) {
		TEE_CipherInit(op, NULL, 0);
		len = sizeof(out2);
		res = TEE_CipherDoFinal(op, in, sizeof(in), out2, &len);
	}
	if (res == TEE_SUCCESS && TEE_MemCompare(out1, out2, sizeof(out1)))
		res = TEE_ERROR_GENERIC;
	if (res == TEE_SUCCESS) {
		res = TEE_CloseAndDeletePersistentObject1(persistent);
		persistent = TEE_HANDLE_NULL;
	}
	TEE_FreeOperation(op);
	TEE_CloseObject(persistent);
	TEE_FreeTransientObject(key);
	return res;
}

static void loop_id(uint8_t id[LOOP_ID_LEN], int n)
{
	TEE_MemMove(id, "loop", 4);
	for (int i = 7; i >= 4; i--, n /= 10)
		id[i] = (uint8_t)('0' + n % 10);
}

/* xtest 6014: creates 20 objects, finds them all by enumeration, opens and deletes each. */
static TEE_Result loop(uint32_t storage_id)
{
	uint8_t id[LOOP_ID_LEN], found[TEE_OBJECT_ID_MAX_LEN];
	size_t found_len;
	TEE_ObjectEnumHandle e = TEE_HANDLE_NULL;
	TEE_ObjectHandle o;
	TEE_ObjectInfo info;
	TEE_Result res = TEE_SUCCESS;
	int seen = 0;

	for (int n = 0; n < LOOP_COUNT && res == TEE_SUCCESS; n++) {
		loop_id(id, n);
		res = TEE_CreatePersistentObject(storage_id, id, sizeof(id),
						 TEE_DATA_FLAG_ACCESS_WRITE | TEE_DATA_FLAG_OVERWRITE, TEE_HANDLE_NULL,
						 id, sizeof(id), NULL);
	}
	if (res == TEE_SUCCESS)
		res = TEE_AllocatePersistentObjectEnumerator(&e);
	if (res == TEE_SUCCESS)
		res = TEE_StartPersistentObjectEnumerator(e, storage_id);
	while (res == TEE_SUCCESS) {
		found_len = sizeof(found);
		res = TEE_GetNextPersistentObject(e, &info, found, &found_len);
		if (res == TEE_SUCCESS && found_len == LOOP_ID_LEN && !TEE_MemCompare(found, "lo", 2))
			seen++;
	}
	if (res == TEE_ERROR_ITEM_NOT_FOUND)
		res = seen == LOOP_COUNT ? TEE_SUCCESS : TEE_ERROR_GENERIC;
	for (int n = 0; n < LOOP_COUNT && res == TEE_SUCCESS; n++) {
		loop_id(id, n);
		res = TEE_OpenPersistentObject(storage_id, id, sizeof(id), TEE_DATA_FLAG_ACCESS_WRITE_META, &o);
		if (res == TEE_SUCCESS)
			res = TEE_CloseAndDeletePersistentObject1(o);
	}
	TEE_FreePersistentObjectEnumerator(e);
	return res;
}

/* The commands whose only parameter is one VALUE_INPUT: (a, b) = (handle or storage id, argument). */
static TEE_Result one_value(uint32_t cmd, uint32_t a, uint32_t b)
{
	switch (cmd) {
	case TA_STORAGE_CMD_CLOSE:
		TEE_CloseObject(OBJ(a));
		return TEE_SUCCESS;
	case TA_STORAGE_CMD_UNLINK:
		return TEE_CloseAndDeletePersistentObject1(OBJ(a));
	case TA_STORAGE_CMD_TRUNC:
		return TEE_TruncateObjectData(OBJ(a), b);
	case TA_STORAGE_CMD_FREE_ENUM:
		TEE_FreePersistentObjectEnumerator(ENUM(a));
		return TEE_SUCCESS;
	case TA_STORAGE_CMD_RESET_ENUM:
		TEE_ResetPersistentObjectEnumerator(ENUM(a));
		return TEE_SUCCESS;
	case TA_STORAGE_CMD_START_ENUM:
		return TEE_StartPersistentObjectEnumerator(ENUM(a), b);
	case TA_STORAGE_CMD_RESTRICT_USAGE:
		return TEE_RestrictObjectUsage1(OBJ(a), b);
	case TA_STORAGE_CMD_FREE_OBJ:
		TEE_FreeTransientObject(OBJ(a));
		return TEE_SUCCESS;
	case TA_STORAGE_CMD_RESET_OBJ:
		TEE_ResetTransientObject(OBJ(a));
		return TEE_SUCCESS;
	case TA_STORAGE_CMD_KEY_IN_PERSISTENT:
		return key_in_persistent(a);
	case TA_STORAGE_CMD_LOOP:
		return loop(a);
	default:
		return TEE_ERROR_NOT_SUPPORTED;
	}
}

TEE_Result TA_InvokeCommandEntryPoint(void *sess_ctx, uint32_t cmd, uint32_t types, TEE_Param p[4])
{
	(void)sess_ctx;
	switch (cmd) {
	case TA_STORAGE_CMD_OPEN:
	case TA_STORAGE_CMD_OPEN_ID_IN_SHM:
		return open_object(types, p, cmd == TA_STORAGE_CMD_OPEN_ID_IN_SHM);
	case TA_STORAGE_CMD_CREATE:
	case TA_STORAGE_CMD_CREATE_ID_IN_SHM:
		return create_object(types, p, cmd == TA_STORAGE_CMD_CREATE_ID_IN_SHM);
	case TA_STORAGE_CMD_CREATE_OVERWRITE:
	case TA_STORAGE_CMD_CREATEOVER_ID_IN_SHM:
		return create_overwrite(types, p, cmd == TA_STORAGE_CMD_CREATEOVER_ID_IN_SHM);
	case TA_STORAGE_CMD_RENAME:
	case TA_STORAGE_CMD_RENAME_ID_IN_SHM:
		return rename_object(types, p, cmd == TA_STORAGE_CMD_RENAME_ID_IN_SHM);
	case TA_STORAGE_CMD_READ:
		return read_object(types, p);
	case TA_STORAGE_CMD_WRITE:
		if (types != TYPES(MIN, VIN, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		return TEE_WriteObjectData(OBJ(p[1].value.a), p[0].memref.buffer, p[0].memref.size);
	case TA_STORAGE_CMD_SEEK:
		return seek_object(types, p);
	case TA_STORAGE_CMD_NEXT_ENUM:
		return next_enum(types, p);
	case TA_STORAGE_CMD_GET_OBJ_INFO:
		return get_info(types, p);
	case TA_STORAGE_CMD_ALLOC_ENUM: {
		if (types != TYPES(VOUT, NONE, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_ObjectEnumHandle e = TEE_HANDLE_NULL;
		TEE_Result res = TEE_AllocatePersistentObjectEnumerator(&e);
		p[0].value.a = NUM(e);
		return res;
	}
	case TA_STORAGE_CMD_ALLOC_OBJ: {
		if (types != TYPES(VIN, VOUT, NONE, NONE))
			return TEE_ERROR_BAD_PARAMETERS;
		TEE_ObjectHandle o = TEE_HANDLE_NULL;
		TEE_Result res = TEE_AllocateTransientObject(p[0].value.a, p[0].value.b, &o);
		p[1].value.a = NUM(o);
		return res;
	}
	default:
		if (types != TYPES(VIN, NONE, NONE, NONE))
			return cmd <= TA_STORAGE_CMD_RENAME_ID_IN_SHM ? TEE_ERROR_BAD_PARAMETERS : TEE_ERROR_NOT_SUPPORTED;
		return one_value(cmd, p[0].value.a, p[0].value.b);
	}
}
