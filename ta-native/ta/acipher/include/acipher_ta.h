#ifndef ACIPHER_TA_H
#define ACIPHER_TA_H

/* optee_examples' acipher UUID and commands, so its unmodified host program runs against it. */
#define TA_ACIPHER_UUID \
	{ 0xa734eed9, 0xd6a1, 0x4244, { 0xaa, 0x50, 0x7c, 0x99, 0x71, 0x9e, 0x7b, 0x7b } }

/* p0 VALUE_INPUT a: the RSA key size in bits */
#define TA_ACIPHER_CMD_GEN_KEY 0
/*
 * p0 MEMREF_INPUT data, p1 MEMREF_OUTPUT result (SHORT_BUFFER with the size needed),
 * p2 VALUE_INPUT a: 0 decrypt, else encrypt, p3 VALUE_INPUT a: one of TA_ALG_* below.
 * The first acipher's layout (p0 in, p1 out only: PKCS#1 v1.5 encrypt) is still taken.
 */
#define TA_ACIPHER_CMD_ENCRYPT_DECRYPT 1
#define TA_ACIPHER_MODE_DECRYPT 0

#define TA_ALG_PKCS1_V1_5 0x60000130
#define TA_ALG_OAEP_MGF1_SHA1 0x60210230
#define TA_ALG_OAEP_MGF1_SHA224 0x60310230
#define TA_ALG_OAEP_MGF1_SHA256 0x60410230
#define TA_ALG_OAEP_MGF1_SHA384 0x60510230
#define TA_ALG_OAEP_MGF1_SHA512 0x60610230

#endif
