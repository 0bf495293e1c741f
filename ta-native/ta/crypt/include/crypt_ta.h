/* jtee's crypt test TA, the C twin of examples' CryptTa (dev.jtee.examples.xtest.CryptTa): the same UUID
 * and commands, so the xtest 4000 mirrors run against either. Each command is one or two GP crypto calls
 * on the session's operation and key. Attribute lists travel packed as OP-TEE's crypt TA packs them, in
 * the CPU's byte order: per attribute u32 id, then u32 a, u32 b for a value attribute, or u32 length and
 * the bytes. */
#ifndef CRYPT_TA_H
#define CRYPT_TA_H

#define TA_CRYPT_UUID { 0x6a1f4c1e, 0x17c0, 0x4c17, { 0x9a, 0x17, 0xc0, 0xff, 0xee, 0x17, 0x04, 0x00 } }

#define CRYPT_CMD_ALLOCATE 0                  /* v0 (algorithm, mode), v1 (max key size, -) */
#define CRYPT_CMD_SET_KEY 1                   /* v0 (type, max size), m1 attributes; or v2 (1, bits): generate */
#define CRYPT_CMD_DIGEST 2                    /* m0 in, m1 out */
#define CRYPT_CMD_CIPHER 3                    /* m0 IV, m1 in, m2 out: init, then do-final */
#define CRYPT_CMD_MAC 4                       /* m0 in, m1 out [, m2 IV] */
#define CRYPT_CMD_MAC_COMPARE 5               /* m0 in, m1 MAC */
#define CRYPT_CMD_SIGN 6                      /* m0 attributes, m1 digest, m2 signature out */
#define CRYPT_CMD_VERIFY 7                    /* m0 attributes, m1 digest, m2 signature */
#define CRYPT_CMD_DERIVE 8                    /* m0 attributes, v1 (derived size, -), m2 the secret out */
#define CRYPT_CMD_GET_ATTRIBUTE 9             /* v0 (attribute id, -), m1 out: of the session's key */
#define CRYPT_CMD_ENCRYPT 10                  /* m0 attributes, m1 in, m2 out */
#define CRYPT_CMD_DECRYPT 11                  /* m0 attributes, m1 in, m2 out */
#define CRYPT_CMD_SET_KEY2 12                 /* v0 (type, max size), m1 and m2 the two keys' attributes */
#define CRYPT_CMD_DIGEST_EXTRACT 13           /* m0 in, m1 out, v2 (piece, -) */
#define CRYPT_CMD_CIPHER_PIECES 14            /* m0 IV, m1 in, m2 out, v3 (piece, -) */
#define CRYPT_CMD_SEED_RNG_POOL 15            /* m0 entropy, non-empty: the system PTA's ADD_RNG_ENTROPY */
#define CRYPT_CMD_DERIVE_TA_UNIQUE_KEY 16     /* the system PTA's key checks; GENERIC on any miss */
#define CRYPT_CMD_DERIVE_TA_UNIQUE_KEY_SHM 17 /* m0 extra in, m1 key out: the client's memory passed on */

#endif
