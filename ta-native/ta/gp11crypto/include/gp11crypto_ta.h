#ifndef GP11CRYPTO_TA_H
#define GP11CRYPTO_TA_H

#define TA_GP11CRYPTO_UUID \
	{ 0x9c0a17e0, 0x0011, 0x4e6e, { 0x8a, 0x7f, 0x6a, 0x7b, 0x1e, 0x5c, 0x00, 0x11 } }

/* Each runs its checks in the TA through the GP 1.1 API; p0 MEMREF_OUTPUT: the first failure's text. */
#define TA_GP11CRYPTO_CMD_DIGEST_CIPHER 0 /* SHA-256 of "abc", AES-128-GCM test case 2, lengths in uint32_t */
#define TA_GP11CRYPTO_CMD_OBJECTS 1       /* attributes, object info, a persistent object written, enumerated, read, deleted */

#endif
