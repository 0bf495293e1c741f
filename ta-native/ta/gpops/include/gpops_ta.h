#ifndef GPOPS_TA_H
#define GPOPS_TA_H
/* jtee's C test TA for the rest of GP 6 (SetOperationKey2, CopyOperation, GetOperationInfoMultiple,
 * IsAlgorithmSupported, DigestExtract), TA persistent time and asymmetric crypto from C (issue 17). Each
 * command answers TEE_ERROR_GENERIC with p0.a the failing line when a check fails; p0 is always value out. */
#define TA_GPOPS_UUID { 0x9c0a17e0, 0x0017, 0x4e6e, { 0x8a, 0x7f, 0x6a, 0x7b, 0x1e, 0x5c, 0x0d, 0x17 } }
#define GPOPS_KEY2 0              /* AES-XTS: SetOperationKey2, SECURITY, IEEE 1619 vector 1, info (multiple) */
#define GPOPS_COPY 1              /* CopyOperation of digest, HMAC, CMAC, CBC, CTR, CTS, XTS, GCM mid-stream */
#define GPOPS_EXTRACT 2           /* DigestExtract of SHA-256 and SHAKE128 in pieces */
#define GPOPS_SUPPORTED 3         /* IsAlgorithmSupported */
#define GPOPS_TIME_GET 4          /* p1 value out: the TA persistent time; the result is TEE_GetTAPersistentTime's */
#define GPOPS_TIME_SET 5          /* p1 value in: a seconds, b millis */
#define GPOPS_TIME_WRAP 6         /* sets 0xffffffff.999, waits, expects OVERFLOW and the wrapped time */
#define GPOPS_PANIC_COPY 7        /* copies SHA-256 into a SHA-1 operation: a panic */
#define GPOPS_PANIC_TIME 8        /* sets a time with 1000 millis: a panic */
#define GPOPS_PANIC_EXTRACT 9     /* a final with input after DigestExtract: a panic */
#define GPOPS_PANIC_INFO 10       /* GetOperationInfoMultiple with a size below the fixed part: a panic */
#define GPOPS_RSA 11              /* RSA 2048: OAEP and PKCS1 v1.5 encrypt/decrypt, PSS and PKCS1 sign/verify */
#define GPOPS_ECDSA 12            /* ECDSA P-256 sign/verify (SIGNATURE_INVALID on a flipped bit) */
#define GPOPS_ECDH 13             /* ECDH P-256, RFC 5903 8.1 */
#define GPOPS_ED25519 14          /* Ed25519, RFC 8032 7.1 test 1, and a flipped bit */
#define GPOPS_X25519 15           /* X25519, RFC 7748 6.1 */
#define GPOPS_KDF 16              /* HKDF-SHA256 (RFC 5869 case 1), PBKDF2-HMAC-SHA1 (RFC 6070 c=2) */
/* For bench/: what aes' AUTHENC and secure_storage's WRITE_RAW do per call (p0 value out as always) */
#define GPOPS_BENCH_GCM 17        /* p1 memref in, p2 memref out, p3 memref inout tag: AES-128-GCM, zero key and nonce,
                                   * the operation kept between calls (AEInit + AEEncryptFinal per call) */
#define GPOPS_BENCH_WRITE 18      /* p1 memref in: id, p2 memref in: data; create with OVERWRITE and the data, close */
#define GPOPS_SYSTEM_PTA 19        /* p1 memref in: extra data, p2 memref out (32): the system PTA's TA unique key,
                                   * SECURITY into the client's buffer, RNG entropy (pta_system.h) */
#define GPOPS_AE_SHORT 20          /* AES-GCM TEE_AEEncryptFinal with both buffers short: both lengths written back */
#define GPOPS_SM2_KEP 21           /* SM2 key exchange, GM/T 0003.5 B.2's initiator: the key and CONFIRMATION_OUT */
#endif
