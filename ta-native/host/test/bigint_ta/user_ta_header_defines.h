#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#define TA_UUID { 0x3c1f2b7a, 0x5d4e, 0x4f60, { 0x8a, 0x9b, 0x0c, 0x1d, 0x2e, 0x3f, 0x4a, 0x5b } }
#define TA_FLAGS TA_FLAG_MULTI_SESSION
/* small on purpose: GMP must not run on the TA's stack */
#define TA_STACK_SIZE 2048
#define TA_DATA_SIZE (64 * 1024)
#define TA_DESCRIPTION "jtee-tahost's TEE_BigInt test TA"

#endif
