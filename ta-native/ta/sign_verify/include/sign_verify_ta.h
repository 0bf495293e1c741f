#ifndef SIGN_VERIFY_TA_H
#define SIGN_VERIFY_TA_H

/* optee_examples' sign_verify UUID and command, so its unmodified host program runs against it. */
#define TA_SIGN_VERIFY_UUID \
	{ 0xf066f150, 0x42af, 0x404f, { 0xae, 0x32, 0xc8, 0xe6, 0xcd, 0x11, 0x7e, 0x70 } }

/*
 * p0 MEMREF_INPUT message, p1 MEMREF_OUTPUT signature (SHORT_BUFFER with its size), p2 VALUE_INPUT
 * a: TA_ALG_* below, p3 VALUE_INPUT a: RSA key size in bits. A new key pair signs the message's
 * digest; the public half verifies it before it is returned.
 */
#define TA_RSA_SIGN_CMD_SIGN_VERIFY 0
#define TA_ALG_PKCS1_PSS_MGF1_SHA1 0
#define TA_ALG_PKCS1_PSS_MGF1_SHA224 1
#define TA_ALG_PKCS1_PSS_MGF1_SHA256 2
#define TA_ALG_PKCS1_PSS_MGF1_SHA384 3
#define TA_ALG_PKCS1_PSS_MGF1_SHA512 4
#define TA_ALG_PKCS1_V1_5_SHA1 5
#define TA_ALG_PKCS1_V1_5_SHA224 6
#define TA_ALG_PKCS1_V1_5_SHA256 7
#define TA_ALG_PKCS1_V1_5_SHA384 8
#define TA_ALG_PKCS1_V1_5_SHA512 9
#define MAX_SIG_SIZE 512

#endif
