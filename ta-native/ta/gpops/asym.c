/* Asymmetric crypto and key derivation from a C TA (issue 17): KATs from RFC 5903, 7748, 8032, 5869 and
 * 6070, and sign-then-verify with SIGNATURE_INVALID on a flipped bit where signatures are randomised. */
#include <string.h>
#include <tee_internal_api.h>

#include "check.h"

static TEE_Result sha256(const void *msg, size_t len, uint8_t out[32])
{
	TEE_OperationHandle op;
	size_t n = 32;
	TEE_Result res = TEE_AllocateOperation(&op, TEE_ALG_SHA256, TEE_MODE_DIGEST, 0);
	if (res)
		return res;
	res = TEE_DigestDoFinal(op, msg, len, out, &n);
	TEE_FreeOperation(op);
	return res;
}

/* sign with `pair`, verify with a verify operation keyed by the same pair; then a flipped bit fails */
static TEE_Result sign_verify(TEE_Param params[4], uint32_t alg, TEE_ObjectHandle pair, uint32_t bits,
			      const TEE_Attribute *ps, uint32_t n, const void *digest, size_t dlen, size_t siglen)
{
	TEE_OperationHandle s, v;
	uint8_t sig[512];
	size_t len = 8;

	CHECK(TEE_AllocateOperation(&s, alg, TEE_MODE_SIGN, bits) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&v, alg, TEE_MODE_VERIFY, bits) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(s, pair) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(v, pair) == TEE_SUCCESS);
	CHECK(TEE_AsymmetricSignDigest(s, ps, n, digest, dlen, sig, &len) == TEE_ERROR_SHORT_BUFFER);
	CHECK(len == siglen);
	len = sizeof(sig);
	CHECK(TEE_AsymmetricSignDigest(s, ps, n, digest, dlen, sig, &len) == TEE_SUCCESS && len == siglen);
	CHECK(TEE_AsymmetricVerifyDigest(v, ps, n, digest, dlen, sig, len) == TEE_SUCCESS);
	sig[len / 2] ^= 0x10;
	CHECK(TEE_AsymmetricVerifyDigest(v, ps, n, digest, dlen, sig, len) == TEE_ERROR_SIGNATURE_INVALID);
	TEE_FreeOperation(s);
	TEE_FreeOperation(v);
	return TEE_SUCCESS;
}

static TEE_Result rsa_crypt(TEE_Param params[4], uint32_t alg, TEE_ObjectHandle pair)
{
	TEE_OperationHandle e, d;
	uint8_t ct[256], pt[256];
	size_t len = 16, plen = sizeof(pt);
	static const char msg[] = "a message under RSA from a C TA";

	CHECK(TEE_AllocateOperation(&e, alg, TEE_MODE_ENCRYPT, 2048) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&d, alg, TEE_MODE_DECRYPT, 2048) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(e, pair) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(d, pair) == TEE_SUCCESS);
	CHECK(TEE_AsymmetricEncrypt(e, NULL, 0, msg, sizeof(msg), ct, &len) == TEE_ERROR_SHORT_BUFFER && len == 256);
	CHECK(TEE_AsymmetricEncrypt(e, NULL, 0, msg, sizeof(msg), ct, &len) == TEE_SUCCESS && len == 256);
	CHECK(TEE_AsymmetricDecrypt(d, NULL, 0, ct, len, pt, &plen) == TEE_SUCCESS);
	CHECK(plen == sizeof(msg) && !memcmp(pt, msg, plen));
	/* a cipher text that does not decode: BAD_PARAMETERS, which GP lets through */
	ct[5] ^= 1;
	plen = sizeof(pt);
	CHECK(TEE_AsymmetricDecrypt(d, NULL, 0, ct, len, pt, &plen) == TEE_ERROR_BAD_PARAMETERS);
	TEE_FreeOperation(e);
	TEE_FreeOperation(d);
	return TEE_SUCCESS;
}

TEE_Result gpops_rsa(TEE_Param params[4])
{
	TEE_ObjectHandle pair;
	TEE_ObjectInfo info;
	TEE_Attribute salt;
	uint8_t digest[32], mod[256];
	size_t mlen = sizeof(mod);
	TEE_Result res;

	CHECK(TEE_AllocateTransientObject(TEE_TYPE_RSA_KEYPAIR, 2048, &pair) == TEE_SUCCESS);
	CHECK(TEE_GenerateKey(pair, 2048, NULL, 0) == TEE_SUCCESS);
	CHECK(TEE_GetObjectInfo1(pair, &info) == TEE_SUCCESS && info.objectSize == 2048);
	CHECK(TEE_GetObjectBufferAttribute(pair, TEE_ATTR_RSA_MODULUS, mod, &mlen) == TEE_SUCCESS && mlen == 256);
	if ((res = rsa_crypt(params, TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA256, pair)) ||
	    (res = rsa_crypt(params, TEE_ALG_RSAES_PKCS1_OAEP_MGF1_SHA1, pair)) ||
	    (res = rsa_crypt(params, TEE_ALG_RSAES_PKCS1_V1_5, pair)))
		return res;
	CHECK(sha256("abc", 3, digest) == TEE_SUCCESS);
	TEE_InitValueAttribute(&salt, TEE_ATTR_RSA_PSS_SALT_LENGTH, 20, 0);
	if ((res = sign_verify(params, TEE_ALG_RSASSA_PKCS1_V1_5_SHA256, pair, 2048, NULL, 0, digest, 32, 256)) ||
	    (res = sign_verify(params, TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, pair, 2048, NULL, 0, digest, 32, 256)) ||
	    (res = sign_verify(params, TEE_ALG_RSASSA_PKCS1_PSS_MGF1_SHA256, pair, 2048, &salt, 1, digest, 32, 256)))
		return res;
	TEE_FreeTransientObject(pair);
	return TEE_SUCCESS;
}

TEE_Result gpops_ecdsa(TEE_Param params[4])
{
	TEE_ObjectHandle pair;
	TEE_Attribute curve;
	uint8_t digest[32];
	TEE_Result res;

	CHECK(TEE_AllocateTransientObject(TEE_TYPE_ECDSA_KEYPAIR, 256, &pair) == TEE_SUCCESS);
	TEE_InitValueAttribute(&curve, TEE_ATTR_ECC_CURVE, TEE_ECC_CURVE_NIST_P256, 0);
	CHECK(TEE_GenerateKey(pair, 256, &curve, 1) == TEE_SUCCESS);
	CHECK(sha256("sign me", 7, digest) == TEE_SUCCESS);
	/* raw r||s, 64 bytes; SHORT_BUFFER says so */
	if ((res = sign_verify(params, TEE_ALG_ECDSA_SHA256, pair, 256, NULL, 0, digest, 32, 64)))
		return res;
	TEE_FreeTransientObject(pair);
	return TEE_SUCCESS;
}

/* RFC 5903 8.1 (ECDH P-256): i, g^i, r, g^r, and g^ir's x */
static const uint8_t p256_i[32] = { 0xC8, 0x8F, 0x01, 0xF5, 0x10, 0xD9, 0xAC, 0x3F, 0x70, 0xA2, 0x92,
				    0xDA, 0xA2, 0x31, 0x6D, 0xE5, 0x44, 0xE9, 0xAA, 0xB8, 0xAF, 0xE8,
				    0x40, 0x49, 0xC6, 0x2A, 0x9C, 0x57, 0x86, 0x2D, 0x14, 0x33 };
static const uint8_t p256_gix[32] = { 0xDA, 0xD0, 0xB6, 0x53, 0x94, 0x22, 0x1C, 0xF9, 0xB0, 0x51, 0xE1,
				      0xFE, 0xCA, 0x57, 0x87, 0xD0, 0x98, 0xDF, 0xE6, 0x37, 0xFC, 0x90,
				      0xB9, 0xEF, 0x94, 0x5D, 0x0C, 0x37, 0x72, 0x58, 0x11, 0x80 };
static const uint8_t p256_giy[32] = { 0x52, 0x71, 0xA0, 0x46, 0x1C, 0xDB, 0x82, 0x52, 0xD6, 0x1F, 0x1C,
				      0x45, 0x6F, 0xA3, 0xE5, 0x9A, 0xB1, 0xF4, 0x5B, 0x33, 0xAC, 0xCF,
				      0x5F, 0x58, 0x38, 0x9E, 0x05, 0x77, 0xB8, 0x99, 0x0B, 0xB3 };
static const uint8_t p256_grx[32] = { 0xD1, 0x2D, 0xFB, 0x52, 0x89, 0xC8, 0xD4, 0xF8, 0x12, 0x08, 0xB7,
				      0x02, 0x70, 0x39, 0x8C, 0x34, 0x22, 0x96, 0x97, 0x0A, 0x0B, 0xCC,
				      0xB7, 0x4C, 0x73, 0x6F, 0xC7, 0x55, 0x44, 0x94, 0xBF, 0x63 };
static const uint8_t p256_gry[32] = { 0x56, 0xFB, 0xF3, 0xCA, 0x36, 0x6C, 0xC2, 0x3E, 0x81, 0x57, 0x85,
				      0x4C, 0x13, 0xC5, 0x8D, 0x6A, 0xAC, 0x23, 0xF0, 0x46, 0xAD, 0xA3,
				      0x0F, 0x83, 0x53, 0xE7, 0x4F, 0x33, 0x03, 0x98, 0x72, 0xAB };
static const uint8_t p256_girx[32] = { 0xD6, 0x84, 0x0F, 0x6B, 0x42, 0xF6, 0xED, 0xAF, 0xD1, 0x31, 0x16,
				       0xE0, 0xE1, 0x25, 0x65, 0x20, 0x2F, 0xEF, 0x8E, 0x9E, 0xCE, 0x7D,
				       0xCE, 0x03, 0x81, 0x24, 0x64, 0xD0, 0x4B, 0x94, 0x42, 0xDE };

/* Derives into a fresh GENERIC_SECRET and reads the secret back */
static TEE_Result derive(uint32_t alg, TEE_ObjectHandle key, uint32_t bits, const TEE_Attribute *ps, uint32_t n,
			 uint8_t *out, size_t *len)
{
	TEE_OperationHandle op;
	TEE_ObjectHandle secret;
	TEE_Result res = TEE_AllocateOperation(&op, alg, TEE_MODE_DERIVE, bits);
	if (res)
		return res;
	if ((res = TEE_SetOperationKey(op, key)) ||
	    (res = TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, 8 * 64, &secret)))
		return res;
	TEE_DeriveKey(op, ps, n, secret);
	res = TEE_GetObjectBufferAttribute(secret, TEE_ATTR_SECRET_VALUE, out, len);
	TEE_FreeTransientObject(secret);
	TEE_FreeOperation(op);
	return res;
}

TEE_Result gpops_ecdh(TEE_Param params[4])
{
	TEE_ObjectHandle pair;
	TEE_Attribute a[4], peer[2];
	uint8_t secret[64];
	size_t len = sizeof(secret);

	TEE_InitRefAttribute(&a[0], TEE_ATTR_ECC_PRIVATE_VALUE, p256_i, 32);
	TEE_InitRefAttribute(&a[1], TEE_ATTR_ECC_PUBLIC_VALUE_X, p256_gix, 32);
	TEE_InitRefAttribute(&a[2], TEE_ATTR_ECC_PUBLIC_VALUE_Y, p256_giy, 32);
	TEE_InitValueAttribute(&a[3], TEE_ATTR_ECC_CURVE, TEE_ECC_CURVE_NIST_P256, 0);
	CHECK(TEE_AllocateTransientObject(TEE_TYPE_ECDH_KEYPAIR, 256, &pair) == TEE_SUCCESS);
	CHECK(TEE_PopulateTransientObject(pair, a, 4) == TEE_SUCCESS);
	TEE_InitRefAttribute(&peer[0], TEE_ATTR_ECC_PUBLIC_VALUE_X, p256_grx, 32);
	TEE_InitRefAttribute(&peer[1], TEE_ATTR_ECC_PUBLIC_VALUE_Y, p256_gry, 32);
	CHECK(derive(TEE_ALG_ECDH_DERIVE_SHARED_SECRET, pair, 256, peer, 2, secret, &len) == TEE_SUCCESS);
	CHECK(len == 32 && !memcmp(secret, p256_girx, 32));
	TEE_FreeTransientObject(pair);
	return TEE_SUCCESS;
}

/* RFC 8032 7.1 TEST 1: the empty message */
static const uint8_t ed_secret[32] = { 0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
				       0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
				       0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60 };
static const uint8_t ed_public[32] = { 0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe,
				       0xd3, 0xc9, 0x64, 0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6,
				       0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a };
static const uint8_t ed_sig[64] = { 0xe5, 0x56, 0x43, 0x00, 0xc3, 0x60, 0xac, 0x72, 0x90, 0x86, 0xe2, 0xcc, 0x80,
				    0x6e, 0x82, 0x8a, 0x84, 0x87, 0x7f, 0x1e, 0xb8, 0xe5, 0xd9, 0x74, 0xd8, 0x73,
				    0xe0, 0x65, 0x22, 0x49, 0x01, 0x55, 0x5f, 0xb8, 0x82, 0x15, 0x90, 0xa3, 0x3b,
				    0xac, 0xc6, 0x1e, 0x39, 0x70, 0x1c, 0xf9, 0xb4, 0x6b, 0xd2, 0x5b, 0xf5, 0xf0,
				    0x59, 0x5b, 0xbe, 0x24, 0x65, 0x51, 0x41, 0x43, 0x8e, 0x7a, 0x10, 0x0b };

TEE_Result gpops_ed25519(TEE_Param params[4])
{
	TEE_ObjectHandle pair, gen;
	TEE_OperationHandle s, v;
	TEE_Attribute a[2];
	uint8_t sig[64], msg[1] = { 0 };
	size_t len = sizeof(sig);
	TEE_Result res;

	TEE_InitRefAttribute(&a[0], TEE_ATTR_ED25519_PRIVATE_VALUE, ed_secret, 32);
	TEE_InitRefAttribute(&a[1], TEE_ATTR_ED25519_PUBLIC_VALUE, ed_public, 32);
	CHECK(TEE_AllocateTransientObject(TEE_TYPE_ED25519_KEYPAIR, 256, &pair) == TEE_SUCCESS);
	CHECK(TEE_PopulateTransientObject(pair, a, 2) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&s, TEE_ALG_ED25519, TEE_MODE_SIGN, 256) == TEE_SUCCESS);
	CHECK(TEE_AllocateOperation(&v, TEE_ALG_ED25519, TEE_MODE_VERIFY, 256) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(s, pair) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey(v, pair) == TEE_SUCCESS);
	/* Ed25519 signs the message itself (GP 1.3.1: the "digest" is the message) */
	CHECK(TEE_AsymmetricSignDigest(s, NULL, 0, msg, 0, sig, &len) == TEE_SUCCESS);
	CHECK(len == 64 && !memcmp(sig, ed_sig, 64));
	CHECK(TEE_AsymmetricVerifyDigest(v, NULL, 0, msg, 0, ed_sig, 64) == TEE_SUCCESS);
	sig[0] ^= 1;
	CHECK(TEE_AsymmetricVerifyDigest(v, NULL, 0, msg, 0, sig, 64) == TEE_ERROR_SIGNATURE_INVALID);
	/* another message: the signature no longer holds */
	msg[0] = 0x72;
	CHECK(TEE_AsymmetricVerifyDigest(v, NULL, 0, msg, 1, ed_sig, 64) == TEE_ERROR_SIGNATURE_INVALID);
	TEE_FreeOperation(s);
	TEE_FreeOperation(v);
	/* a generated pair signs and verifies too */
	CHECK(TEE_AllocateTransientObject(TEE_TYPE_ED25519_KEYPAIR, 256, &gen) == TEE_SUCCESS);
	CHECK(TEE_GenerateKey(gen, 256, NULL, 0) == TEE_SUCCESS);
	if ((res = sign_verify(params, TEE_ALG_ED25519, gen, 256, NULL, 0, "message", 7, 64)))
		return res;
	TEE_FreeTransientObject(gen);
	TEE_FreeTransientObject(pair);
	return TEE_SUCCESS;
}

/* RFC 7748 6.1 */
static const uint8_t x_alice_priv[32] = { 0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1,
					  0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87, 0xeb, 0xc0,
					  0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a };
static const uint8_t x_alice_pub[32] = { 0x85, 0x20, 0xf0, 0x09, 0x89, 0x30, 0xa7, 0x54, 0x74, 0x8b, 0x7d,
					 0xdc, 0xb4, 0x3e, 0xf7, 0x5a, 0x0d, 0xbf, 0x3a, 0x0d, 0x26, 0x38,
					 0x1a, 0xf4, 0xeb, 0xa4, 0xa9, 0x8e, 0xaa, 0x9b, 0x4e, 0x6a };
static const uint8_t x_bob_pub[32] = { 0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61,
				       0xc2, 0xec, 0xe4, 0x35, 0x37, 0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78,
				       0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f };
static const uint8_t x_shared[32] = { 0x4a, 0x5d, 0x9d, 0x5b, 0xa4, 0xce, 0x2d, 0xe1, 0x72, 0x8e, 0x3b,
				      0xf4, 0x80, 0x35, 0x0f, 0x25, 0xe0, 0x7e, 0x21, 0xc9, 0x47, 0xd1,
				      0x9e, 0x33, 0x76, 0xf0, 0x9b, 0x3c, 0x1e, 0x16, 0x17, 0x42 };

TEE_Result gpops_x25519(TEE_Param params[4])
{
	TEE_ObjectHandle pair;
	TEE_Attribute a[2], peer;
	uint8_t secret[64];
	size_t len = sizeof(secret);

	TEE_InitRefAttribute(&a[0], TEE_ATTR_X25519_PRIVATE_VALUE, x_alice_priv, 32);
	TEE_InitRefAttribute(&a[1], TEE_ATTR_X25519_PUBLIC_VALUE, x_alice_pub, 32);
	CHECK(TEE_AllocateTransientObject(TEE_TYPE_X25519_KEYPAIR, 256, &pair) == TEE_SUCCESS);
	CHECK(TEE_PopulateTransientObject(pair, a, 2) == TEE_SUCCESS);
	TEE_InitRefAttribute(&peer, TEE_ATTR_X25519_PUBLIC_VALUE, x_bob_pub, 32);
	CHECK(derive(TEE_ALG_X25519, pair, 256, &peer, 1, secret, &len) == TEE_SUCCESS);
	CHECK(len == 32 && !memcmp(secret, x_shared, 32));
	TEE_FreeTransientObject(pair);
	return TEE_SUCCESS;
}

/* RFC 5869 A.1 */
static const uint8_t hkdf_okm[42] = { 0x3c, 0xb2, 0x5f, 0x25, 0xfa, 0xac, 0xd5, 0x7a, 0x90, 0x43, 0x4f, 0x64, 0xd0, 0x36,
				      0x2f, 0x2a, 0x2d, 0x2d, 0x0a, 0x90, 0xcf, 0x1a, 0x5a, 0x4c, 0x5d, 0xb0, 0x2d, 0x56,
				      0xec, 0xc4, 0xc5, 0xbf, 0x34, 0x00, 0x72, 0x08, 0xd5, 0xb8, 0x87, 0x18, 0x58, 0x65 };
/* RFC 6070, c = 2 */
static const uint8_t pbkdf2_dk[20] = { 0xea, 0x6c, 0x01, 0x4d, 0xc7, 0x2d, 0x6f, 0x8c, 0xcd, 0x1e,
				       0xd9, 0x2a, 0xce, 0x1d, 0x41, 0xf0, 0xd8, 0xde, 0x89, 0x57 };

static TEE_Result hkdf(TEE_Param params[4], uint32_t saltId, uint32_t infoId)
{
	TEE_ObjectHandle ikm;
	TEE_Attribute ps[3];
	uint8_t ikm_bytes[22], salt[13], info[10], okm[64];
	size_t len = sizeof(okm);

	memset(ikm_bytes, 0x0b, sizeof(ikm_bytes));
	for (size_t i = 0; i < sizeof(salt); i++)
		salt[i] = (uint8_t)i;
	for (size_t i = 0; i < sizeof(info); i++)
		info[i] = (uint8_t)(0xf0 + i);
	CHECK(secret_key(&ikm, TEE_TYPE_HKDF_IKM, TEE_ATTR_HKDF_IKM, ikm_bytes, sizeof(ikm_bytes)) == TEE_SUCCESS);
	TEE_InitRefAttribute(&ps[0], saltId, salt, sizeof(salt));
	TEE_InitRefAttribute(&ps[1], infoId, info, sizeof(info));
	TEE_InitValueAttribute(&ps[2], TEE_ATTR_HKDF_OKM_LENGTH, 42, 0);
	CHECK(derive(TEE_ALG_HKDF_SHA256_DERIVE_KEY, ikm, 22 * 8, ps, 3, okm, &len) == TEE_SUCCESS);
	CHECK(len == 42 && !memcmp(okm, hkdf_okm, 42));
	TEE_FreeTransientObject(ikm);
	return TEE_SUCCESS;
}

TEE_Result gpops_kdf(TEE_Param params[4])
{
	TEE_ObjectHandle pw;
	TEE_Attribute ps[3];
	uint8_t dk[64];
	size_t len = sizeof(dk);
	TEE_Result res;

	/* OP-TEE's core takes both ids of salt and info: its own (0xD00002C0/0xD00003C0) and GP 1.3.1's */
	if ((res = hkdf(params, 0xD00002C0, 0xD00003C0)) || (res = hkdf(params, TEE_ATTR_HKDF_SALT, TEE_ATTR_HKDF_INFO)))
		return res;
	CHECK(secret_key(&pw, TEE_TYPE_PBKDF2_PASSWORD, TEE_ATTR_PBKDF2_PASSWORD, "password", 8) == TEE_SUCCESS);
	TEE_InitRefAttribute(&ps[0], TEE_ATTR_PBKDF2_SALT, "salt", 4);
	TEE_InitValueAttribute(&ps[1], TEE_ATTR_PBKDF2_ITERATION_COUNT, 2, 0);
	TEE_InitValueAttribute(&ps[2], TEE_ATTR_PBKDF2_DKM_LENGTH, 20, 0);
	CHECK(derive(TEE_ALG_PBKDF2_HMAC_SHA1_DERIVE_KEY, pw, 64, ps, 3, dk, &len) == TEE_SUCCESS);
	CHECK(len == 20 && !memcmp(dk, pbkdf2_dk, 20));
	TEE_FreeTransientObject(pw);
	return TEE_SUCCESS;
}

/* GM/T 0003.5 example B.2: SM2 key exchange, user A (the initiator) */
static const uint8_t kep_d_a[32] = {
	0x81, 0xeb, 0x26, 0xe9, 0x41, 0xbb, 0x5a, 0xf1, 0x6d, 0xf1, 0x16, 0x49, 0x5f, 0x90, 0x69, 0x52,
	0x72, 0xae, 0x2c, 0xd6, 0x3d, 0x6c, 0x4a, 0xe1, 0x67, 0x84, 0x18, 0xbe, 0x48, 0x23, 0x00, 0x29
};
static const uint8_t kep_xa[32] = {
	0x16, 0x0e, 0x12, 0x89, 0x7d, 0xf4, 0xed, 0xb6, 0x1d, 0xd8, 0x12, 0xfe, 0xb9, 0x67, 0x48, 0xfb,
	0xd3, 0xcc, 0xf4, 0xff, 0xe2, 0x6a, 0xa6, 0xf6, 0xdb, 0x95, 0x40, 0xaf, 0x49, 0xc9, 0x42, 0x32
};
static const uint8_t kep_ya[32] = {
	0x4a, 0x7d, 0xad, 0x08, 0xbb, 0x9a, 0x45, 0x95, 0x31, 0x69, 0x4b, 0xeb, 0x20, 0xaa, 0x48, 0x9d,
	0x66, 0x49, 0x97, 0x5e, 0x1b, 0xfc, 0xf8, 0xc4, 0x74, 0x1b, 0x78, 0xb4, 0xb2, 0x23, 0x00, 0x7f
};
static const uint8_t kep_eph_d_a[32] = {
	0xd4, 0xde, 0x15, 0x47, 0x4d, 0xb7, 0x4d, 0x06, 0x49, 0x1c, 0x44, 0x0d, 0x30, 0x5e, 0x01, 0x24,
	0x00, 0x99, 0x0f, 0x3e, 0x39, 0x0c, 0x7e, 0x87, 0x15, 0x3c, 0x12, 0xdb, 0x2e, 0xa6, 0x0b, 0xb3
};
static const uint8_t kep_eph_xa[32] = {
	0x64, 0xce, 0xd1, 0xbd, 0xbc, 0x99, 0xd5, 0x90, 0x04, 0x9b, 0x43, 0x4d, 0x0f, 0xd7, 0x34, 0x28,
	0xcf, 0x60, 0x8a, 0x5d, 0xb8, 0xfe, 0x5c, 0xe0, 0x7f, 0x15, 0x02, 0x69, 0x40, 0xba, 0xe4, 0x0e
};
static const uint8_t kep_eph_ya[32] = {
	0x37, 0x66, 0x29, 0xc7, 0xab, 0x21, 0xe7, 0xdb, 0x26, 0x09, 0x22, 0x49, 0x9d, 0xdb, 0x11, 0x8f,
	0x07, 0xce, 0x8e, 0xaa, 0xe3, 0xe7, 0x72, 0x0a, 0xfe, 0xf6, 0xa5, 0xcc, 0x06, 0x20, 0x70, 0xc0
};
static const uint8_t kep_xb[32] = {
	0x6a, 0xe8, 0x48, 0xc5, 0x7c, 0x53, 0xc7, 0xb1, 0xb5, 0xfa, 0x99, 0xeb, 0x22, 0x86, 0xaf, 0x07,
	0x8b, 0xa6, 0x4c, 0x64, 0x59, 0x1b, 0x8b, 0x56, 0x6f, 0x73, 0x57, 0xd5, 0x76, 0xf1, 0x6d, 0xfb
};
static const uint8_t kep_yb[32] = {
	0xee, 0x48, 0x9d, 0x77, 0x16, 0x21, 0xa2, 0x7b, 0x36, 0xc5, 0xc7, 0x99, 0x20, 0x62, 0xe9, 0xcd,
	0x09, 0xa9, 0x26, 0x43, 0x86, 0xf3, 0xfb, 0xea, 0x54, 0xdf, 0xf6, 0x93, 0x05, 0x62, 0x1c, 0x4d
};
static const uint8_t kep_eph_xb[32] = {
	0xac, 0xc2, 0x76, 0x88, 0xa6, 0xf7, 0xb7, 0x06, 0x09, 0x8b, 0xc9, 0x1f, 0xf3, 0xad, 0x1b, 0xff,
	0x7d, 0xc2, 0x80, 0x2c, 0xdb, 0x14, 0xcc, 0xcc, 0xdb, 0x0a, 0x90, 0x47, 0x1f, 0x9b, 0xd7, 0x07
};
static const uint8_t kep_eph_yb[32] = {
	0x2f, 0xed, 0xac, 0x04, 0x94, 0xb2, 0xff, 0xc4, 0xd6, 0x85, 0x38, 0x76, 0xc7, 0x9b, 0x8f, 0x30,
	0x1c, 0x65, 0x73, 0xad, 0x0a, 0xa5, 0x0f, 0x39, 0xfc, 0x87, 0x18, 0x1e, 0x1a, 0x1b, 0x46, 0xfe
};
static const uint8_t kep_conf_a[32] = {
	0x18, 0xc7, 0x89, 0x4b, 0x38, 0x16, 0xdf, 0x16, 0xcf, 0x07, 0xb0, 0x5c, 0x5e, 0xc0, 0xbe, 0xf5,
	0xd6, 0x55, 0xd5, 0x8f, 0x77, 0x9c, 0xc1, 0xb4, 0x00, 0xa4, 0xf3, 0x88, 0x46, 0x44, 0xdb, 0x88
};
static const uint8_t kep_conf_b[32] = {
	0xd3, 0xa0, 0xfe, 0x15, 0xde, 0xe1, 0x85, 0xce, 0xae, 0x90, 0x7a, 0x6b, 0x59, 0x5c, 0xc3, 0x2a,
	0x26, 0x6e, 0xd7, 0xb3, 0x36, 0x7e, 0x99, 0x83, 0xa8, 0x96, 0xdc, 0x32, 0xfa, 0x20, 0xf8, 0xeb
};
static const uint8_t kep_shared[16] = {
	0x6c, 0x89, 0x34, 0x73, 0x54, 0xde, 0x24, 0x84, 0xc6, 0x0b, 0x4a, 0xb1, 0xfd, 0xe4, 0xc6, 0xe5
};
static const uint8_t kep_id[16] = "1234567812345678";

static TEE_Result kep_pair(TEE_ObjectHandle *h, const uint8_t *x, const uint8_t *y, const uint8_t *d)
{
	TEE_Attribute a[3];
	TEE_Result res = TEE_AllocateTransientObject(TEE_TYPE_SM2_KEP_KEYPAIR, 256, h);
	if (res)
		return res;
	TEE_InitRefAttribute(&a[0], TEE_ATTR_ECC_PUBLIC_VALUE_X, x, 32);
	TEE_InitRefAttribute(&a[1], TEE_ATTR_ECC_PUBLIC_VALUE_Y, y, 32);
	TEE_InitRefAttribute(&a[2], TEE_ATTR_ECC_PRIVATE_VALUE, d, 32);
	return TEE_PopulateTransientObject(*h, a, 3);
}

/* The initiator's TEE_DeriveKey: B's confirmation checked, the shared key and A's confirmation
 * (written into CONFIRMATION_OUT's buffer) as the example has them */
TEE_Result gpops_sm2_kep(TEE_Param params[4])
{
	TEE_OperationHandle op;
	TEE_ObjectHandle own, eph, secret;
	TEE_Attribute p[9];
	uint8_t conf_a[32] = { 0 }, key[16];
	size_t len = sizeof(key);

	CHECK(TEE_AllocateOperation(&op, TEE_ALG_SM2_KEP, TEE_MODE_DERIVE, 512) == TEE_SUCCESS);
	CHECK(kep_pair(&own, kep_xa, kep_ya, kep_d_a) == TEE_SUCCESS);
	CHECK(kep_pair(&eph, kep_eph_xa, kep_eph_ya, kep_eph_d_a) == TEE_SUCCESS);
	CHECK(TEE_SetOperationKey2(op, own, eph) == TEE_SUCCESS);
	CHECK(TEE_AllocateTransientObject(TEE_TYPE_GENERIC_SECRET, sizeof(key), &secret) == TEE_SUCCESS);
	TEE_InitValueAttribute(&p[0], TEE_ATTR_SM2_KEP_USER, 0, 0);
	TEE_InitRefAttribute(&p[1], TEE_ATTR_ECC_PUBLIC_VALUE_X, kep_xb, 32);
	TEE_InitRefAttribute(&p[2], TEE_ATTR_ECC_PUBLIC_VALUE_Y, kep_yb, 32);
	TEE_InitRefAttribute(&p[3], TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_X, kep_eph_xb, 32);
	TEE_InitRefAttribute(&p[4], TEE_ATTR_ECC_EPHEMERAL_PUBLIC_VALUE_Y, kep_eph_yb, 32);
	TEE_InitRefAttribute(&p[5], TEE_ATTR_SM2_ID_INITIATOR, kep_id, sizeof(kep_id));
	TEE_InitRefAttribute(&p[6], TEE_ATTR_SM2_ID_RESPONDER, kep_id, sizeof(kep_id));
	TEE_InitRefAttribute(&p[7], TEE_ATTR_SM2_KEP_CONFIRMATION_IN, kep_conf_b, 32);
	TEE_InitRefAttribute(&p[8], TEE_ATTR_SM2_KEP_CONFIRMATION_OUT, conf_a, sizeof(conf_a));
	TEE_DeriveKey(op, p, 9, secret);
	CHECK(TEE_GetObjectBufferAttribute(secret, TEE_ATTR_SECRET_VALUE, key, &len) == TEE_SUCCESS);
	CHECK(len == sizeof(kep_shared) && !memcmp(key, kep_shared, len));
	CHECK(!memcmp(conf_a, kep_conf_a, sizeof(conf_a)));
	TEE_FreeTransientObject(own);
	TEE_FreeTransientObject(eph);
	TEE_FreeTransientObject(secret);
	TEE_FreeOperation(op);
	return TEE_SUCCESS;
}
