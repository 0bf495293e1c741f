/*
 * What user_ta_header_defines.h describes: the TA flag bits, the property types of
 * TA_CURRENT_TA_EXT_PROPERTIES entries, and the stack the framework adds to TA_STACK_SIZE
 * (native-ta-facts.md §1). The dev kit turns them into the .jtee_ta_head section (NATIVE-TAS.md §A).
 */
#ifndef USER_TA_HEADER_H
#define USER_TA_HEADER_H

#include <tee_api_types.h>

#define TA_FLAG_USER_MODE                       0        /* all TAs are user mode */
#define TA_FLAG_EXEC_DDR                        0        /* all TAs run from DDR */
#define TA_FLAG_SINGLE_INSTANCE                 (1 << 2)
#define TA_FLAG_MULTI_SESSION                   (1 << 3)
#define TA_FLAG_INSTANCE_KEEP_ALIVE             (1 << 4)
#define TA_FLAG_SECURE_DATA_PATH                (1 << 5)
#define TA_FLAG_REMAP_SUPPORT                   0        /* no longer used */
#define TA_FLAG_CACHE_MAINTENANCE               (1 << 7)
#define TA_FLAG_CONCURRENT                      (1 << 8)
#define TA_FLAG_DEVICE_ENUM                     (1 << 9)
#define TA_FLAG_DEVICE_ENUM_SUPP                (1 << 10)
#define TA_FLAG_DONT_CLOSE_HANDLE_ON_CORRUPT_OBJECT (1 << 11)
#define TA_FLAG_DEVICE_ENUM_TEE_STORAGE_PRIVATE (1 << 12)
#define TA_FLAG_INSTANCE_KEEP_CRASHED           (1 << 13)

/* The stack the framework adds below the TA's own TA_STACK_SIZE. */
#define TA_FRAMEWORK_STACK_SIZE 2048

#define TA_PROP_STR_SINGLE_INSTANCE "gpd.ta.singleInstance"
#define TA_PROP_STR_MULTI_SESSION   "gpd.ta.multiSession"
#define TA_PROP_STR_KEEP_ALIVE      "gpd.ta.instanceKeepAlive"
#define TA_PROP_STR_KEEP_CRASHED    "optee.ta.instanceKeepCrashed"
#define TA_PROP_STR_DATA_SIZE       "gpd.ta.dataSize"
#define TA_PROP_STR_STACK_SIZE      "gpd.ta.stackSize"
#define TA_PROP_STR_VERSION         "gpd.ta.version"
#define TA_PROP_STR_DESCRIPTION     "gpd.ta.description"
#define TA_PROP_STR_ENDIAN          "gpd.ta.endian"
#define TA_PROP_STR_DOES_NOT_CLOSE_HANDLE_ON_CORRUPT_OBJECT "gpd.ta.doesNotCloseHandleOnCorruptObject"

enum user_ta_prop_type {
	USER_TA_PROP_TYPE_BOOL = 0,    /* value: const bool * */
	USER_TA_PROP_TYPE_U32 = 1,     /* value: const uint32_t * */
	USER_TA_PROP_TYPE_UUID = 2,    /* value: const TEE_UUID * */
	USER_TA_PROP_TYPE_IDENTITY = 3, /* value: const TEE_Identity * */
	USER_TA_PROP_TYPE_STRING = 4,  /* value: const char * */
	USER_TA_PROP_TYPE_BINARY_BLOCK = 5, /* value: const char *, the bytes in base64 */
	USER_TA_PROP_TYPE_U64 = 6,     /* value: const uint64_t * */
	USER_TA_PROP_TYPE_INVALID = 7,
};

struct user_ta_property {
	const char *name;
	enum user_ta_prop_type type;
	const void *value;
};

#endif /* USER_TA_HEADER_H */
