/* The GP 1.1 variants (__GP11_TEE_*) of the storage and crypto functions, for a TA built with
 * CFG_TA_OPTEE_CORE_API_COMPAT_1_1=y (as optee_examples' acipher, ecdh, sign_verify and secure_storage
 * are): GP 1.1 passes lengths as uint32_t and has its own attribute and object-info structs. Each
 * converts and calls the GP 1.3.1 function (gpapi.c), as OP-TEE's libutee does. */
#include <string.h>
#include <tee_internal_api.h>

#define EXPORT __attribute__((visibility("default")))

/* GP 1.1 attributes as GP 1.3's, in a TA heap block: the TA's stack is a few KiB. */
static TEE_Attribute *attrs13(const __GP11_TEE_Attribute *a, uint32_t n)
{
	if (!n)
		return NULL;
	if (!a)
		TEE_Panic(TEE_ERROR_BAD_PARAMETERS);
	TEE_Attribute *b = TEE_Malloc(n * sizeof(*b), TEE_MALLOC_FILL_ZERO);
	if (!b)
		TEE_Panic(TEE_ERROR_OUT_OF_MEMORY);
	for (uint32_t i = 0; i < n; i++) {
		b[i].attributeID = a[i].attributeID;
		if (a[i].attributeID & TEE_ATTR_FLAG_VALUE) {
			b[i].content.value.a = a[i].content.value.a;
			b[i].content.value.b = a[i].content.value.b;
		} else {
			b[i].content.ref.buffer = a[i].content.ref.buffer;
			b[i].content.ref.length = a[i].content.ref.length;
		}
	}
	return b;
}

static void info11(const TEE_ObjectInfo *i, __GP11_TEE_ObjectInfo *o)
{
	o->objectType = i->objectType;
	o->keySize = i->objectSize;
	o->maxKeySize = i->maxObjectSize;
	o->objectUsage = i->objectUsage;
	o->dataSize = (uint32_t)i->dataSize;
	o->dataPosition = (uint32_t)i->dataPosition;
	o->handleFlags = i->handleFlags;
}

/* An in/out length: GP writes it back on success and, with the size needed, on SHORT_BUFFER. Call it
 * with the result already computed: C does not order a call's arguments. */
static TEE_Result len_back(TEE_Result res, size_t len, uint32_t *len11)
{
	if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER)
		*len11 = (uint32_t)len;
	return res;
}

#define LEN(p) ((p) ? (size_t)*(p) : 0)
#define LENP(p, l) ((p) ? &(l) : NULL)

/* ---- objects ---- */

EXPORT void __GP11_TEE_GetObjectInfo(TEE_ObjectHandle object, __GP11_TEE_ObjectInfo *info)
{
	TEE_ObjectInfo i;
	TEE_GetObjectInfo(object, &i);
	info11(&i, info);
}

EXPORT TEE_Result __GP11_TEE_GetObjectInfo1(TEE_ObjectHandle object, __GP11_TEE_ObjectInfo *info)
{
	TEE_ObjectInfo i;
	TEE_Result res = TEE_GetObjectInfo1(object, &i);
	if (res == TEE_SUCCESS)
		info11(&i, info);
	return res;
}

EXPORT TEE_Result __GP11_TEE_GetObjectBufferAttribute(TEE_ObjectHandle object, uint32_t id, void *buffer,
						       uint32_t *size)
{
	size_t l = LEN(size);
	TEE_Result res = TEE_GetObjectBufferAttribute(object, id, buffer, LENP(size, l));
	return len_back(res, l, size);
}

EXPORT TEE_Result __GP11_TEE_AllocateTransientObject(TEE_ObjectType type, uint32_t maxKeySize, TEE_ObjectHandle *object)
{
	return TEE_AllocateTransientObject(type, maxKeySize, object);
}

EXPORT TEE_Result __GP11_TEE_PopulateTransientObject(TEE_ObjectHandle object, const __GP11_TEE_Attribute *attrs,
						      uint32_t count)
{
	TEE_Attribute *a = attrs13(attrs, count);
	TEE_Result res = TEE_PopulateTransientObject(object, a, count);
	TEE_Free(a);
	return res;
}

EXPORT void __GP11_TEE_InitRefAttribute(__GP11_TEE_Attribute *attr, uint32_t id, const void *buffer, uint32_t length)
{
	attr->attributeID = id;
	attr->content.ref.buffer = (void *)buffer;
	attr->content.ref.length = length;
}

EXPORT void __GP11_TEE_InitValueAttribute(__GP11_TEE_Attribute *attr, uint32_t id, uint32_t a, uint32_t b)
{
	attr->attributeID = id;
	attr->content.value.a = a;
	attr->content.value.b = b;
}

EXPORT TEE_Result __GP11_TEE_GenerateKey(TEE_ObjectHandle object, uint32_t keySize, const __GP11_TEE_Attribute *params,
					  uint32_t count)
{
	TEE_Attribute *a = attrs13(params, count);
	TEE_Result res = TEE_GenerateKey(object, keySize, a, count);
	TEE_Free(a);
	return res;
}

/* ---- persistent objects ---- */

EXPORT TEE_Result __GP11_TEE_OpenPersistentObject(uint32_t storageID, const void *objectID, uint32_t objectIDLen,
						   uint32_t flags, TEE_ObjectHandle *object)
{
	return TEE_OpenPersistentObject(storageID, objectID, objectIDLen, flags, object);
}

EXPORT TEE_Result __GP11_TEE_CreatePersistentObject(uint32_t storageID, const void *objectID, uint32_t objectIDLen,
						     uint32_t flags, TEE_ObjectHandle attributes, const void *initialData,
						     uint32_t initialDataLen, TEE_ObjectHandle *object)
{
	return TEE_CreatePersistentObject(storageID, objectID, objectIDLen, flags, attributes, initialData,
					  initialDataLen, object);
}

EXPORT TEE_Result __GP11_TEE_RenamePersistentObject(TEE_ObjectHandle object, const void *newObjectID,
						     uint32_t newObjectIDLen)
{
	return TEE_RenamePersistentObject(object, newObjectID, newObjectIDLen);
}

EXPORT TEE_Result __GP11_TEE_GetNextPersistentObject(TEE_ObjectEnumHandle e, __GP11_TEE_ObjectInfo *info,
						      void *objectID, uint32_t *objectIDLen)
{
	TEE_ObjectInfo i;
	size_t l = LEN(objectIDLen);
	TEE_Result res = TEE_GetNextPersistentObject(e, info ? &i : NULL, objectID, LENP(objectIDLen, l));
	if (res == TEE_SUCCESS && info)
		info11(&i, info);
	return len_back(res, l, objectIDLen);
}

EXPORT TEE_Result __GP11_TEE_ReadObjectData(TEE_ObjectHandle object, void *buffer, uint32_t size, uint32_t *count)
{
	size_t n = 0;
	TEE_Result res = TEE_ReadObjectData(object, buffer, size, &n);
	if (res == TEE_SUCCESS)
		*count = (uint32_t)n;
	return res;
}

EXPORT TEE_Result __GP11_TEE_WriteObjectData(TEE_ObjectHandle object, const void *buffer, uint32_t size)
{
	return TEE_WriteObjectData(object, buffer, size);
}

EXPORT TEE_Result __GP11_TEE_TruncateObjectData(TEE_ObjectHandle object, uint32_t size)
{
	return TEE_TruncateObjectData(object, size);
}

EXPORT TEE_Result __GP11_TEE_SeekObjectData(TEE_ObjectHandle object, int32_t offset, TEE_Whence whence)
{
	return TEE_SeekObjectData(object, offset, whence);
}

/* ---- operations ---- */

EXPORT TEE_Result __GP11_TEE_SetOperationKey(TEE_OperationHandle op, TEE_ObjectHandle key)
{
	return TEE_SetOperationKey(op, key);
}

EXPORT void __GP11_TEE_FreeOperation(TEE_OperationHandle op)
{
	TEE_FreeOperation(op);
}

EXPORT void __GP11_TEE_DigestUpdate(TEE_OperationHandle op, const void *chunk, uint32_t chunkSize)
{
	TEE_DigestUpdate(op, chunk, chunkSize);
}

EXPORT TEE_Result __GP11_TEE_DigestDoFinal(TEE_OperationHandle op, const void *chunk, uint32_t chunkLen, void *hash,
					    uint32_t *hashLen)
{
	size_t l = LEN(hashLen);
	TEE_Result res = TEE_DigestDoFinal(op, chunk, chunkLen, hash, LENP(hashLen, l));
	return len_back(res, l, hashLen);
}

EXPORT void __GP11_TEE_CipherInit(TEE_OperationHandle op, const void *iv, uint32_t ivLen)
{
	TEE_CipherInit(op, iv, ivLen);
}

EXPORT TEE_Result __GP11_TEE_CipherUpdate(TEE_OperationHandle op, const void *src, uint32_t srcLen, void *dest,
					   uint32_t *destLen)
{
	size_t l = LEN(destLen);
	TEE_Result res = TEE_CipherUpdate(op, src, srcLen, dest, LENP(destLen, l));
	return len_back(res, l, destLen);
}

EXPORT TEE_Result __GP11_TEE_CipherDoFinal(TEE_OperationHandle op, const void *src, uint32_t srcLen, void *dest,
					    uint32_t *destLen)
{
	size_t l = LEN(destLen);
	TEE_Result res = TEE_CipherDoFinal(op, src, srcLen, dest, LENP(destLen, l));
	return len_back(res, l, destLen);
}

EXPORT void __GP11_TEE_MACInit(TEE_OperationHandle op, const void *iv, uint32_t ivLen)
{
	TEE_MACInit(op, iv, ivLen);
}

EXPORT void __GP11_TEE_MACUpdate(TEE_OperationHandle op, const void *chunk, uint32_t chunkSize)
{
	TEE_MACUpdate(op, chunk, chunkSize);
}

EXPORT TEE_Result __GP11_TEE_MACComputeFinal(TEE_OperationHandle op, const void *message, uint32_t messageLen,
					      void *mac, uint32_t *macLen)
{
	size_t l = LEN(macLen);
	TEE_Result res = TEE_MACComputeFinal(op, message, messageLen, mac, LENP(macLen, l));
	return len_back(res, l, macLen);
}

EXPORT TEE_Result __GP11_TEE_MACCompareFinal(TEE_OperationHandle op, const void *message, uint32_t messageLen,
					      const void *mac, uint32_t macLen)
{
	return TEE_MACCompareFinal(op, message, messageLen, mac, macLen);
}

EXPORT TEE_Result __GP11_TEE_AEInit(TEE_OperationHandle op, const void *nonce, uint32_t nonceLen, uint32_t tagLen,
				     uint32_t aadLen, uint32_t payloadLen)
{
	return TEE_AEInit(op, nonce, nonceLen, tagLen, aadLen, payloadLen);
}

EXPORT void __GP11_TEE_AEUpdateAAD(TEE_OperationHandle op, const void *aad, uint32_t aadLen)
{
	TEE_AEUpdateAAD(op, aad, aadLen);
}

EXPORT TEE_Result __GP11_TEE_AEUpdate(TEE_OperationHandle op, const void *src, uint32_t srcLen, void *dest,
				       uint32_t *destLen)
{
	size_t l = LEN(destLen);
	TEE_Result res = TEE_AEUpdate(op, src, srcLen, dest, LENP(destLen, l));
	return len_back(res, l, destLen);
}

EXPORT TEE_Result __GP11_TEE_AEEncryptFinal(TEE_OperationHandle op, const void *src, uint32_t srcLen, void *dest,
					     uint32_t *destLen, void *tag, uint32_t *tagLen)
{
	size_t l = LEN(destLen), t = LEN(tagLen);
	TEE_Result res = TEE_AEEncryptFinal(op, src, srcLen, dest, LENP(destLen, l), tag, LENP(tagLen, t));
	if (res == TEE_SUCCESS || res == TEE_ERROR_SHORT_BUFFER) {
		if (destLen)
			*destLen = (uint32_t)l;
		if (tagLen)
			*tagLen = (uint32_t)t;
	}
	return res;
}

EXPORT TEE_Result __GP11_TEE_AEDecryptFinal(TEE_OperationHandle op, const void *src, uint32_t srcLen, void *dest,
					     uint32_t *destLen, void *tag, uint32_t tagLen)
{
	size_t l = LEN(destLen);
	TEE_Result res = TEE_AEDecryptFinal(op, src, srcLen, dest, LENP(destLen, l), tag, tagLen);
	return len_back(res, l, destLen);
}

/* ---- asymmetric and key derivation ---- */

EXPORT TEE_Result __GP11_TEE_AsymmetricEncrypt(TEE_OperationHandle op, const __GP11_TEE_Attribute *params,
						uint32_t count, const void *src, uint32_t srcLen, void *dest,
						uint32_t *destLen)
{
	TEE_Attribute *a = attrs13(params, count);
	size_t l = LEN(destLen);
	TEE_Result res = TEE_AsymmetricEncrypt(op, a, count, src, srcLen, dest, LENP(destLen, l));
	TEE_Free(a);
	return len_back(res, l, destLen);
}

EXPORT TEE_Result __GP11_TEE_AsymmetricDecrypt(TEE_OperationHandle op, const __GP11_TEE_Attribute *params,
						uint32_t count, const void *src, uint32_t srcLen, void *dest,
						uint32_t *destLen)
{
	TEE_Attribute *a = attrs13(params, count);
	size_t l = LEN(destLen);
	TEE_Result res = TEE_AsymmetricDecrypt(op, a, count, src, srcLen, dest, LENP(destLen, l));
	TEE_Free(a);
	return len_back(res, l, destLen);
}

EXPORT TEE_Result __GP11_TEE_AsymmetricSignDigest(TEE_OperationHandle op, const __GP11_TEE_Attribute *params,
						   uint32_t count, const void *digest, uint32_t digestLen,
						   void *signature, uint32_t *signatureLen)
{
	TEE_Attribute *a = attrs13(params, count);
	size_t l = LEN(signatureLen);
	TEE_Result res = TEE_AsymmetricSignDigest(op, a, count, digest, digestLen, signature, LENP(signatureLen, l));
	TEE_Free(a);
	return len_back(res, l, signatureLen);
}

EXPORT TEE_Result __GP11_TEE_AsymmetricVerifyDigest(TEE_OperationHandle op, const __GP11_TEE_Attribute *params,
						     uint32_t count, const void *digest, uint32_t digestLen,
						     const void *signature, uint32_t signatureLen)
{
	TEE_Attribute *a = attrs13(params, count);
	TEE_Result res = TEE_AsymmetricVerifyDigest(op, a, count, digest, digestLen, signature, signatureLen);
	TEE_Free(a);
	return res;
}

EXPORT void __GP11_TEE_DeriveKey(TEE_OperationHandle op, const __GP11_TEE_Attribute *params, uint32_t count,
				 TEE_ObjectHandle derivedKey)
{
	TEE_Attribute *a = attrs13(params, count);
	TEE_DeriveKey(op, a, count, derivedKey);
	TEE_Free(a);
}
