#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <shlib_ta.h>

#define TA_UUID TA_SHLIB_UUID
#define TA_FLAGS (TA_FLAG_SINGLE_INSTANCE | TA_FLAG_MULTI_SESSION)
#define TA_STACK_SIZE (2 * 1024)
#define TA_DATA_SIZE (32 * 1024)
#define TA_DESCRIPTION "jtee's C test TA for TA shared libraries, dlopen() and dl_iterate_phdr()"

#endif
