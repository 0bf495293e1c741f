#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

/* optee_test's storage2 UUID */
#define TA_UUID { 0x731e279e, 0xaafb, 0x4575, { 0xa7, 0x71, 0x38, 0xca, 0xa6, 0xf0, 0xcc, 0xa6 } }
#define TA_FLAGS 0
#define TA_STACK_SIZE (4 * 1024)
#define TA_DATA_SIZE (64 * 1024)
#define TA_VERSION "1.0"
#define TA_DESCRIPTION "jtee's C storage2 test TA (the storage TA under optee_test's storage2 UUID)"

#endif
