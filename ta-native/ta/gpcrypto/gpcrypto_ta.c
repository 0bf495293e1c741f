/* KATs and GP error codes of the Internal Core API's objects, crypto and storage, run in a C TA. */
#include <gpcrypto_ta.h>
#include <string.h>
#include <tee_internal_api.h>

#define CHECK(cond)                                  \
	do {                                         \
		if (!(cond)) {                       \
			params[0].value.a = __LINE__; \
			return TEE_ERROR_GENERIC;    \
		}                                    \
	} while (0)

TEE_Result TA_CreateEntryPoint(void)
{
	return TEE_SUCCESS;
}

void TA_DestroyEntryPoint(void)
{
}

TEE_Result TA_OpenSessionEntryPoint(uint32_t types, TEE_Param params[4], void **session)
{
	(void)types;
	(void)params;
	(void)session;
	return TEE_SUCCESS;
}

void TA_CloseSessionEntryPoint(void *session)
{
	(void)session;
}

static const uint8_t zero16[16];

/* GP 5.5/5.6: populate, read attributes back (SHORT_BUFFER with the size needed), info, generate */
static TEE_Result transient(TEE_Param params[4])
{
	TEE_ObjectHandle key, gen;
	TEE_Attribute attr;
	TEE_ObjectInfo info;
	uint8_t bytes[32] = { 1, 2, 3 };
	uint8_t back[32];
	size_t len = 4;
	uint32_t a, b;

	CHECK(TEE_AllocateTransientObject(TEE_TYPE_AES, 256, &key) == TEE_SUCCESS);
	CHECK(key != TEE_HANDLE_NULL);
	CHECK(TEE_AllocateTransientObject(0x12345678, 256, &gen) == TEE_ERROR_NOT_SUPPORTED);
	CHECK(gen == TEE_HANDLE_NULL);
	CHECK(TEE_GetObjectInfo1(key, &info) == TEE_SUCCESS);
	CHECK(info.objectType == TEE_TYPE_AES && info.maxObjectSize == 256 && info.objectSize == 0);
	CHECK(!(info.handleFlags & TEE_HANDLE_FLAG_INITIALIZED));
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, bytes, 32);
	CHECK(TEE_PopulateTransientObject(key, &attr, 1) == TEE_SUCCESS);
	CHECK(TEE_GetObjectInfo1(key, &info) == TEE_SUCCESS);
	CHECK(info.objectSize == 256 && (info.handleFlags & TEE_HANDLE_FLAG_INITIALIZED));
	CHECK(TEE_GetObjectBufferAttribute(key, TEE_ATTR_SECRET_VALUE, back, &len) == TEE_ERROR_SHORT_BUFFER);
	CHECK(len == 32);
	CHECK(TEE_GetObjectBufferAttribute(key, TEE_ATTR_SECRET_VALUE, back, &len) == TEE_SUCCESS);
	CHECK(len == 32 && !memcmp(back, bytes, 32));
	CHECK(TEE_GetObjectValueAttribute(key, TEE_ATTR_ECC_CURVE, &a, &b) == TEE_ERROR_ITEM_NOT_FOUND);
	/* a usage restricted away: SECRET_VALUE stays readable only while EXTRACTABLE */
	CHECK(TEE_RestrictObjectUsage1(key, TEE_USAGE_ENCRYPT) == TEE_SUCCESS);
	CHECK(TEE_GetObjectInfo1(key, &info) == TEE_SUCCESS && info.objectUsage == TEE_USAGE_ENCRYPT);
	len = sizeof(back);
	CHECK(TEE_AllocateTransientObject(TEE_TYPE_AES, 256, &gen) == TEE_SUCCESS);
	CHECK(TEE_CopyObjectAttributes1(gen, key) == TEE_SUCCESS);
	CHECK(TEE_GetObjectInfo1(gen, &info) == TEE_SUCCESS && info.objectSize == 256);
	TEE_ResetTransientObject(gen);
	CHECK(TEE_GetObjectInfo1(gen, &info) == TEE_SUCCESS && info.objectSize == 0);
	CHECK(TEE_GenerateKey(gen, 128, NULL, 0) == TEE_SUCCESS);
	CHECK(TEE_GetObjectInfo1(gen, &info) == TEE_SUCCESS && info.objectSize == 128);
	len = sizeof(back);
	CHECK(TEE_GetObjectBufferAttribute(gen, TEE_ATTR_SECRET_VALUE, back, &len) == TEE_SUCCESS && len == 16);
	CHECK(memcmp(back, zero16, 16));
	TEE_FreeTransientObject(gen);
	TEE_FreeTransientObject(key);
	TEE_FreeTransientObject(TEE_HANDLE_NULL);
	return TEE_SUCCESS;
}

/* SHA-256("abc"), FIPS 180-2 */
static const uint8_t sha256_abc[32] = { 0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
					0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
					0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };

static TEE_Result digest(TEE_Param params[4])
{
	TEE_OperationHandle op;
	TEE_OperationInfo info;
	uint8_t hash[32];
	size_t len = 16;

	CHECK(TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0) == TEE_SUCCESS);
	TEE_GetOperationInfo(op, &info);
	CHECK(info.algorithm == TEE_ALG_SHA256 && info.operationClass == TEE_OPERATION_DIGEST && info.digestLength == 32);
	TEE_DigestUpdate(op, "a", 1);
	CHECK(TEE_DigestDoFinal(op, "bc", 2, hash, &len) == TEE_ERROR_SHORT_BUFFER);
	CHECK(len == 32);
	CHECK(TEE_DigestDoFinal(op, "bc", 2, hash, &len) == TEE_SUCCESS);
	CHECK(len == 32 && !memcmp(hash, sha256_abc, 32));
	/* after a final the operation starts again */
	CHECK(TEE_DigestDoFinal(op, "abc", 3, hash, &len) == TEE_SUCCESS && !memcmp(hash, sha256_abc, 32));
	TEE_FreeOperation(op);
	return TEE_SUCCESS;
}

/* AES-128-GCM, the GCM spec's test case 2: zero key, zero 96-bit IV, one zero block */
static const uint8_t gcm_ct[16] = { 0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92,
				    0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2, 0xfe, 0x78 };
static const uint8_t gcm_tag[16] = { 0xab, 0x6e, 0x47, 0xd4, 0x2c, 0xec, 0x13, 0xbd,
				     0xf5, 0x3a, 0x67, 0xb2, 0x12, 0x57, 0xbd, 0xdf };

static TEE_Result aes_key(TEE_ObjectHandle *key, const uint8_t *bytes)
{
	TEE_Attribute attr;
	TEE_Result res = TEE_AllocateTransientObject(TEE_TYPE_AES, 128, key);
	if (res)
		return res;
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, bytes, 16);
	return TEE_PopulateTransientObject(*key, &attr, 1);
}

static TEE_Result aes_gcm(TEE_Param params[4])
{
	TEE_OperationHandle enc, dec;
	TEE_ObjectHandle key;
	uint8_t out[32], tag[16], plain[16];
	size_t len = sizeof(out), tagLen = 8;

	CHECK(aes_key(&key, zero16) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&enc, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, 128) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(enc, key) == TEE_SUCCESS);
	CHECK(TEE_AEInit(enc, zero16, 12, 128, 0, 16) == TEE_SUCCESS);
	CHECK(TEE_AEEncryptFinal(enc, zero16, 16, out, &len, tag, &tagLen) == TEE_ERROR_SHORT_BUFFER);
	CHECK(tagLen == 16);
	CHECK(TEE_AEEncryptFinal(enc, zero16, 16, out, &len, tag, &tagLen) == TEE_SUCCESS);
	CHECK(len == 16 && tagLen == 16 && !memcmp(out, gcm_ct, 16) && !memcmp(tag, gcm_tag, 16));

	CHECK(TEE_AllocateOperation(&dec, TEE_ALG_AES_GCM, TEE_MODE_DECRYPT, 128) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(dec, key) == TEE_SUCCESS);
	CHECK(TEE_AEInit(dec, zero16, 12, 128, 0, 16) == TEE_SUCCESS);
	len = sizeof(plain);
	CHECK(TEE_AEDecryptFinal(dec, gcm_ct, 16, plain, &len, (void *)gcm_tag, 16) == TEE_SUCCESS);
	CHECK(len == 16 && !memcmp(plain, zero16, 16));
	CHECK(TEE_AEInit(dec, zero16, 12, 128, 0, 16) == TEE_SUCCESS);
	tag[0] = gcm_tag[0] ^ 1;
	memcpy(tag + 1, gcm_tag + 1, 15);
	len = sizeof(plain);
	CHECK(TEE_AEDecryptFinal(dec, gcm_ct, 16, plain, &len, tag, 16) == TEE_ERROR_MAC_INVALID);
	TEE_FreeOperation(enc);
	TEE_FreeOperation(dec);
	TEE_FreeTransientObject(key);
	return TEE_SUCCESS;
}

/* HMAC-SHA256, RFC 4231 test case 2 */
static const uint8_t hmac_kat[32] = { 0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
				      0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
				      0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43 };

static TEE_Result hmac(TEE_Param params[4])
{
	static const char msg[] = "what do ya want for nothing?";
	TEE_OperationHandle op;
	TEE_ObjectHandle key;
	TEE_Attribute attr;
	uint8_t mac[32], bad[32];
	size_t len = sizeof(mac);

	CHECK(TEE_AllocateTransientObject(TEE_TYPE_HMAC_SHA256, 256, &key) == TEE_SUCCESS);
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, "Jefe", 4);
	CHECK(TEE_PopulateTransientObject(key, &attr, 1) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_HMAC_SHA256, TEE_MODE_MAC, 256) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(op, key) == TEE_SUCCESS);
	TEE_MACInit(op, NULL, 0);
	TEE_MACUpdate(op, msg, 10);
	CHECK(TEE_MACComputeFinal(op, msg + 10, strlen(msg) - 10, mac, &len) == TEE_SUCCESS);
	CHECK(len == 32 && !memcmp(mac, hmac_kat, 32));
	TEE_MACInit(op, NULL, 0);
	CHECK(TEE_MACCompareFinal(op, msg, strlen(msg), hmac_kat, 32) == TEE_SUCCESS);
	memcpy(bad, hmac_kat, 32);
	bad[31] ^= 0x80;
	TEE_MACInit(op, NULL, 0);
	CHECK(TEE_MACCompareFinal(op, msg, strlen(msg), bad, 32) == TEE_ERROR_MAC_INVALID);
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(key);
	return TEE_SUCCESS;
}

/* The object id is copied into TA memory first: GP wants it there, not in a client's memref */
static TEE_Result store(TEE_Param params[4])
{
	TEE_ObjectHandle o;
	TEE_ObjectInfo info;
	char id[64];
	size_t idLen = params[1].memref.size;
	CHECK(idLen <= sizeof(id));
	memcpy(id, params[1].memref.buffer, idLen);
	TEE_Result res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, idLen,
						    TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
							    TEE_DATA_FLAG_OVERWRITE,
						    TEE_HANDLE_NULL, NULL, 0, &o);
	if (res)
		return res;
	CHECK(TEE_WriteObjectData(o, params[2].memref.buffer, params[2].memref.size) == TEE_SUCCESS);
	CHECK(TEE_GetObjectInfo1(o, &info) == TEE_SUCCESS);
	CHECK(info.dataSize == params[2].memref.size && info.dataPosition == params[2].memref.size);
	CHECK((info.handleFlags & TEE_HANDLE_FLAG_PERSISTENT));
	TEE_CloseObject(o);
	return TEE_SUCCESS;
}

static TEE_Result load(TEE_Param params[4])
{
	TEE_ObjectHandle o;
	char id[64];
	size_t idLen = params[1].memref.size, count = 0;
	CHECK(idLen <= sizeof(id));
	memcpy(id, params[1].memref.buffer, idLen);
	TEE_Result res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, idLen, TEE_DATA_FLAG_ACCESS_READ, &o);
	if (res)
		return res;
	res = TEE_ReadObjectData(o, params[2].memref.buffer, params[2].memref.size, &count);
	TEE_CloseObject(o);
	params[0].value.a = (uint32_t)count;
	params[2].memref.size = count;
	return res;
}

static TEE_Result delete(TEE_Param params[4])
{
	TEE_ObjectHandle o;
	char id[64];
	size_t idLen = params[1].memref.size;
	CHECK(idLen <= sizeof(id));
	memcpy(id, params[1].memref.buffer, idLen);
	TEE_Result res = TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, idLen, TEE_DATA_FLAG_ACCESS_WRITE_META, &o);
	if (res)
		return res;
	return TEE_CloseAndDeletePersistentObject1(o);
}

static TEE_Result encrypt(TEE_Param params[4])
{
	TEE_OperationHandle op;
	TEE_ObjectHandle key;
	size_t in = params[1].memref.size, out = params[2].memref.size, tagLen = 16;
	CHECK(out >= in + 16);
	CHECK(aes_key(&key, zero16) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, 128) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(op, key) == TEE_SUCCESS);
	CHECK(TEE_AEInit(op, zero16, 12, 128, 0, in) == TEE_SUCCESS);
	out -= 16;
	CHECK(TEE_AEEncryptFinal(op, params[1].memref.buffer, in, params[2].memref.buffer, &out,
				 (uint8_t *)params[2].memref.buffer + in, &tagLen) == TEE_SUCCESS);
	params[2].memref.size = out + tagLen;
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(key);
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *session, uint32_t cmd, uint32_t types, TEE_Param params[4])
{
	(void)session;
	if (TEE_PARAM_TYPE_GET(types, 0) != TEE_PARAM_TYPE_VALUE_OUTPUT)
		return TEE_ERROR_BAD_PARAMETERS;
	switch (cmd) {
	case GPCRYPTO_TRANSIENT:
		return transient(params);
	case GPCRYPTO_DIGEST:
		return digest(params);
	case GPCRYPTO_AES_GCM:
		return aes_gcm(params);
	case GPCRYPTO_HMAC:
		return hmac(params);
	case GPCRYPTO_STORE:
		return store(params);
	case GPCRYPTO_LOAD:
		return load(params);
	case GPCRYPTO_DELETE:
		return delete(params);
	case GPCRYPTO_BAD_HANDLE:
		TEE_FreeOperation((TEE_OperationHandle)(uintptr_t)0x7777);
		return TEE_SUCCESS;
	case GPCRYPTO_ENCRYPT:
		return encrypt(params);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
