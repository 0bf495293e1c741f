/*
 * jtee: the GlobalPlatform TEE Client API, with the types, constants and
 * struct layouts of OP-TEE's libteec 4.x, so that a host program written for
 * OP-TEE compiles unchanged against this header and links against jtee's
 * libteec (which reaches a jtee daemon over its Unix socket) or OP-TEE's.
 *
 * Written for jtee from the published API facts (GP TEE Client API v1.0 and
 * the layout OP-TEE 4.x ships); the implementation-defined parts sit in an
 * "imp" member, as in OP-TEE since 4.1, so sizes and offsets match.
 */
#ifndef TEE_CLIENT_API_H
#define TEE_CLIENT_API_H

#ifdef __cplusplus
extern "C" {
#endif

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parameters per operation. */
#define TEEC_CONFIG_PAYLOAD_REF_COUNT 4

/* No limit of its own on a shared memory block (the daemon's frame limit applies per call). */
#define TEEC_CONFIG_SHAREDMEM_MAX_SIZE ULONG_MAX

/* Parameter types: 4 bits each in TEEC_Operation.paramTypes. */
#define TEEC_NONE                   0x00000000
#define TEEC_VALUE_INPUT            0x00000001
#define TEEC_VALUE_OUTPUT           0x00000002
#define TEEC_VALUE_INOUT            0x00000003
#define TEEC_MEMREF_TEMP_INPUT      0x00000005
#define TEEC_MEMREF_TEMP_OUTPUT     0x00000006
#define TEEC_MEMREF_TEMP_INOUT      0x00000007
#define TEEC_MEMREF_WHOLE           0x0000000C
#define TEEC_MEMREF_PARTIAL_INPUT   0x0000000D
#define TEEC_MEMREF_PARTIAL_OUTPUT  0x0000000E
#define TEEC_MEMREF_PARTIAL_INOUT   0x0000000F

/* Directions of a shared memory block (TEEC_SharedMemory.flags). */
#define TEEC_MEM_INPUT   0x00000001
#define TEEC_MEM_OUTPUT  0x00000002

/* Result codes (TEEC_Result). */
#define TEEC_SUCCESS                       0x00000000
#define TEEC_ERROR_STORAGE_NOT_AVAILABLE   0xF0100003
#define TEEC_ERROR_GENERIC                 0xFFFF0000
#define TEEC_ERROR_ACCESS_DENIED           0xFFFF0001
#define TEEC_ERROR_CANCEL                  0xFFFF0002
#define TEEC_ERROR_ACCESS_CONFLICT         0xFFFF0003
#define TEEC_ERROR_EXCESS_DATA             0xFFFF0004
#define TEEC_ERROR_BAD_FORMAT              0xFFFF0005
#define TEEC_ERROR_BAD_PARAMETERS          0xFFFF0006
#define TEEC_ERROR_BAD_STATE               0xFFFF0007
#define TEEC_ERROR_ITEM_NOT_FOUND          0xFFFF0008
#define TEEC_ERROR_NOT_IMPLEMENTED         0xFFFF0009
#define TEEC_ERROR_NOT_SUPPORTED           0xFFFF000A
#define TEEC_ERROR_NO_DATA                 0xFFFF000B
#define TEEC_ERROR_OUT_OF_MEMORY           0xFFFF000C
#define TEEC_ERROR_BUSY                    0xFFFF000D
#define TEEC_ERROR_COMMUNICATION           0xFFFF000E
#define TEEC_ERROR_SECURITY                0xFFFF000F
#define TEEC_ERROR_SHORT_BUFFER            0xFFFF0010
#define TEE_ERROR_EXTERNAL_CANCEL          0xFFFF0011
#define TEEC_ERROR_EXTERNAL_CANCEL         0xFFFF0011 /* kept for old programs; TEE_ERROR_EXTERNAL_CANCEL is the spec's */
#define TEE_ERROR_OVERFLOW                 0xFFFF300F
#define TEE_ERROR_TARGET_DEAD              0xFFFF3024
#define TEEC_ERROR_TARGET_DEAD             0xFFFF3024
#define TEE_ERROR_STORAGE_NO_SPACE         0xFFFF3041
#define TEEC_ERROR_STORAGE_NO_SPACE        0xFFFF3041 /* kept for old programs */
#define TEE_ERROR_MAC_INVALID              0xFFFF3071
#define TEE_ERROR_SIGNATURE_INVALID        0xFFFF3072
#define TEE_ERROR_TIME_NOT_SET             0xFFFF5000
#define TEE_ERROR_TIME_NEEDS_RESET         0xFFFF5001

/* Where a result came from (the returnOrigin out-parameters). */
#define TEEC_ORIGIN_API          0x00000001
#define TEEC_ORIGIN_COMMS        0x00000002
#define TEEC_ORIGIN_TEE          0x00000003
#define TEEC_ORIGIN_TRUSTED_APP  0x00000004

/* Login methods (TEEC_OpenSession connectionMethod). */
#define TEEC_LOGIN_PUBLIC             0x00000000
#define TEEC_LOGIN_USER               0x00000001
#define TEEC_LOGIN_GROUP              0x00000002
#define TEEC_LOGIN_APPLICATION        0x00000004
#define TEEC_LOGIN_USER_APPLICATION   0x00000005
#define TEEC_LOGIN_GROUP_APPLICATION  0x00000006

/* Packs four parameter types into a paramTypes word; the inverse picks type i. */
#define TEEC_PARAM_TYPES(p0, p1, p2, p3) \
	((p0) | ((p1) << 4) | ((p2) << 8) | ((p3) << 12))
#define TEEC_PARAM_TYPE_GET(p, i) (((p) >> (i * 4)) & 0xF)

typedef uint32_t TEEC_Result;

/* A connection to a TEE. jtee: imp.fd is the daemon socket. */
typedef struct {
	struct {
		int fd;
		bool reg_mem;
		bool memref_null;
	} imp;
} TEEC_Context;

/* A TA's identity (RFC 4122); sent big-endian as 16 octets. */
typedef struct {
	uint32_t timeLow;
	uint16_t timeMid;
	uint16_t timeHiAndVersion;
	uint8_t clockSeqAndNode[8];
} TEEC_UUID;

/*
 * A block of memory shared with the TEE: allocated by the library or
 * registered by the caller. buffer, size and flags are the caller's; imp is
 * the library's (imp.id is -1 once released).
 */
typedef struct {
	void *buffer;
	size_t size;
	uint32_t flags;
	struct {
		int id;
		size_t alloced_size;
		void *shadow_buffer;
		int registered_fd;
		uint32_t flags;
	} imp;
} TEEC_SharedMemory;

/* Memory shared for one operation only. */
typedef struct {
	void *buffer;
	size_t size;
} TEEC_TempMemoryReference;

/* A window of a shared memory block (the whole block for TEEC_MEMREF_WHOLE). */
typedef struct {
	TEEC_SharedMemory *parent;
	size_t size;
	size_t offset;
} TEEC_RegisteredMemoryReference;

/* Two 32-bit values. */
typedef struct {
	uint32_t a;
	uint32_t b;
} TEEC_Value;

typedef union {
	TEEC_TempMemoryReference tmpref;
	TEEC_RegisteredMemoryReference memref;
	TEEC_Value value;
} TEEC_Parameter;

/* A session with a TA. */
typedef struct {
	struct {
		TEEC_Context *ctx;
		uint32_t session_id;
	} imp;
} TEEC_Session;

/*
 * The parameters of an open or invoke. started: set to 0 by a caller that may
 * cancel the operation. imp.session: the session the operation was last used
 * with (what TEEC_RequestCancellation targets).
 */
typedef struct {
	uint32_t started;
	uint32_t paramTypes;
	TEEC_Parameter params[TEEC_CONFIG_PAYLOAD_REF_COUNT];
	struct {
		TEEC_Session *session;
	} imp;
} TEEC_Operation;

/*
 * Connects to a TEE. name NULL: the default TEE (jtee: the socket named by
 * JTEE_SOCKET, else by JTEE_TEE=unix:PATH, else the daemon's default: /run/jtee/jtee.sock for root, $XDG_RUNTIME_DIR/jtee/jtee.sock otherwise); jtee also
 * accepts "unix:PATH" and OP-TEE's "optee-tz". Unknown name or no daemon:
 * TEEC_ERROR_ITEM_NOT_FOUND.
 */
TEEC_Result TEEC_InitializeContext(const char *name, TEEC_Context *context);

/* Ends the connection; sessions and blocks should have been closed and released. */
void TEEC_FinalizeContext(TEEC_Context *context);

/* Opens a session with the TA destination; returnOrigin (may be NULL) says where a failure came from. */
TEEC_Result TEEC_OpenSession(TEEC_Context *context,
			     TEEC_Session *session,
			     const TEEC_UUID *destination,
			     uint32_t connectionMethod,
			     const void *connectionData,
			     TEEC_Operation *operation,
			     uint32_t *returnOrigin);

/* Closes a session (the TA's close entry runs). */
void TEEC_CloseSession(TEEC_Session *session);

/* Invokes command commandID of the session's TA. */
TEEC_Result TEEC_InvokeCommand(TEEC_Session *session,
			       uint32_t commandID,
			       TEEC_Operation *operation,
			       uint32_t *returnOrigin);

/* Shares the caller's memory sharedMem->buffer (size, flags set by the caller). */
TEEC_Result TEEC_RegisterSharedMemory(TEEC_Context *context,
				      TEEC_SharedMemory *sharedMem);

/* Allocates sharedMem->size bytes of shared memory into sharedMem->buffer. */
TEEC_Result TEEC_AllocateSharedMemory(TEEC_Context *context,
				      TEEC_SharedMemory *sharedMem);

/* Frees or unregisters a block; nothing happens for a block already released. */
void TEEC_ReleaseSharedMemory(TEEC_SharedMemory *sharedMemory);

/* Asks the open or invoke running with operation to stop (it may end with TEEC_ERROR_CANCEL). */
void TEEC_RequestCancellation(TEEC_Operation *operation);

#ifdef __cplusplus
}
#endif

#endif /* TEE_CLIENT_API_H */
