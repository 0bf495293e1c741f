#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <crash_ta.h>

#define TA_UUID TA_CRASH_UUID
#define TA_FLAGS TA_FLAG_MULTI_SESSION
#define TA_STACK_SIZE (2 * 1024)
#define TA_DATA_SIZE (32 * 1024)
#define TA_VERSION "1.0"
#define TA_DESCRIPTION "jtee's crash TA: panics, bad accesses, overruns, waits, properties"

/* One extension property of each type, for the header and the property tests. */
#define TA_CURRENT_TA_EXT_PROPERTIES \
	{ "org.jtee.crash.string", USER_TA_PROP_TYPE_STRING, "crash-ta" }, \
	{ "org.jtee.crash.u32", USER_TA_PROP_TYPE_U32, &(const uint32_t){ TA_CRASH_EXT_U32 } }, \
	{ "org.jtee.crash.bool", USER_TA_PROP_TYPE_BOOL, &(const bool){ true } }, \
	{ "org.jtee.crash.u64", USER_TA_PROP_TYPE_U64, &(const uint64_t){ 0x0102030405060708ULL } }, \
	{ "org.jtee.crash.uuid", USER_TA_PROP_TYPE_UUID, &(const TEE_UUID)TA_CRASH_UUID }, \
	{ "org.jtee.crash.identity", USER_TA_PROP_TYPE_IDENTITY, \
		&(const TEE_Identity){ TEE_LOGIN_TRUSTED_APP, TA_CRASH_UUID } }, \
	{ "org.jtee.crash.binary", USER_TA_PROP_TYPE_BINARY_BLOCK, "AAECAwQ=" }

#endif
