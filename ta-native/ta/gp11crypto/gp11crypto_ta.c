/* jtee's test TA for the GP 1.1 ABI (CFG_TA_OPTEE_CORE_API_COMPAT_1_1=y): the same calls as a GP 1.1
 * TA makes, with uint32_t lengths and GP 1.1's attribute and object-info structs, answered by the TA
 * host's __GP11_ variants. Each command reports the first failed check as text in p0. */
#include <stdio.h>
#include <string.h>
#include <tee_internal_api.h>
#include <gp11crypto_ta.h>

static char *failure;
static uint32_t failure_size;

#define CHECK(cond, what)                                                            \
	do {                                                                         \
		if (!(cond)) {                                                       \
			snprintf(failure, failure_size, "%s (line %d)", what, __LINE__); \
			return TEE_ERROR_GENERIC;                                    \
		}                                                                    \
	} while (0)

static const uint8_t abc_sha256[32] = {
	0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
	0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
};

/* The GCM paper's test case 2: zero key, zero 96-bit IV, one zero block. */
static const uint8_t gcm2_ct[16] = { 0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92,
				     0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2, 0xfe, 0x78 };
static const uint8_t gcm2_tag[16] = { 0xab, 0x6e, 0x47, 0xd4, 0x2c, 0xec, 0x13, 0xbd,
				      0xf5, 0x3a, 0x67, 0xb2, 0x12, 0x57, 0xbd, 0xdf };

static TEE_Result digest_cipher(void)
{
	TEE_OperationHandle op = TEE_HANDLE_NULL;
	uint8_t hash[32];
	uint32_t len = 8;

	CHECK(TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0) == TEE_SUCCESS, "allocate SHA-256");
	TEE_DigestUpdate(op, "a", 1);
	CHECK(TEE_DigestDoFinal(op, "bc", 2, hash, &len) == TEE_ERROR_SHORT_BUFFER && len == 32,
	      "SHORT_BUFFER with the size in a uint32_t");
	CHECK(TEE_DigestDoFinal(op, "bc", 2, hash, &len) == TEE_SUCCESS && len == 32 &&
		      !memcmp(hash, abc_sha256, 32), "SHA-256(abc)");
	TEE_FreeOperation(op);

	uint8_t key[16] = { 0 }, iv[12] = { 0 }, pt[16] = { 0 }, ct[16], tag[16], back[16];
	TEE_ObjectHandle k = TEE_HANDLE_NULL;
	TEE_Attribute attr;
	CHECK(TEE_AllocateTransientObject(TEE_TYPE_AES, 128, &k) == TEE_SUCCESS, "allocate an AES key");
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, key, sizeof(key));
	CHECK(TEE_PopulateTransientObject(k, &attr, 1) == TEE_SUCCESS, "populate with a GP 1.1 attribute");
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, 128) == TEE_SUCCESS, "allocate AES-GCM");
	CHECK(TEE_SetOperationKey(op, k) == TEE_SUCCESS, "set the key");
	CHECK(TEE_AEInit(op, iv, sizeof(iv), 128, 0, sizeof(pt)) == TEE_SUCCESS, "AE init");
	uint32_t ctLen = sizeof(ct), tagLen = sizeof(tag);
	CHECK(TEE_AEEncryptFinal(op, pt, sizeof(pt), ct, &ctLen, tag, &tagLen) == TEE_SUCCESS && ctLen == 16 &&
		      tagLen == 16, "AE encrypt final");
	CHECK(!memcmp(ct, gcm2_ct, 16) && !memcmp(tag, gcm2_tag, 16), "GCM test case 2");
	TEE_FreeOperation(op);
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_AES_GCM, TEE_MODE_DECRYPT, 128) == TEE_SUCCESS, "allocate AES-GCM");
	CHECK(TEE_SetOperationKey(op, k) == TEE_SUCCESS, "set the key");
	CHECK(TEE_AEInit(op, iv, sizeof(iv), 128, 0, sizeof(ct)) == TEE_SUCCESS, "AE init");
	uint32_t backLen = sizeof(back);
	CHECK(TEE_AEDecryptFinal(op, ct, sizeof(ct), back, &backLen, tag, tagLen) == TEE_SUCCESS && backLen == 16 &&
		      !memcmp(back, pt, 16), "AE decrypt final");
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k);
	return TEE_SUCCESS;
}

static TEE_Result objects(void)
{
	static const char id[] = "gp11-object";
	static const char data[] = "written through the GP 1.1 API";
	TEE_ObjectHandle k = TEE_HANDLE_NULL, obj = TEE_HANDLE_NULL;
	TEE_ObjectInfo info;
	uint8_t secret[32], got[32];
	uint32_t gotLen = 4;

	memset(secret, 0x5a, sizeof(secret));
	CHECK(TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, 256, &k) == TEE_SUCCESS, "allocate a secret");
	TEE_Attribute attr;
	TEE_InitRefAttribute(&attr, TEE_ATTR_SECRET_VALUE, secret, sizeof(secret));
	CHECK(TEE_PopulateTransientObject(k, &attr, 1) == TEE_SUCCESS, "populate");
	CHECK(TEE_GetObjectBufferAttribute(k, TEE_ATTR_SECRET_VALUE, got, &gotLen) == TEE_ERROR_SHORT_BUFFER &&
		      gotLen == 32, "buffer attribute: SHORT_BUFFER with the size in a uint32_t");
	CHECK(TEE_GetObjectBufferAttribute(k, TEE_ATTR_SECRET_VALUE, got, &gotLen) == TEE_SUCCESS && gotLen == 32 &&
		      !memcmp(got, secret, 32), "buffer attribute");
	CHECK(TEE_GetObjectInfo1(k, &info) == TEE_SUCCESS && info.objectType == TEE_TYPE_GENERIC_SECRET &&
		      info.keySize == 256 && info.maxKeySize == 256, "GP 1.1 object info (keySize, maxKeySize)");
	TEE_FreeTransientObject(k);

	CHECK(TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, sizeof(id) - 1,
					 TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE | TEE_DATA_FLAG_ACCESS_WRITE_META |
						 TEE_DATA_FLAG_OVERWRITE,
					 TEE_HANDLE_NULL, data, sizeof(data) - 1, &obj) == TEE_SUCCESS, "create");
	CHECK(TEE_GetObjectInfo1(obj, &info) == TEE_SUCCESS && info.dataSize == sizeof(data) - 1, "data size");
	CHECK(TEE_SeekObjectData(obj, 8, TEE_DATA_SEEK_SET) == TEE_SUCCESS, "seek");
	char buf[64];
	uint32_t count = 0;
	CHECK(TEE_ReadObjectData(obj, buf, sizeof(buf), &count) == TEE_SUCCESS && count == sizeof(data) - 1 - 8 &&
		      !memcmp(buf, data + 8, count), "read after seek, count in a uint32_t");
	CHECK(TEE_WriteObjectData(obj, "!", 1) == TEE_SUCCESS, "write");
	CHECK(TEE_TruncateObjectData(obj, 7) == TEE_SUCCESS, "truncate");
	TEE_CloseObject(obj);

	TEE_ObjectEnumHandle e = TEE_HANDLE_NULL;
	CHECK(TEE_AllocatePersistentObjectEnumerator(&e) == TEE_SUCCESS, "allocate an enumerator");
	CHECK(TEE_StartPersistentObjectEnumerator(e, TEE_STORAGE_PRIVATE) == TEE_SUCCESS, "start");
	char found[TEE_OBJECT_ID_MAX_LEN];
	uint32_t foundLen = sizeof(found);
	CHECK(TEE_GetNextPersistentObject(e, &info, found, &foundLen) == TEE_SUCCESS && foundLen == sizeof(id) - 1 &&
		      !memcmp(found, id, foundLen) && info.dataSize == 7, "enumerate: id length in a uint32_t, info");
	TEE_FreePersistentObjectEnumerator(e);

	CHECK(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, sizeof(id) - 1,
				       TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE_META, &obj) == TEE_SUCCESS,
	      "open");
	CHECK(TEE_ReadObjectData(obj, buf, sizeof(buf), &count) == TEE_SUCCESS && count == 7 && !memcmp(buf, data, 7),
	      "read after truncate");
	CHECK(TEE_CloseAndDeletePersistentObject1(obj) == TEE_SUCCESS, "delete");
	CHECK(TEE_OpenPersistentObject(TEE_STORAGE_PRIVATE, id, sizeof(id) - 1, TEE_DATA_FLAG_ACCESS_READ, &obj) ==
		      TEE_ERROR_ITEM_NOT_FOUND, "gone after delete");
	return TEE_SUCCESS;
}

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

TEE_Result TA_InvokeCommandEntryPoint(void *ctx, uint32_t cmd, uint32_t types, TEE_Param params[4])
{
	(void)ctx;
	if (types != TEE_PARAM_TYPES(TEE_PARAM_TYPE_MEMREF_OUTPUT, TEE_PARAM_TYPE_NONE, TEE_PARAM_TYPE_NONE,
				     TEE_PARAM_TYPE_NONE) || params[0].memref.size < 2)
		return TEE_ERROR_BAD_PARAMETERS;
	failure = params[0].memref.buffer;
	failure_size = params[0].memref.size;
	failure[0] = 0;
	switch (cmd) {
	case TA_GP11CRYPTO_CMD_DIGEST_CIPHER:
		return digest_cipher();
	case TA_GP11CRYPTO_CMD_OBJECTS:
		return objects();
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
