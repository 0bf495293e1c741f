/* The GP 1.3.1 storage and crypto functions of a native TA (objects, attributes, persistent objects,
 * enumerators, operations: digest, cipher, MAC, AE, asymmetric, derive), each a GP call to the world
 * (gpcall.h) that runs it on the same engine as a Java TA's. Built against the dev kit's headers so
 * the signatures are the ones a TA compiles against. Handles are the world's u32 ids. */
#include <string.h>
#include <tee_internal_api.h>

#include "gpcall.h"

#define EXPORT __attribute__((visibility("default")))

void jtee_trace(int level, const char *text);
void gpc_panic(const char *reason, uint32_t code) __attribute__((noreturn));

enum {
	GET_OBJECT_INFO = 0x10, RESTRICT_OBJECT_USAGE, GET_OBJECT_BUFFER_ATTRIBUTE, GET_OBJECT_VALUE_ATTRIBUTE,
	CLOSE_OBJECT, ALLOCATE_TRANSIENT_OBJECT, FREE_TRANSIENT_OBJECT, RESET_TRANSIENT_OBJECT,
	POPULATE_TRANSIENT_OBJECT, COPY_OBJECT_ATTRIBUTES, GENERATE_KEY,
	OPEN_PERSISTENT_OBJECT = 0x20, CREATE_PERSISTENT_OBJECT, CLOSE_AND_DELETE_PERSISTENT_OBJECT,
	RENAME_PERSISTENT_OBJECT, ALLOCATE_ENUMERATOR, FREE_ENUMERATOR, RESET_ENUMERATOR, START_ENUMERATOR,
	GET_NEXT_PERSISTENT_OBJECT, READ_OBJECT_DATA, WRITE_OBJECT_DATA, TRUNCATE_OBJECT_DATA, SEEK_OBJECT_DATA,
	ALLOCATE_OPERATION = 0x30, FREE_OPERATION, GET_OPERATION_INFO, RESET_OPERATION, SET_OPERATION_KEY,
	DIGEST_UPDATE = 0x37, DIGEST_DO_FINAL, CIPHER_INIT, CIPHER_UPDATE, CIPHER_DO_FINAL, MAC_INIT, MAC_UPDATE,
	MAC_COMPUTE_FINAL, MAC_COMPARE_FINAL, AE_INIT, AE_UPDATE_AAD, AE_UPDATE, AE_ENCRYPT_FINAL,
	AE_DECRYPT_FINAL, ASYMMETRIC_ENCRYPT, ASYMMETRIC_DECRYPT, ASYMMETRIC_SIGN_DIGEST,
	ASYMMETRIC_VERIFY_DIGEST, DERIVE_KEY,
};

#define ID(h) ((uint64_t)(uintptr_t)(h))

static struct gpc call(uint32_t op, uint32_t nargs, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct gpc c = { .op = op, .nargs = nargs, .arg = { a0, a1, a2, a3 } };
	return c;
}

static void in(struct gpc *c, const void *p, size_t len)
{
	c->buf[c->nbufs++] = (struct gpc_buf){ .in = p, .len = p ? len : 0 };
}

/* An output buffer: the TA's bytes go too (an in-place operation reads them), written ones come back. */
static void inout(struct gpc *c, void *p, size_t len)
{
	c->buf[c->nbufs++] = (struct gpc_buf){ .in = p, .out = p, .len = p ? len : 0 };
}

/* A TA buffer the world reads: the TA must be allowed to read it (a panic otherwise, as OP-TEE's syscalls). */
static void check_read(const void *p, size_t len, uint32_t flags)
{
	if (len && TEE_CheckMemoryAccessRights(flags, (void *)p, len) != TEE_SUCCESS)
		gpc_panic("a GP call with a buffer the TA may not read", TEE_ERROR_ACCESS_DENIED);
}

static void check_write(void *p, size_t len)
{
	if (len && TEE_CheckMemoryAccessRights(TEE_MEMORY_ACCESS_WRITE | TEE_MEMORY_ACCESS_ANY_OWNER, p, len) !=
		       TEE_SUCCESS)
		gpc_panic("a GP call with a buffer the TA may not write", TEE_ERROR_ACCESS_DENIED);
}

static void in_checked(struct gpc *c, const void *p, size_t len)
{
	check_read(p, len, TEE_MEMORY_ACCESS_READ | TEE_MEMORY_ACCESS_ANY_OWNER);
	in(c, p, len);
}

static void out_checked(struct gpc *c, void *p, size_t len)
{
	check_write(p, len);
	inout(c, p, len);
}

/* libutee's rule for the functions GP lets return only some codes: anything else panics. */
static TEE_Result only(TEE_Result res, TEE_Result a, TEE_Result b)
{
	if (res != TEE_SUCCESS && res != a && res != b)
		TEE_Panic(res);
	return res;
}

static void must(TEE_Result res)
{
	if (res != TEE_SUCCESS)
		TEE_Panic(res);
}

/* ---- attributes: u32 count; each u32 id, u32 length, u32 a, u32 b, bytes padded to 4 (a TA heap block) ---- */

static size_t attrs_size(const TEE_Attribute *attrs, uint32_t n)
{
	size_t size = 4;
	for (uint32_t i = 0; i < n; i++) {
		size += 16;
		if (!(attrs[i].attributeID & TEE_ATTR_FLAG_VALUE))
			size += (attrs[i].content.ref.length + 3) & ~(size_t)3;
	}
	return size;
}

static void *attrs_encode(const TEE_Attribute *attrs, uint32_t n, size_t *size)
{
	if (n && !attrs)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	*size = attrs_size(attrs, n);
	uint8_t *blob = TEE_Malloc(*size, TEE_MALLOC_FILL_ZERO), *p = blob;
	if (!blob)
		TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
	memcpy(p, &n, 4);
	p += 4;
	for (uint32_t i = 0; i < n; i++) {
		const TEE_Attribute *a = &attrs[i];
		bool value = a->attributeID & TEE_ATTR_FLAG_VALUE;
		uint32_t w[4] = { a->attributeID, value ? 0 : (uint32_t)a->content.ref.length,
				  value ? a->content.value.a : 0, value ? a->content.value.b : 0 };
		memcpy(p, w, 16);
		p += 16;
		if (!value) {
			check_read(a->content.ref.buffer, a->content.ref.length,
				   TEE_MEMORY_ACCESS_READ | TEE_MEMORY_ACCESS_ANY_OWNER);
			if (a->content.ref.length)
				memcpy(p, a->content.ref.buffer, a->content.ref.length);
			p += (a->content.ref.length + 3) & ~(size_t)3;
		}
	}
	return blob;
}

static TEE_Result with_attrs(struct gpc *c, const TEE_Attribute *attrs, uint32_t n)
{
	size_t size;
	void *blob = attrs_encode(attrs, n, &size);
	in(c, blob, size);
	TEE_Result res = gpc_run(c);
	TEE_Free(blob);
	return res;
}

/* ---- objects (GP 5.5, 5.6) ---- */

static void info_from(const struct gpc *c, TEE_ObjectInfo *info)
{
	info->objectType = (uint32_t)c->ret[0];
	info->objectSize = (uint32_t)c->ret[1];
	info->maxObjectSize = (uint32_t)c->ret[2];
	info->objectUsage = (uint32_t)c->ret[3];
	info->dataSize = (size_t)c->ret[4];
	info->dataPosition = (size_t)c->ret[5];
	info->handleFlags = (uint32_t)c->ret[6];
}

EXPORT TEE_Result TEE_GetObjectInfo1(TEE_ObjectHandle object, TEE_ObjectInfo *info)
{
	struct gpc c = call(GET_OBJECT_INFO, 1, ID(object), 0, 0, 0);
	TEE_Result res = only(gpc_run(&c), TEE_ERROR_CORRUPT_OBJECT, TEE_ERROR_STORAGE_NOT_AVAILABLE);
	if (res == TEE_SUCCESS)
		info_from(&c, info);
	return res;
}

EXPORT void TEE_GetObjectInfo(TEE_ObjectHandle object, TEE_ObjectInfo *info)
{
	must(TEE_GetObjectInfo1(object, info));
}

EXPORT TEE_Result TEE_RestrictObjectUsage1(TEE_ObjectHandle object, uint32_t usage)
{
	struct gpc c = call(RESTRICT_OBJECT_USAGE, 2, ID(object), usage, 0, 0);
	return only(gpc_run(&c), TEE_ERROR_CORRUPT_OBJECT, TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

EXPORT void TEE_RestrictObjectUsage(TEE_ObjectHandle object, uint32_t usage)
{
	must(TEE_RestrictObjectUsage1(object, usage));
}

EXPORT TEE_Result TEE_GetObjectBufferAttribute(TEE_ObjectHandle object, uint32_t id, void *buffer, size_t *size)
{
	struct gpc c = call(GET_OBJECT_BUFFER_ATTRIBUTE, 2, ID(object), id, 0, 0);
	if (!size)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	check_write(buffer, *size);
	c.buf[c.nbufs++] = (struct gpc_buf){ .out = buffer, .len = buffer ? *size : 0 };
	TEE_Result res = gpc_run(&c);
	if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
		*size = (size_t)c.ret[0];
	return only(res, TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_SHORT_BUFFER);
}

EXPORT TEE_Result TEE_GetObjectValueAttribute(TEE_ObjectHandle object, uint32_t id, uint32_t *a, uint32_t *b)
{
	struct gpc c = call(GET_OBJECT_VALUE_ATTRIBUTE, 2, ID(object), id, 0, 0);
	TEE_Result res = only(gpc_run(&c), TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_CORRUPT_OBJECT);
	if (res == TEE_SUCCESS) {
		if (a)
			*a = (uint32_t)c.ret[0];
		if (b)
			*b = (uint32_t)c.ret[1];
	}
	return res;
}

EXPORT void TEE_CloseObject(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return;
	struct gpc c = call(CLOSE_OBJECT, 1, ID(object), 0, 0, 0);
	must(gpc_run(&c));
}

EXPORT TEE_Result TEE_AllocateTransientObject(TEE_ObjectType type, uint32_t maxObjectSize, TEE_ObjectHandle *object)
{
	struct gpc c = call(ALLOCATE_TRANSIENT_OBJECT, 2, type, maxObjectSize, 0, 0);
	TEE_Result res = only(gpc_run(&c), TEE_ERROR_OUT_OF_MEMORY, TEE_ERROR_NOT_SUPPORTED);
	*object = res == TEE_SUCCESS ? (TEE_ObjectHandle)(uintptr_t)c.ret[0] : TEE_HANDLE_NULL;
	return res;
}

EXPORT void TEE_FreeTransientObject(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return;
	struct gpc c = call(FREE_TRANSIENT_OBJECT, 1, ID(object), 0, 0, 0);
	must(gpc_run(&c));
}

EXPORT void TEE_ResetTransientObject(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return;
	struct gpc c = call(RESET_TRANSIENT_OBJECT, 1, ID(object), 0, 0, 0);
	must(gpc_run(&c));
}

EXPORT TEE_Result TEE_PopulateTransientObject(TEE_ObjectHandle object, const TEE_Attribute *attrs, uint32_t count)
{
	struct gpc c = call(POPULATE_TRANSIENT_OBJECT, 1, ID(object), 0, 0, 0);
	return only(with_attrs(&c, attrs, count), TEE_ERROR_BAD_PARAMETERS, TEE_SUCCESS);
}

EXPORT void TEE_InitRefAttribute(TEE_Attribute *attr, uint32_t id, const void *buffer, size_t length)
{
	if (id & TEE_ATTR_FLAG_VALUE)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS); /* GP: bit 29 set is a value attribute */
	attr->attributeID = id;
	attr->content.ref.buffer = (void *)buffer;
	attr->content.ref.length = length;
}

EXPORT void TEE_InitValueAttribute(TEE_Attribute *attr, uint32_t id, uint32_t a, uint32_t b)
{
	if (!(id & TEE_ATTR_FLAG_VALUE))
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	attr->attributeID = id;
	attr->content.value.a = a;
	attr->content.value.b = b;
}

EXPORT TEE_Result TEE_CopyObjectAttributes1(TEE_ObjectHandle dst, TEE_ObjectHandle src)
{
	struct gpc c = call(COPY_OBJECT_ATTRIBUTES, 2, ID(dst), ID(src), 0, 0);
	return only(gpc_run(&c), TEE_ERROR_CORRUPT_OBJECT, TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

EXPORT void TEE_CopyObjectAttributes(TEE_ObjectHandle dst, TEE_ObjectHandle src)
{
	must(TEE_CopyObjectAttributes1(dst, src));
}

EXPORT TEE_Result TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize, const TEE_Attribute *params, uint32_t count)
{
	struct gpc c = call(GENERATE_KEY, 2, ID(object), keySize, 0, 0);
	return only(with_attrs(&c, params, count), TEE_ERROR_BAD_PARAMETERS, TEE_SUCCESS);
}

/* ---- persistent objects and enumerators (GP 5.7 to 5.9) ---- */

/* An object id lies in TA-private memory, not in a parameter (GP; xtest 6020) */
static void object_id(struct gpc *c, const void *id, size_t len)
{
	check_read(id, len, TEE_MEMORY_ACCESS_READ);
	in(c, id, len);
}

EXPORT TEE_Result TEE_OpenPersistentObject(uint32_t storageID, const void *objectID, size_t objectIDLen,
					   uint32_t flags, TEE_ObjectHandle *object)
{
	struct gpc c = call(OPEN_PERSISTENT_OBJECT, 2, storageID, flags, 0, 0);
	object_id(&c, objectID, objectIDLen);
	TEE_Result res = gpc_run(&c);
	*object = res == TEE_SUCCESS ? (TEE_ObjectHandle)(uintptr_t)c.ret[0] : TEE_HANDLE_NULL;
	if (res != TEE_SUCCESS && res != TEE_ERROR_ITEM_NOT_FOUND && res != TEE_ERROR_ACCESS_CONFLICT &&
	    res != TEE_ERROR_OUT_OF_MEMORY && res != TEE_ERROR_CORRUPT_OBJECT && res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
		TEE_Panic(res);
	return res;
}

EXPORT TEE_Result TEE_CreatePersistentObject(uint32_t storageID, const void *objectID, size_t objectIDLen,
					     uint32_t flags, TEE_ObjectHandle attributes, const void *initialData,
					     size_t initialDataLen, TEE_ObjectHandle *object)
{
	struct gpc c = call(CREATE_PERSISTENT_OBJECT, 3, storageID, flags, ID(attributes), 0);
	object_id(&c, objectID, objectIDLen);
	in_checked(&c, initialData, initialDataLen);
	TEE_Result res = gpc_run(&c);
	if (object)
		*object = res == TEE_SUCCESS ? (TEE_ObjectHandle)(uintptr_t)c.ret[0] : TEE_HANDLE_NULL;
	if (res != TEE_SUCCESS && res != TEE_ERROR_ITEM_NOT_FOUND && res != TEE_ERROR_ACCESS_CONFLICT &&
	    res != TEE_ERROR_OUT_OF_MEMORY && res != TEE_ERROR_STORAGE_NO_SPACE && res != TEE_ERROR_CORRUPT_OBJECT &&
	    res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
		TEE_Panic(res);
	if (res == TEE_SUCCESS && !object) {
		TEE_CloseObject((TEE_ObjectHandle)(uintptr_t)c.ret[0]); /* OP-TEE: a NULL handle pointer closes it */
	}
	return res;
}

EXPORT TEE_Result TEE_CloseAndDeletePersistentObject1(TEE_ObjectHandle object)
{
	if (object == TEE_HANDLE_NULL)
		return TEE_SUCCESS;
	struct gpc c = call(CLOSE_AND_DELETE_PERSISTENT_OBJECT, 1, ID(object), 0, 0, 0);
	return only(gpc_run(&c), TEE_ERROR_STORAGE_NOT_AVAILABLE, TEE_SUCCESS);
}

EXPORT void TEE_CloseAndDeletePersistentObject(TEE_ObjectHandle object)
{
	must(TEE_CloseAndDeletePersistentObject1(object));
}

EXPORT TEE_Result TEE_RenamePersistentObject(TEE_ObjectHandle object, const void *newID, size_t newIDLen)
{
	struct gpc c = call(RENAME_PERSISTENT_OBJECT, 1, ID(object), 0, 0, 0);
	object_id(&c, newID, newIDLen);
	TEE_Result res = gpc_run(&c);
	if (res != TEE_SUCCESS && res != TEE_ERROR_ACCESS_CONFLICT && res != TEE_ERROR_CORRUPT_OBJECT &&
	    res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
		TEE_Panic(res);
	return res;
}

EXPORT TEE_Result TEE_AllocatePersistentObjectEnumerator(TEE_ObjectEnumHandle *e)
{
	struct gpc c = call(ALLOCATE_ENUMERATOR, 0, 0, 0, 0, 0);
	TEE_Result res = only(gpc_run(&c), TEE_ERROR_OUT_OF_MEMORY, TEE_SUCCESS);
	*e = res == TEE_SUCCESS ? (TEE_ObjectEnumHandle)(uintptr_t)c.ret[0] : TEE_HANDLE_NULL;
	return res;
}

EXPORT void TEE_FreePersistentObjectEnumerator(TEE_ObjectEnumHandle e)
{
	if (e == TEE_HANDLE_NULL)
		return;
	struct gpc c = call(FREE_ENUMERATOR, 1, ID(e), 0, 0, 0);
	must(gpc_run(&c));
}

EXPORT void TEE_ResetPersistentObjectEnumerator(TEE_ObjectEnumHandle e)
{
	struct gpc c = call(RESET_ENUMERATOR, 1, ID(e), 0, 0, 0);
	must(gpc_run(&c));
}

EXPORT TEE_Result TEE_StartPersistentObjectEnumerator(TEE_ObjectEnumHandle e, uint32_t storageID)
{
	struct gpc c = call(START_ENUMERATOR, 2, ID(e), storageID, 0, 0);
	return only(gpc_run(&c), TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

EXPORT TEE_Result TEE_GetNextPersistentObject(TEE_ObjectEnumHandle e, TEE_ObjectInfo *info, void *objectID,
					      size_t *objectIDLen)
{
	struct gpc c = call(GET_NEXT_PERSISTENT_OBJECT, 1, ID(e), 0, 0, 0);
	if (!objectID || !objectIDLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	c.buf[c.nbufs++] = (struct gpc_buf){ .out = objectID, .len = TEE_OBJECT_ID_MAX_LEN };
	TEE_Result res = gpc_run(&c);
	if (res == TEE_SUCCESS) {
		if (info)
			info_from(&c, info);
		*objectIDLen = (size_t)c.ret[7];
	}
	return only(res, TEE_ERROR_ITEM_NOT_FOUND, TEE_ERROR_CORRUPT_OBJECT);
}

EXPORT TEE_Result TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer, size_t size, size_t *count)
{
	struct gpc c = call(READ_OBJECT_DATA, 1, ID(object), 0, 0, 0);
	check_write(buffer, size);
	c.buf[c.nbufs++] = (struct gpc_buf){ .out = buffer, .len = size };
	TEE_Result res = only(gpc_run(&c), TEE_ERROR_CORRUPT_OBJECT, TEE_ERROR_STORAGE_NOT_AVAILABLE);
	if (count)
		*count = res == TEE_SUCCESS ? (size_t)c.ret[0] : 0;
	return res;
}

EXPORT TEE_Result TEE_WriteObjectData(TEE_ObjectHandle object, const void *buffer, size_t size)
{
	struct gpc c = call(WRITE_OBJECT_DATA, 1, ID(object), 0, 0, 0);
	in_checked(&c, buffer, size);
	TEE_Result res = gpc_run(&c);
	if (res != TEE_SUCCESS && res != TEE_ERROR_STORAGE_NO_SPACE && res != TEE_ERROR_OVERFLOW &&
	    res != TEE_ERROR_CORRUPT_OBJECT && res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
		TEE_Panic(res);
	return res;
}

EXPORT TEE_Result TEE_TruncateObjectData(TEE_ObjectHandle object, size_t size)
{
	struct gpc c = call(TRUNCATE_OBJECT_DATA, 2, ID(object), size, 0, 0);
	TEE_Result res = gpc_run(&c);
	if (res != TEE_SUCCESS && res != TEE_ERROR_STORAGE_NO_SPACE && res != TEE_ERROR_CORRUPT_OBJECT &&
	    res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
		TEE_Panic(res);
	return res;
}

EXPORT TEE_Result TEE_SeekObjectData(TEE_ObjectHandle object, intmax_t offset, TEE_Whence whence)
{
	struct gpc c = call(SEEK_OBJECT_DATA, 3, ID(object), (uint64_t)offset, whence, 0);
	TEE_Result res = gpc_run(&c);
	if (res != TEE_SUCCESS && res != TEE_ERROR_OVERFLOW && res != TEE_ERROR_CORRUPT_OBJECT &&
	    res != TEE_ERROR_STORAGE_NOT_AVAILABLE)
		TEE_Panic(res);
	return res;
}

/* ---- operations (GP 6) ---- */

EXPORT TEE_Result TEE_AllocateOperation(TEE_OperationHandle *op, uint32_t algorithm, uint32_t mode, uint32_t maxKeySize)
{
	struct gpc c = call(ALLOCATE_OPERATION, 3, algorithm, mode, maxKeySize, 0);
	TEE_Result res = only(gpc_run(&c), TEE_ERROR_OUT_OF_MEMORY, TEE_ERROR_NOT_SUPPORTED);
	*op = res == TEE_SUCCESS ? (TEE_OperationHandle)(uintptr_t)c.ret[0] : TEE_HANDLE_NULL;
	return res;
}

EXPORT void TEE_FreeOperation(TEE_OperationHandle op)
{
	if (op == TEE_HANDLE_NULL)
		return;
	struct gpc c = call(FREE_OPERATION, 1, ID(op), 0, 0, 0);
	must(gpc_run(&c));
}

EXPORT void TEE_GetOperationInfo(TEE_OperationHandle op, TEE_OperationInfo *info)
{
	struct gpc c = call(GET_OPERATION_INFO, 1, ID(op), 0, 0, 0);
	must(gpc_run(&c));
	info->algorithm = (uint32_t)c.ret[0];
	info->operationClass = (uint32_t)c.ret[1];
	info->mode = (uint32_t)c.ret[2];
	info->digestLength = (uint32_t)c.ret[3];
	info->maxKeySize = (uint32_t)c.ret[4];
	info->keySize = (uint32_t)c.ret[5];
	info->requiredKeyUsage = (uint32_t)c.ret[6];
	info->handleState = (uint32_t)c.ret[7];
}

EXPORT void TEE_ResetOperation(TEE_OperationHandle op)
{
	struct gpc c = call(RESET_OPERATION, 1, ID(op), 0, 0, 0);
	must(gpc_run(&c));
}

EXPORT TEE_Result TEE_SetOperationKey(TEE_OperationHandle op, TEE_ObjectHandle key)
{
	struct gpc c = call(SET_OPERATION_KEY, 2, ID(op), ID(key), 0, 0);
	return only(gpc_run(&c), TEE_ERROR_CORRUPT_OBJECT, TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

static void feed(uint32_t fn, TEE_OperationHandle op, const void *p, size_t len)
{
	struct gpc c = call(fn, 1, ID(op), 0, 0, 0);
	in_checked(&c, p, len);
	must(gpc_run(&c));
}

/* src in, dest out with *destLen: SHORT_BUFFER sets the needed size (GP) */
static TEE_Result in_out(uint32_t fn, TEE_OperationHandle op, const void *src, size_t srcLen, void *dest,
			 size_t *destLen, TEE_Result also)
{
	struct gpc c = call(fn, 1, ID(op), 0, 0, 0);
	if (!destLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	in_checked(&c, src, srcLen);
	out_checked(&c, dest, *destLen);
	TEE_Result res = gpc_run(&c);
	if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
		*destLen = (size_t)c.ret[0];
	return only(res, TEE_ERROR_SHORT_BUFFER, also);
}

EXPORT void TEE_DigestUpdate(TEE_OperationHandle op, const void *chunk, size_t len)
{
	feed(DIGEST_UPDATE, op, chunk, len);
}

EXPORT TEE_Result TEE_DigestDoFinal(TEE_OperationHandle op, const void *chunk, size_t len, void *hash, size_t *hashLen)
{
	return in_out(DIGEST_DO_FINAL, op, chunk, len, hash, hashLen, TEE_SUCCESS);
}

static void init_iv(uint32_t fn, TEE_OperationHandle op, const void *iv, size_t len)
{
	struct gpc c = call(fn, 1, ID(op), 0, 0, 0);
	in_checked(&c, iv, iv ? len : 0);
	must(gpc_run(&c));
}

EXPORT void TEE_CipherInit(TEE_OperationHandle op, const void *iv, size_t ivLen)
{
	init_iv(CIPHER_INIT, op, iv, ivLen);
}

EXPORT TEE_Result TEE_CipherUpdate(TEE_OperationHandle op, const void *src, size_t srcLen, void *dest, size_t *destLen)
{
	return in_out(CIPHER_UPDATE, op, src, srcLen, dest, destLen, TEE_SUCCESS);
}

EXPORT TEE_Result TEE_CipherDoFinal(TEE_OperationHandle op, const void *src, size_t srcLen, void *dest, size_t *destLen)
{
	return in_out(CIPHER_DO_FINAL, op, src, srcLen, dest, destLen, TEE_SUCCESS);
}

EXPORT void TEE_MACInit(TEE_OperationHandle op, const void *iv, size_t ivLen)
{
	init_iv(MAC_INIT, op, iv, ivLen);
}

EXPORT void TEE_MACUpdate(TEE_OperationHandle op, const void *chunk, size_t len)
{
	feed(MAC_UPDATE, op, chunk, len);
}

EXPORT TEE_Result TEE_MACComputeFinal(TEE_OperationHandle op, const void *msg, size_t msgLen, void *mac, size_t *macLen)
{
	return in_out(MAC_COMPUTE_FINAL, op, msg, msgLen, mac, macLen, TEE_SUCCESS);
}

EXPORT TEE_Result TEE_MACCompareFinal(TEE_OperationHandle op, const void *msg, size_t msgLen, const void *mac,
				      size_t macLen)
{
	struct gpc c = call(MAC_COMPARE_FINAL, 1, ID(op), 0, 0, 0);
	in_checked(&c, msg, msgLen);
	in_checked(&c, mac, macLen);
	return only(gpc_run(&c), TEE_ERROR_MAC_INVALID, TEE_SUCCESS);
}

EXPORT TEE_Result TEE_AEInit(TEE_OperationHandle op, const void *nonce, size_t nonceLen, uint32_t tagLen, size_t aadLen,
			     size_t payloadLen)
{
	struct gpc c = call(AE_INIT, 4, ID(op), tagLen, aadLen, payloadLen);
	in_checked(&c, nonce, nonceLen);
	return only(gpc_run(&c), TEE_ERROR_NOT_SUPPORTED, TEE_SUCCESS);
}

EXPORT void TEE_AEUpdateAAD(TEE_OperationHandle op, const void *aad, size_t aadLen)
{
	feed(AE_UPDATE_AAD, op, aad, aadLen);
}

EXPORT TEE_Result TEE_AEUpdate(TEE_OperationHandle op, const void *src, size_t srcLen, void *dest, size_t *destLen)
{
	return in_out(AE_UPDATE, op, src, srcLen, dest, destLen, TEE_SUCCESS);
}

EXPORT TEE_Result TEE_AEEncryptFinal(TEE_OperationHandle op, const void *src, size_t srcLen, void *dest,
				     size_t *destLen, void *tag, size_t *tagLen)
{
	struct gpc c = call(AE_ENCRYPT_FINAL, 1, ID(op), 0, 0, 0);
	if (!destLen || !tagLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	in_checked(&c, src, srcLen);
	out_checked(&c, dest, *destLen);
	out_checked(&c, tag, *tagLen);
	TEE_Result res = gpc_run(&c);
	if (res == TEE_SUCCESS) {
		*destLen = (size_t)c.ret[0];
		*tagLen = (size_t)c.ret[1];
	} else if (res == TEE_ERROR_SHORT_BUFFER && c.ret[1]) {
		*tagLen = (size_t)c.ret[0];
	} else if (res == TEE_ERROR_SHORT_BUFFER) {
		*destLen = (size_t)c.ret[0];
		/* libutee checks both lengths before it answers, and writes back each one that is short */
		TEE_OperationInfo info;
		TEE_GetOperationInfo(op, &info);
		if (*tagLen < info.digestLength)
			*tagLen = info.digestLength;
	}
	return only(res, TEE_ERROR_SHORT_BUFFER, TEE_SUCCESS);
}

EXPORT TEE_Result TEE_AEDecryptFinal(TEE_OperationHandle op, const void *src, size_t srcLen, void *dest,
				     size_t *destLen, void *tag, size_t tagLen)
{
	struct gpc c = call(AE_DECRYPT_FINAL, 1, ID(op), 0, 0, 0);
	if (!destLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	in_checked(&c, src, srcLen);
	out_checked(&c, dest, *destLen);
	in_checked(&c, tag, tagLen);
	TEE_Result res = gpc_run(&c);
	if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
		*destLen = (size_t)c.ret[0];
	if (res != TEE_SUCCESS && res != TEE_ERROR_SHORT_BUFFER && res != TEE_ERROR_MAC_INVALID)
		TEE_Panic(res);
	return res;
}

static TEE_Result asym(uint32_t fn, TEE_OperationHandle op, const TEE_Attribute *params, uint32_t n, const void *src,
		       size_t srcLen, void *dest, size_t *destLen, bool verify)
{
	struct gpc c = call(fn, 1, ID(op), 0, 0, 0);
	size_t size;
	void *blob = attrs_encode(params, n, &size);
	in(&c, blob, size);
	in_checked(&c, src, srcLen);
	if (verify) {
		in_checked(&c, dest, *destLen);
	} else {
		if (!destLen)
			TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
		out_checked(&c, dest, *destLen);
	}
	TEE_Result res = gpc_run(&c);
	TEE_Free(blob);
	if (!verify && (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER))
		*destLen = (size_t)c.ret[0];
	return res;
}

/* libutee's TEE_AsymmetricEncrypt/Decrypt return these and panic for anything else (an SM2 cipher text
 * that does not verify is CIPHERTEXT_INVALID, not a panic) */
static TEE_Result asym_cipher(TEE_Result res)
{
	if (res != TEE_SUCCESS && res != TEE_ERROR_SHORT_BUFFER && res != TEE_ERROR_BAD_PARAMETERS &&
	    res != TEE_ERROR_CIPHERTEXT_INVALID && res != TEE_ERROR_NOT_SUPPORTED)
		TEE_Panic(res);
	return res;
}

EXPORT TEE_Result TEE_AsymmetricEncrypt(TEE_OperationHandle op, const TEE_Attribute *params, uint32_t n,
					const void *src, size_t srcLen, void *dest, size_t *destLen)
{
	return asym_cipher(asym(ASYMMETRIC_ENCRYPT, op, params, n, src, srcLen, dest, destLen, false));
}

EXPORT TEE_Result TEE_AsymmetricDecrypt(TEE_OperationHandle op, const TEE_Attribute *params, uint32_t n,
					const void *src, size_t srcLen, void *dest, size_t *destLen)
{
	return asym_cipher(asym(ASYMMETRIC_DECRYPT, op, params, n, src, srcLen, dest, destLen, false));
}

EXPORT TEE_Result TEE_AsymmetricSignDigest(TEE_OperationHandle op, const TEE_Attribute *params, uint32_t n,
					   const void *digest, size_t digestLen, void *sig, size_t *sigLen)
{
	return only(asym(ASYMMETRIC_SIGN_DIGEST, op, params, n, digest, digestLen, sig, sigLen, false),
		    TEE_ERROR_SHORT_BUFFER, TEE_SUCCESS);
}

EXPORT TEE_Result TEE_AsymmetricVerifyDigest(TEE_OperationHandle op, const TEE_Attribute *params, uint32_t n,
					     const void *digest, size_t digestLen, const void *sig, size_t sigLen)
{
	size_t len = sigLen;
	return only(asym(ASYMMETRIC_VERIFY_DIGEST, op, params, n, digest, digestLen, (void *)sig, &len, true),
		    TEE_ERROR_SIGNATURE_INVALID, TEE_SUCCESS);
}

EXPORT void TEE_DeriveKey(TEE_OperationHandle op, const TEE_Attribute *params, uint32_t n, TEE_ObjectHandle derived)
{
	struct gpc c = call(DERIVE_KEY, 2, ID(op), ID(derived), 0, 0);
	const TEE_Attribute *conf = NULL;
	size_t size;
	void *blob = attrs_encode(params, n, &size);

	in(&c, blob, size);
	/* SM2 key exchange: the world writes the confirmation it computed into CONFIRMATION_OUT's buffer,
	 * as OP-TEE's syscall copies it out to the TA */
	for (uint32_t i = 0; i < n; i++)
		if (params[i].attributeID == TEE_ATTR_SM2_KEP_CONFIRMATION_OUT)
			conf = &params[i];
	if (conf)
		out_checked(&c, conf->content.ref.buffer, conf->content.ref.length);
	TEE_Result res = gpc_run(&c);
	TEE_Free(blob);
	must(res);
}

/* ---- the rest of GP 6 and GP 7.3 (TA persistent time): NATIVE-TAS.md §C.1, ops 0x35, 0x36, 0x4A to 0x51 ---- */

enum {
	SET_OPERATION_KEY2 = 0x35, COPY_OPERATION = 0x36,
	DIGEST_EXTRACT = 0x4A, GET_OPERATION_INFO_MULTIPLE, IS_ALGORITHM_SUPPORTED,
	GET_TA_PERSISTENT_TIME = 0x50, SET_TA_PERSISTENT_TIME,
};

/* TEE_SetOperationKey2 without GP 1.3's same-key check (__GP11_TEE_SetOperationKey2 has none) */
TEE_Result jtee_set_operation_key2(TEE_OperationHandle op, TEE_ObjectHandle key1, TEE_ObjectHandle key2)
{
	struct gpc c = call(SET_OPERATION_KEY2, 3, ID(op), ID(key1), ID(key2), 0);
	return only(gpc_run(&c), TEE_ERROR_CORRUPT_OBJECT, TEE_ERROR_STORAGE_NOT_AVAILABLE);
}

EXPORT TEE_Result TEE_SetOperationKey2(TEE_OperationHandle op, TEE_ObjectHandle key1, TEE_ObjectHandle key2)
{
	/* GP 1.3.1 (libutee): one key object as both XTS keys is a security error, not a panic */
	if (op != TEE_HANDLE_NULL && key1 != TEE_HANDLE_NULL && key1 == key2)
		return TEE_ERROR_SECURITY;
	return jtee_set_operation_key2(op, key1, key2);
}

EXPORT void TEE_CopyOperation(TEE_OperationHandle dst, TEE_OperationHandle src)
{
	if (dst == TEE_HANDLE_NULL || src == TEE_HANDLE_NULL)
		gpc_panic("TEE_CopyOperation with TEE_HANDLE_NULL", TEE_ERROR_BAD_PARAMETERS);
	struct gpc c = call(COPY_OPERATION, 2, ID(dst), ID(src), 0, 0);
	must(gpc_run(&c));
}

EXPORT TEE_Result TEE_DigestExtract(TEE_OperationHandle op, void *hash, size_t *hashLen)
{
	if (!hashLen)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	struct gpc c = call(DIGEST_EXTRACT, 1, ID(op), 0, 0, 0);
	out_checked(&c, hash, *hashLen);
	must(gpc_run(&c));
	*hashLen = (size_t)c.ret[0];
	return TEE_SUCCESS;
}

/* libutee's: BAD_PARAMETERS (a panic) for a buffer smaller than the fixed part, SHORT_BUFFER when the keys do
 * not fit; *size is left as it was either way (OP-TEE does not write it). */
EXPORT TEE_Result TEE_GetOperationInfoMultiple(TEE_OperationHandle op, TEE_OperationInfoMultiple *info, size_t *size)
{
	if (op == TEE_HANDLE_NULL || !size || *size < sizeof(*info))
		gpc_panic("TEE_GetOperationInfoMultiple with a null handle or a buffer smaller than TEE_OperationInfoMultiple",
			  TEE_ERROR_BAD_PARAMETERS);
	check_write(info, *size);
	struct gpc c = call(GET_OPERATION_INFO_MULTIPLE, 1, ID(op), 0, 0, 0);
	must(gpc_run(&c));
	uint32_t keys = (uint32_t)(c.ret[6] >> 32);
	size_t room = (*size - sizeof(*info)) / sizeof(TEE_OperationInfoKey);
	memset(info, 0, *size);
	if (room < keys)
		return TEE_ERROR_SHORT_BUFFER;
	info->algorithm = (uint32_t)c.ret[0];
	info->operationClass = (uint32_t)c.ret[1];
	info->mode = (uint32_t)c.ret[2];
	info->digestLength = (uint32_t)c.ret[3];
	info->maxKeySize = (uint32_t)c.ret[4];
	info->handleState = (uint32_t)c.ret[5];
	info->operationState = (uint32_t)c.ret[6];
	info->numberOfKeys = keys;
	for (uint32_t i = 0; i < keys; i++) {
		info->keyInformation[i].keySize = (uint32_t)(c.ret[7] >> (32 * i));
		info->keyInformation[i].requiredKeyUsage = (uint32_t)(c.ret[0] >> 32);
	}
	return TEE_SUCCESS;
}

EXPORT TEE_Result TEE_IsAlgorithmSupported(uint32_t alg, uint32_t element)
{
	struct gpc c = call(IS_ALGORITHM_SUPPORTED, 2, alg, element, 0, 0);
	return only(gpc_run(&c), TEE_ERROR_NOT_SUPPORTED, TEE_SUCCESS);
}

/* The TEE_Time is the TA's own memory (OP-TEE's syscall copies it to or from TA-private memory) */
static void check_time(const TEE_Time *t, uint32_t access)
{
	if (TEE_CheckMemoryAccessRights(access, (void *)t, sizeof(*t)) != TEE_SUCCESS)
		gpc_panic("a TEE_Time the TA may not access", TEE_ERROR_ACCESS_DENIED);
}

EXPORT TEE_Result TEE_GetTAPersistentTime(TEE_Time *time)
{
	check_time(time, TEE_MEMORY_ACCESS_WRITE);
	struct gpc c = call(GET_TA_PERSISTENT_TIME, 0, 0, 0, 0, 0);
	TEE_Result res = gpc_run(&c);
	/* OVERFLOW carries the wrapped time; anything else but SUCCESS zeroes it (libutee) */
	bool value = (res == TEE_SUCCESS || res == TEE_ERROR_OVERFLOW) && c.nret >= 2;
	time->seconds = value ? (uint32_t)c.ret[0] : 0;
	time->millis = value ? (uint32_t)c.ret[1] : 0;
	if (res != TEE_SUCCESS && res != TEE_ERROR_TIME_NOT_SET && res != TEE_ERROR_TIME_NEEDS_RESET &&
	    res != TEE_ERROR_OVERFLOW && res != TEE_ERROR_OUT_OF_MEMORY)
		TEE_Panic(res);
	return res;
}

EXPORT TEE_Result TEE_SetTAPersistentTime(const TEE_Time *time)
{
	check_time(time, TEE_MEMORY_ACCESS_READ);
	struct gpc c = call(SET_TA_PERSISTENT_TIME, 2, time->seconds, time->millis, 0, 0);
	TEE_Result res = gpc_run(&c);
	/* a time not normalised (millis >= 1000) is BAD_PARAMETERS from the core: libutee panics */
	if (res != TEE_SUCCESS && res != TEE_ERROR_OUT_OF_MEMORY && res != TEE_ERROR_STORAGE_NO_SPACE)
		TEE_Panic(res);
	return res;
}
