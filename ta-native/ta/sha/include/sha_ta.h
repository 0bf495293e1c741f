#ifndef SHA_TA_H
#define SHA_TA_H

/* optee_examples' sha UUID and commands, so its unmodified host program runs against it. */
#define TA_SHA_UUID \
	{ 0x1dc6a16b, 0x2fba, 0x4aa1, { 0x95, 0x19, 0xea, 0x8a, 0x6c, 0x8c, 0x16, 0xe5 } }

/* p0 VALUE_INPUT a: GP MAC algorithm, p1 a: key size in bytes, p2 a: key object type (below) */
#define TA_SHA_CMD_PREPARE 0
#define TA_SHA_OBJ_TYPE_HMAC_SHA256 0
#define TA_SHA_OBJ_TYPE_HMAC_SHA1 1
#define TA_SHA_OBJ_TYPE_HMAC_SHA224 2
#define TA_SHA_OBJ_TYPE_HMAC_SHA384 3
#define TA_SHA_OBJ_TYPE_HMAC_SHA512 4
#define TA_SHA_OBJ_TYPE_AES 5
#define TA_SHA_CMD_SET_KEY 1        /* p0 MEMREF_INPUT: the key, of the prepared size */
#define TA_SHA_CMD_SET_IV 2         /* p0 MEMREF_INPUT: the MAC's IV */
#define TA_SHA_CMD_COMPUTE_MAC 3    /* p0 MEMREF_INPUT message, p1 MEMREF_OUTPUT MAC */
#define TA_SHA_CMD_COMPARE_MAC 4    /* p0 MEMREF_INPUT message, p1 MEMREF_INPUT expected MAC */
#define TA_SHA_CMD_COMPUTE_DIGEST 5 /* p0 MEMREF_INPUT, p1 MEMREF_OUTPUT, p2 VALUE_INPUT a: GP digest */

#endif
