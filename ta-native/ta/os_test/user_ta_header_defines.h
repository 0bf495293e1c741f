#ifndef USER_TA_HEADER_DEFINES_H
#define USER_TA_HEADER_DEFINES_H

#include <os_test_ta.h>

#define TA_UUID TA_OS_TEST_UUID
#define TA_FLAGS TA_FLAG_MULTI_SESSION
#define TA_STACK_SIZE OS_TEST_STACK_SIZE
#define TA_DATA_SIZE OS_TEST_DATA_SIZE
#define TA_VERSION "1.0"
#define TA_DESCRIPTION "jtee's C os_test TA: OS features, panics, bad accesses, TA-to-TA"

#define TA_CURRENT_TA_EXT_PROPERTIES \
	{ "myprop.true", USER_TA_PROP_TYPE_BOOL, &(const bool){ true } }, \
	{ "myprop.42", USER_TA_PROP_TYPE_U32, &(const uint32_t){ 42 } }, \
	{ "myprop.123", USER_TA_PROP_TYPE_UUID, &(const TEE_UUID){ 1, 2, 3 } }, \
	{ "myprop.1234", USER_TA_PROP_TYPE_IDENTITY, \
		&(const TEE_Identity){ TEE_LOGIN_USER, { 2, 3, 4 } } }, \
	{ "myprop.hello", USER_TA_PROP_TYPE_STRING, OS_TEST_HELLO_PROPERTY }, \
	{ "myprop.binaryblock", USER_TA_PROP_TYPE_BINARY_BLOCK, "SGVsbG8gd29ybGQh" }, \
	{ "myprop.binaryblock.1byte-ones", USER_TA_PROP_TYPE_BINARY_BLOCK, "/w==" }, \
	{ "myprop.binaryblock.2byte-ones", USER_TA_PROP_TYPE_BINARY_BLOCK, "//8=" }, \
	{ "myprop.binaryblock.3byte-ones", USER_TA_PROP_TYPE_BINARY_BLOCK, "////" }, \
	{ "myprop.binaryblock.4byte-ones", USER_TA_PROP_TYPE_BINARY_BLOCK, "/////w==" }, \
	{ "myprop.binaryblock.empty", USER_TA_PROP_TYPE_BINARY_BLOCK, "" }

#endif
