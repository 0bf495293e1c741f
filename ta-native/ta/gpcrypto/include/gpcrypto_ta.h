#ifndef GPCRYPTO_TA_H
#define GPCRYPTO_TA_H
/* jtee's C test TA for the Internal Core API's objects, crypto and storage (issue 17): each command runs
 * KATs and error-code checks in the TA; a failure answers TEE_ERROR_GENERIC with p0.a the failing line. */
#define TA_GPCRYPTO_UUID { 0x9c0a17e0, 0x0017, 0x4e6e, { 0x8a, 0x7f, 0x6a, 0x7b, 0x1e, 0x5c, 0x00, 0x17 } }
#define GPCRYPTO_TRANSIENT 0  /* p0 value out */
#define GPCRYPTO_DIGEST 1     /* p0 value out */
#define GPCRYPTO_AES_GCM 2    /* p0 value out */
#define GPCRYPTO_HMAC 3       /* p0 value out */
#define GPCRYPTO_STORE 4      /* p0 value out, p1 memref in: id, p2 memref in: data */
#define GPCRYPTO_LOAD 5       /* p0 value out (a: bytes), p1 memref in: id, p2 memref out */
#define GPCRYPTO_DELETE 6     /* p0 value out, p1 memref in: id (ITEM_NOT_FOUND when absent) */
#define GPCRYPTO_BAD_HANDLE 7 /* frees an operation handle it never had: a panic */
#define GPCRYPTO_ENCRYPT 8    /* p1 memref in, p2 memref out: AES-128-GCM of p1 with a fixed key, tag after */
#endif
