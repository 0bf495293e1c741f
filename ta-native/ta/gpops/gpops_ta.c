/* The rest of GP 6's operation functions and TA persistent time, run in a C TA (issue 17). */
#include <gpops_ta.h>
#include <string.h>
#include <tee_internal_api.h>

#include "check.h"

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

TEE_Result secret_key(TEE_ObjectHandle *key, uint32_t type, uint32_t attr, const void *bytes, size_t len)
{
	TEE_Attribute a;
	TEE_Result res = TEE_AllocateTransientObject(type, len * 8, key);
	if (res)
		return res;
	TEE_InitRefAttribute(&a, attr, bytes, len);
	return TEE_PopulateTransientObject(*key, &a, 1);
}

static uint8_t data[96];

static void fill(void)
{
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 1);
}

/* IEEE 1619-2007 XTS-AES-128 vector 1: both keys zero, data unit 0, 32 zero bytes */
static const uint8_t xts_ct[32] = { 0x91, 0x7c, 0xf6, 0x9e, 0xbd, 0x68, 0xb2, 0xec, 0x9b, 0x9f, 0xe9,
				    0xa3, 0xea, 0xdd, 0xa6, 0x92, 0xcd, 0x43, 0xd2, 0xf5, 0x95, 0x98,
				    0xed, 0x85, 0x8c, 0x02, 0xc2, 0x65, 0x2f, 0xbf, 0x92, 0x2e };
static const uint8_t zero[32];

static TEE_Result key2(TEE_Param params[4])
{
	TEE_ObjectHandle k1, k2;
	TEE_OperationHandle op;
	TEE_OperationInfo info;
	uint8_t buf[sizeof(TEE_OperationInfoMultiple) + 2 * sizeof(TEE_OperationInfoKey)];
	TEE_OperationInfoMultiple *multi = (void *)buf;
	uint8_t out[32];
	size_t len = sizeof(out), size;

	CHECK(secret_key(&k1, TEE_TYPE_AES, TEE_ATTR_SECRET_VALUE, zero, 16) == TEE_SUCCESS);
	CHECK(secret_key(&k2, TEE_TYPE_AES, TEE_ATTR_SECRET_VALUE, zero, 16) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_AES_XTS, TEE_MODE_ENCRYPT, 256) == TEE_SUCCESS);
	/* GP 1.3.1: one object as both keys is refused, the operation keeps no key */
	CHECK(TEE_SetOperationKey2(op, k1, k1) == TEE_ERROR_SECURITY);
	TEE_GetOperationInfo(op, &info);
	CHECK(!(info.handleState & TEE_HANDLE_FLAG_KEY_SET) && (info.handleState & TEE_HANDLE_FLAG_EXPECT_TWO_KEYS));
	CHECK(TEE_SetOperationKey2(op, k1, k2) == TEE_SUCCESS);
	TEE_GetOperationInfo(op, &info);
	/* libutee: a two-key operation's TEE_OperationInfo shows no key size or usage */
	CHECK((info.handleState & TEE_HANDLE_FLAG_KEY_SET) && info.keySize == 0 && info.requiredKeyUsage == 0);
	size = sizeof(TEE_OperationInfoMultiple) + sizeof(TEE_OperationInfoKey);
	CHECK(TEE_GetOperationInfoMultiple(op, multi, &size) == TEE_ERROR_SHORT_BUFFER);
	size = sizeof(buf);
	CHECK(TEE_GetOperationInfoMultiple(op, multi, &size) == TEE_SUCCESS);
	CHECK(multi->algorithm == TEE_ALG_AES_XTS && multi->operationClass == TEE_OPERATION_CIPHER &&
	      multi->mode == TEE_MODE_ENCRYPT && multi->maxKeySize == 256);
	CHECK(multi->numberOfKeys == 2 && multi->operationState == TEE_OPERATION_STATE_INITIAL);
	CHECK(multi->keyInformation[0].keySize == 128 && multi->keyInformation[1].keySize == 128);
	CHECK(multi->keyInformation[0].requiredKeyUsage == TEE_USAGE_ENCRYPT &&
	      multi->keyInformation[1].requiredKeyUsage == TEE_USAGE_ENCRYPT);
	TEE_CipherInit(op, zero, 16);
	CHECK(TEE_CipherDoFinal(op, zero, 32, out, &len) == TEE_SUCCESS);
	CHECK(len == 32 && !memcmp(out, xts_ct, 32));
	/* both keys cleared with two nulls */
	CHECK(TEE_SetOperationKey2(op, TEE_HANDLE_NULL, TEE_HANDLE_NULL) == TEE_SUCCESS);
	TEE_GetOperationInfo(op, &info);
	CHECK(!(info.handleState & TEE_HANDLE_FLAG_KEY_SET));
	TEE_FreeOperation(op);

	/* a digest: no keys; an active one says so */
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0) == TEE_SUCCESS);
	TEE_DigestUpdate(op, "abc", 3);
	size = sizeof(TEE_OperationInfoMultiple);
	CHECK(TEE_GetOperationInfoMultiple(op, multi, &size) == TEE_SUCCESS);
	CHECK(multi->numberOfKeys == 0 && multi->digestLength == 32 &&
	      multi->operationState == TEE_OPERATION_STATE_ACTIVE);
	TEE_FreeOperation(op);
	/* one key: its size once set */
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_AES_CBC_NOPAD, TEE_MODE_DECRYPT, 256) == TEE_SUCCESS);
	size = sizeof(buf);
	CHECK(TEE_GetOperationInfoMultiple(op, multi, &size) == TEE_SUCCESS);
	CHECK(multi->numberOfKeys == 1 && multi->keyInformation[0].keySize == 0 &&
	      multi->keyInformation[0].requiredKeyUsage == TEE_USAGE_DECRYPT);
	CHECK(TEE_SetOperationKey(op, k1) == TEE_SUCCESS);
	CHECK(TEE_GetOperationInfoMultiple(op, multi, &size) == TEE_SUCCESS);
	CHECK(multi->keyInformation[0].keySize == 128);
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k1);
	TEE_FreeTransientObject(k2);
	return TEE_SUCCESS;
}

/* A cipher fed `split` bytes, copied, both finished with the rest: each as the one-shot result. */
static TEE_Result cipher_copy(TEE_Param params[4], uint32_t alg, uint32_t mode, const void *iv, size_t ivLen,
			      size_t total, size_t split)
{
	TEE_ObjectHandle k, k2 = TEE_HANDLE_NULL;
	TEE_OperationHandle a, b, one;
	uint8_t whole[96], out1[96], out2[96];
	size_t n, m, len;
	bool xts = alg == TEE_ALG_AES_XTS;

	CHECK(secret_key(&k, TEE_TYPE_AES, TEE_ATTR_SECRET_VALUE, data + 3, 16) == TEE_SUCCESS);
	if (xts)
		CHECK(secret_key(&k2, TEE_TYPE_AES, TEE_ATTR_SECRET_VALUE, data + 40, 16) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&a, alg, mode, xts ? 256 : 128) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&b, alg, mode, xts ? 256 : 128) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&one, alg, mode, xts ? 256 : 128) == TEE_SUCCESS);
	CHECK((xts ? TEE_SetOperationKey2(a, k, k2) : TEE_SetOperationKey(a, k)) == TEE_SUCCESS);
	CHECK((xts ? TEE_SetOperationKey2(one, k, k2) : TEE_SetOperationKey(one, k)) == TEE_SUCCESS);
	TEE_CipherInit(one, iv, ivLen);
	len = sizeof(whole);
	CHECK(TEE_CipherDoFinal(one, data, total, whole, &len) == TEE_SUCCESS && len == total);

	TEE_CipherInit(a, iv, ivLen);
	n = sizeof(out1);
	CHECK(TEE_CipherUpdate(a, data, split, out1, &n) == TEE_SUCCESS);
	TEE_CopyOperation(b, a); /* b had no key: it gets a's */
	memcpy(out2, out1, n);
	m = sizeof(out1) - n;
	CHECK(TEE_CipherDoFinal(a, data + split, total - split, out1 + n, &m) == TEE_SUCCESS);
	CHECK(n + m == total && !memcmp(out1, whole, total));
	m = sizeof(out2) - n;
	CHECK(TEE_CipherDoFinal(b, data + split, total - split, out2 + n, &m) == TEE_SUCCESS);
	CHECK(n + m == total && !memcmp(out2, whole, total));
	TEE_FreeOperation(a);
	TEE_FreeOperation(b);
	TEE_FreeOperation(one);
	TEE_FreeTransientObject(k);
	TEE_FreeTransientObject(k2);
	return TEE_SUCCESS;
}

static TEE_Result mac_copy(TEE_Param params[4], uint32_t alg, uint32_t type, size_t keyLen)
{
	TEE_ObjectHandle k;
	TEE_OperationHandle a, b;
	uint8_t m1[32], m2[32], whole[32];
	size_t l1 = sizeof(m1), l2 = sizeof(m2), lw = sizeof(whole);

	CHECK(secret_key(&k, type, TEE_ATTR_SECRET_VALUE, data, keyLen) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&a, alg, TEE_MODE_MAC, keyLen * 8) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&b, alg, TEE_MODE_MAC, keyLen * 8) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(a, k) == TEE_SUCCESS);
	TEE_MACInit(a, NULL, 0);
	CHECK(TEE_MACComputeFinal(a, data, 50, whole, &lw) == TEE_SUCCESS);
	TEE_MACInit(a, NULL, 0);
	TEE_MACUpdate(a, data, 21);
	TEE_CopyOperation(b, a);
	CHECK(TEE_MACComputeFinal(a, data + 21, 29, m1, &l1) == TEE_SUCCESS);
	CHECK(TEE_MACComputeFinal(b, data + 21, 29, m2, &l2) == TEE_SUCCESS);
	CHECK(l1 == lw && l2 == lw && !memcmp(m1, whole, lw) && !memcmp(m2, whole, lw));
	TEE_FreeOperation(a);
	TEE_FreeOperation(b);
	TEE_FreeTransientObject(k);
	return TEE_SUCCESS;
}

/* SHA-256("abc"), FIPS 180-2 */
static const uint8_t sha256_abc[32] = { 0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
					0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
					0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad };

static TEE_Result copy(TEE_Param params[4])
{
	TEE_OperationHandle a, b, dec;
	TEE_ObjectHandle k;
	uint8_t h1[32], h2[32], ct1[96], ct2[96], tag1[16], tag2[16], ctr_iv[16];
	size_t l1 = sizeof(h1), l2 = sizeof(h2), n, m, t1 = 16, t2 = 16;
	TEE_Result res;

	fill();
	/* digest: xtest 4001's copy after a partial update */
	CHECK(TEE_AllocateOperation(&a, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&b, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0) == TEE_SUCCESS);
	TEE_DigestUpdate(a, "a", 1);
	TEE_CopyOperation(b, a);
	CHECK(TEE_DigestDoFinal(b, "bc", 2, h2, &l2) == TEE_SUCCESS && !memcmp(h2, sha256_abc, 32));
	CHECK(TEE_DigestDoFinal(a, "bc", 2, h1, &l1) == TEE_SUCCESS && !memcmp(h1, sha256_abc, 32));
	/* a copy between different algorithms is the panic of GPOPS_PANIC_COPY; a copy onto itself is nothing */
	TEE_CopyOperation(a, a);
	TEE_FreeOperation(a);
	TEE_FreeOperation(b);

	if ((res = mac_copy(params, TEE_ALG_HMAC_SHA256, TEE_TYPE_HMAC_SHA256, 32)))
		return res;
	if ((res = mac_copy(params, TEE_ALG_AES_CMAC, TEE_TYPE_AES, 16)))
		return res;
	if ((res = mac_copy(params, TEE_ALG_AES_CBC_MAC_PKCS5, TEE_TYPE_AES, 16)))
		return res;

	/* ciphers mid-stream: partial blocks kept back, chaining, a CTR counter that carries over all 16 bytes */
	memset(ctr_iv, 0xff, 16);
	ctr_iv[0] = 0x12;
	if ((res = cipher_copy(params, TEE_ALG_AES_ECB_NOPAD, TEE_MODE_ENCRYPT, NULL, 0, 64, 23)) ||
	    (res = cipher_copy(params, TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, data + 60, 16, 64, 37)) ||
	    (res = cipher_copy(params, TEE_ALG_AES_CBC_NOPAD, TEE_MODE_DECRYPT, data + 60, 16, 64, 37)) ||
	    (res = cipher_copy(params, TEE_ALG_AES_CBC_NOPAD, TEE_MODE_ENCRYPT, data + 60, 16, 64, 0)) ||
	    (res = cipher_copy(params, TEE_ALG_AES_CTR, TEE_MODE_ENCRYPT, ctr_iv, 16, 70, 37)) ||
	    (res = cipher_copy(params, TEE_ALG_AES_CTS, TEE_MODE_ENCRYPT, data + 60, 16, 70, 37)) ||
	    (res = cipher_copy(params, TEE_ALG_AES_CTS, TEE_MODE_DECRYPT, data + 60, 16, 70, 53)) ||
	    (res = cipher_copy(params, TEE_ALG_AES_XTS, TEE_MODE_ENCRYPT, data + 60, 16, 70, 37)))
		return res;

	/* AES-GCM encryption after AAD and some payload: both tags as one shot's */
	CHECK(secret_key(&k, TEE_TYPE_AES, TEE_ATTR_SECRET_VALUE, data, 16) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&a, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, 128) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&b, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, 128) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(a, k) == TEE_SUCCESS);
	CHECK(TEE_AEInit(a, data + 16, 12, 128, 20, 50) == TEE_SUCCESS);
	TEE_AEUpdateAAD(a, data + 30, 20);
	n = sizeof(ct1);
	/* an update writes all it takes (xtest 4005 checks it of GCM) */
	CHECK(TEE_AEUpdate(a, data, 17, ct1, &n) == TEE_SUCCESS && n == 17);
	TEE_CopyOperation(b, a);
	memcpy(ct2, ct1, n);
	m = sizeof(ct1) - n;
	CHECK(TEE_AEEncryptFinal(a, data + 17, 33, ct1 + n, &m, tag1, &t1) == TEE_SUCCESS && m == 33);
	m = sizeof(ct2) - n;
	CHECK(TEE_AEEncryptFinal(b, data + 17, 33, ct2 + n, &m, tag2, &t2) == TEE_SUCCESS && m == 33);
	CHECK(t1 == 16 && t2 == 16 && !memcmp(ct1, ct2, 50) && !memcmp(tag1, tag2, 16));
	/* and both as one shot's */
	CHECK(TEE_AEInit(a, data + 16, 12, 128, 20, 50) == TEE_SUCCESS);
	TEE_AEUpdateAAD(a, data + 30, 20);
	m = sizeof(ct2);
	CHECK(TEE_AEEncryptFinal(a, data, 50, ct2, &m, tag2, &t2) == TEE_SUCCESS && m == 50);
	CHECK(!memcmp(ct1, ct2, 50) && !memcmp(tag1, tag2, 16));
	/* and the copy of a decryption checks the same tag */
	CHECK(TEE_AllocateOperation(&dec, TEE_ALG_AES_GCM, TEE_MODE_DECRYPT, 128) == TEE_SUCCESS);
	TEE_FreeOperation(b);
	CHECK(TEE_AllocateOperation(&b, TEE_ALG_AES_GCM, TEE_MODE_DECRYPT, 128) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(dec, k) == TEE_SUCCESS);
	CHECK(TEE_AEInit(dec, data + 16, 12, 128, 20, 50) == TEE_SUCCESS);
	TEE_AEUpdateAAD(dec, data + 30, 20);
	n = sizeof(h1);
	CHECK(TEE_AEUpdate(dec, ct1, 10, ct2, &n) == TEE_SUCCESS);
	TEE_CopyOperation(b, dec);
	m = sizeof(ct2) - n;
	CHECK(TEE_AEDecryptFinal(b, ct1 + 10, 40, ct2 + n, &m, tag1, 16) == TEE_SUCCESS);
	CHECK(n + m == 50 && !memcmp(ct2, data, 50));
	tag1[3] ^= 1;
	m = sizeof(ct2) - n;
	CHECK(TEE_AEDecryptFinal(dec, ct1 + 10, 40, ct2 + n, &m, tag1, 16) == TEE_ERROR_MAC_INVALID);
	TEE_FreeOperation(a);
	TEE_FreeOperation(b);
	TEE_FreeOperation(dec);
	TEE_FreeTransientObject(k);
	return TEE_SUCCESS;
}

/* SHAKE128("abc"), the first 32 bytes (FIPS 202; hashlib.shake_128(b"abc")) */
static const uint8_t shake128_abc[32] = { 0x58, 0x81, 0x09, 0x2d, 0xd8, 0x18, 0xbf, 0x5c, 0xf8, 0xa3, 0xdd,
					  0xb7, 0x93, 0xfb, 0xcb, 0xa7, 0x40, 0x97, 0xd5, 0xc5, 0x26, 0xa6,
					  0xd3, 0x5f, 0x97, 0xb8, 0x33, 0x51, 0x94, 0x0f, 0x2c, 0xc8 };

static TEE_Result extract(TEE_Param params[4])
{
	TEE_OperationHandle op;
	TEE_OperationInfo info;
	uint8_t out[40];
	size_t len, got = 0;

	/* a fixed-length digest (libutee): its hash in pieces, then nothing more */
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0) == TEE_SUCCESS);
	TEE_DigestUpdate(op, "abc", 3);
	while (got < 32) {
		len = 7;
		CHECK(TEE_DigestExtract(op, out + got, &len) == TEE_SUCCESS);
		CHECK(len == (32 - got < 7 ? 32 - got : 7));
		got += len;
	}
	CHECK(!memcmp(out, sha256_abc, 32));
	TEE_GetOperationInfo(op, &info);
	CHECK(info.handleState & TEE_HANDLE_FLAG_EXTRACTING);
	len = 5;
	CHECK(TEE_DigestExtract(op, out, &len) == TEE_SUCCESS && len == 0);
	/* a final without input ends it (nothing left), and the operation starts again */
	len = sizeof(out);
	CHECK(TEE_DigestDoFinal(op, NULL, 0, out, &len) == TEE_SUCCESS && len == 0);
	len = sizeof(out);
	CHECK(TEE_DigestDoFinal(op, "abc", 3, out, &len) == TEE_SUCCESS && len == 32 && !memcmp(out, sha256_abc, 32));
	TEE_FreeOperation(op);

	/* an XOF: as many bytes as asked for, in any pieces */
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_SHAKE128, TEE_MODE_DIGEST, 0) == TEE_SUCCESS);
	TEE_DigestUpdate(op, "abc", 3);
	len = 5;
	CHECK(TEE_DigestExtract(op, out, &len) == TEE_SUCCESS && len == 5);
	len = 27;
	CHECK(TEE_DigestExtract(op, out + 5, &len) == TEE_SUCCESS && len == 27);
	CHECK(!memcmp(out, shake128_abc, 32));
	TEE_ResetOperation(op);
	TEE_DigestUpdate(op, "abc", 3);
	len = 32;
	CHECK(TEE_DigestExtract(op, out, &len) == TEE_SUCCESS && !memcmp(out, shake128_abc, 32));
	TEE_FreeOperation(op);
	return TEE_SUCCESS;
}

static TEE_Result supported(TEE_Param params[4])
{
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_SHA256, TEE_CRYPTO_ELEMENT_NONE) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_AES_GCM, TEE_CRYPTO_ELEMENT_NONE) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_AES_XTS, TEE_CRYPTO_ELEMENT_NONE) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_HMAC_SHA3_256, TEE_CRYPTO_ELEMENT_NONE) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, TEE_CRYPTO_ELEMENT_NONE) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_HKDF_SHA256_DERIVE_KEY, TEE_CRYPTO_ELEMENT_NONE) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY, TEE_CRYPTO_ELEMENT_NONE) == TEE_SUCCESS);
	/* an element where none belongs, or the wrong curve: NOT_SUPPORTED (libutee) */
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_SHA256, TEE_ECC_CURVE_NIST_P256) == TEE_ERROR_NOT_SUPPORTED);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_ECDSA_SHA256, TEE_ECC_CURVE_NIST_P256) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_ECDSA_SHA256, TEE_ECC_CURVE_NIST_P384) == TEE_ERROR_NOT_SUPPORTED);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_ECDSA_SHA256, TEE_CRYPTO_ELEMENT_NONE) == TEE_ERROR_NOT_SUPPORTED);
	CHECK(TEE_IsAlgorithmSupported(__OPTEE_ALG_ECDSA_P384, TEE_ECC_CURVE_NIST_P384) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_ECDH_DERIVE_SHARED_SECRET, TEE_ECC_CURVE_NIST_P521) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(__OPTEE_ALG_ECDH_P224, TEE_ECC_CURVE_NIST_P224) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_ED25519, TEE_ECC_CURVE_25519) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_X25519, TEE_ECC_CURVE_25519) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_X25519, TEE_ECC_CURVE_NIST_P256) == TEE_ERROR_NOT_SUPPORTED);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_SM2_DSA_SM3, TEE_ECC_CURVE_SM2) == TEE_SUCCESS);
	CHECK(TEE_IsAlgorithmSupported(0x12345678, TEE_CRYPTO_ELEMENT_NONE) == TEE_ERROR_NOT_SUPPORTED);
	CHECK(TEE_IsAlgorithmSupported(TEE_ALG_ILLEGAL_VALUE, TEE_CRYPTO_ELEMENT_NONE) == TEE_ERROR_NOT_SUPPORTED);
	return TEE_SUCCESS;
}

static TEE_Result time_get(TEE_Param params[4])
{
	TEE_Time t = { 1, 1 };
	TEE_Result res = TEE_GetTAPersistentTime(&t);
	params[1].value.a = t.seconds;
	params[1].value.b = t.millis;
	return res;
}

static TEE_Result time_set(TEE_Param params[4])
{
	TEE_Time t = { params[1].value.a, params[1].value.b };
	return TEE_SetTAPersistentTime(&t);
}

static TEE_Result time_wrap(TEE_Param params[4])
{
	TEE_Time t = { 0xffffffff, 999 };
	CHECK(TEE_SetTAPersistentTime(&t) == TEE_SUCCESS);
	/* the time must move on by a millisecond at least to pass 2^32 seconds */
	CHECK(TEE_Wait(5) == TEE_SUCCESS);
	CHECK(TEE_GetTAPersistentTime(&t) == TEE_ERROR_OVERFLOW);
	/* the wrapped value: a few milliseconds past zero */
	CHECK(t.seconds < 60 && t.millis < 1000);
	params[1].value.a = t.seconds;
	params[1].value.b = t.millis;
	return TEE_SUCCESS;
}

static void panic_copy(void)
{
	TEE_OperationHandle a, b;
	if (TEE_AllocateOperation(&a, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0) ||
	    TEE_AllocateOperation(&b, TEE_ALG_SHA1, TEE_MODE_DIGEST, 0))
		return;
	TEE_CopyOperation(b, a);
}

static void panic_extract(void)
{
	TEE_OperationHandle op;
	uint8_t out[32];
	size_t len = 4;
	if (TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0))
		return;
	TEE_DigestExtract(op, out, &len);
	len = sizeof(out);
	TEE_DigestDoFinal(op, "x", 1, out, &len);
}

static void panic_info(void)
{
	TEE_OperationHandle op;
	TEE_OperationInfoMultiple info;
	size_t size = sizeof(info) - 1;
	if (TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0))
		return;
	TEE_GetOperationInfoMultiple(op, &info, &size);
}

/* The bench's AES-GCM operation, prepared by the first call (a single-instance TA keeps it) */
static TEE_OperationHandle bench_op;

static TEE_Result bench_gcm(TEE_Param params[4])
{
	if (bench_op == TEE_HANDLE_NULL) {
		TEE_ObjectHandle k;
		CHECK(secret_key(&k, TEE_TYPE_AES, TEE_ATTR_SECRET_VALUE, zero, 16) == TEE_SUCCESS);
		CHECK(TEE_AllocateOperation(&bench_op, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, 128) == TEE_SUCCESS);
		CHECK(TEE_SetOperationKey(bench_op, k) == TEE_SUCCESS);
		TEE_FreeTransientObject(k);
	}
	size_t tagLen = params[3].memref.size;
	TEE_Result res = TEE_AEInit(bench_op, zero, 12, 128, 0, params[1].memref.size);
	if (res)
		return res;
	return TEE_AEEncryptFinal(bench_op, params[1].memref.buffer, params[1].memref.size, params[2].memref.buffer,
				  &params[2].memref.size, params[3].memref.buffer, &tagLen);
}

/* libutee's TEE_AEEncryptFinal: with both buffers short, SHORT_BUFFER writes back both lengths (xtest 4017) */
static TEE_Result ae_short(TEE_Param params[4])
{
	TEE_OperationHandle op;
	TEE_ObjectHandle k;
	uint8_t src[20] = { 0 };
	size_t dlen = 0, tlen = 0;
	CHECK(secret_key(&k, TEE_TYPE_AES, TEE_ATTR_SECRET_VALUE, zero, 16) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&op, TEE_ALG_AES_GCM, TEE_MODE_ENCRYPT, 128) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(op, k) == TEE_SUCCESS);
	CHECK(TEE_AEInit(op, zero, 12, 96, 0, sizeof(src)) == TEE_SUCCESS);
	CHECK(TEE_AEEncryptFinal(op, src, sizeof(src), NULL, &dlen, NULL, &tlen) == TEE_ERROR_SHORT_BUFFER);
	CHECK(dlen == sizeof(src));
	CHECK(tlen == 12);
	uint8_t dst[20], tag[12];
	CHECK(TEE_AEEncryptFinal(op, src, sizeof(src), dst, &dlen, tag, &tlen) == TEE_SUCCESS);
	CHECK(dlen == sizeof(src) && tlen == 12);
	TEE_FreeOperation(op);
	TEE_FreeTransientObject(k);
	return TEE_SUCCESS;
}

/* The object id is copied into TA memory first: GP wants it there, not in a client's memref */
static TEE_Result bench_write(TEE_Param params[4])
{
	TEE_ObjectHandle o;
	char id[64];
	size_t idLen = params[1].memref.size;
	CHECK(idLen <= sizeof(id));
	memcpy(id, params[1].memref.buffer, idLen);
	TEE_Result res = TEE_CreatePersistentObject(TEE_STORAGE_PRIVATE, id, idLen,
						    TEE_DATA_FLAG_ACCESS_READ | TEE_DATA_FLAG_ACCESS_WRITE |
							    TEE_DATA_FLAG_ACCESS_WRITE_META | TEE_DATA_FLAG_OVERWRITE,
						    TEE_HANDLE_NULL, params[2].memref.buffer, params[2].memref.size, &o);
	if (res)
		return res;
	TEE_CloseObject(o);
	return TEE_SUCCESS;
}

TEE_Result TA_InvokeCommandEntryPoint(void *session, uint32_t cmd, uint32_t types, TEE_Param params[4])
{
	(void)session;
	if (TEE_PARAM_TYPE_GET(types, 0) != TEE_PARAM_TYPE_VALUE_OUTPUT)
		return TEE_ERROR_BAD_PARAMETERS;
	switch (cmd) {
	case GPOPS_KEY2:
		return key2(params);
	case GPOPS_COPY:
		return copy(params);
	case GPOPS_EXTRACT:
		return extract(params);
	case GPOPS_SUPPORTED:
		return supported(params);
	case GPOPS_TIME_GET:
		return time_get(params);
	case GPOPS_TIME_SET:
		return time_set(params);
	case GPOPS_TIME_WRAP:
		return time_wrap(params);
	case GPOPS_PANIC_COPY:
		panic_copy();
		return TEE_SUCCESS;
	case GPOPS_PANIC_TIME: {
		TEE_Time t = { 5, 1000 };
		TEE_SetTAPersistentTime(&t);
		return TEE_SUCCESS;
	}
	case GPOPS_PANIC_EXTRACT:
		panic_extract();
		return TEE_SUCCESS;
	case GPOPS_PANIC_INFO:
		panic_info();
		return TEE_SUCCESS;
	case GPOPS_RSA:
		return gpops_rsa(params);
	case GPOPS_ECDSA:
		return gpops_ecdsa(params);
	case GPOPS_ECDH:
		return gpops_ecdh(params);
	case GPOPS_ED25519:
		return gpops_ed25519(params);
	case GPOPS_X25519:
		return gpops_x25519(params);
	case GPOPS_SM2_KEP:
		return gpops_sm2_kep(params);
	case GPOPS_KDF:
		return gpops_kdf(params);
	case GPOPS_BENCH_GCM:
		return bench_gcm(params);
	case GPOPS_BENCH_WRITE:
		return bench_write(params);
	case GPOPS_SYSTEM_PTA:
		return gpops_system_pta(params);
	case GPOPS_AE_SHORT:
		return ae_short(params);
	default:
		return TEE_ERROR_BAD_PARAMETERS;
	}
}
