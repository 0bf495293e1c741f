#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#define TA_UUID { 0x7a3e5a1c, 0x0b1d, 0x4c2e, { 0x9f, 0x10, 0x6b, 0x7a, 0x8c, 0x9d, 0x0e, 0x1f } }
#define TA_FLAGS TA_FLAG_MULTI_SESSION
#define TA_STACK_SIZE 1024
#define TA_DATA_SIZE 8192
#define TA_VERSION "2.0"
#define TA_DESCRIPTION "jtee-tahost's dev kit test TA"

#endif
