/* jtee TA dev kit: the interface of OP-TEE's system pseudo TA, so that TAs which open it build
 * unchanged. The UUID, command ids and parameter layouts are OP-TEE's (lib/libutee/include/
 * pta_system.h); which commands jtee's world serves is in docs/c-tas.md. */
#ifndef JTEE_PTA_SYSTEM_H
#define JTEE_PTA_SYSTEM_H

#define PTA_SYSTEM_UUID { 0x3a2f8978, 0x5dc0, 0x11e8, \
	{ 0x9c, 0x2d, 0xfa, 0x7a, 0xe0, 0x1b, 0xbe, 0xbc } }

/* the bounds OP-TEE checks on PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY (bytes) */
#define TA_DERIVED_KEY_MIN_SIZE		16
#define TA_DERIVED_KEY_MAX_SIZE		32
#define TA_DERIVED_EXTRA_DATA_MAX_SIZE	1024

/* [in] memref[0]: entropy to add to the pool */
#define PTA_SYSTEM_ADD_RNG_ENTROPY	0
/* [in] memref[0]: extra data (at most TA_DERIVED_EXTRA_DATA_MAX_SIZE bytes)
 * [out] memref[1]: the key, TA_DERIVED_KEY_MIN_SIZE..TA_DERIVED_KEY_MAX_SIZE bytes; the output
 * buffer must not be shared with the normal world (OP-TEE answers BAD_PARAMETERS) */
#define PTA_SYSTEM_DERIVE_TA_UNIQUE_KEY	1

/* OP-TEE's loader and dynamic-linking commands: part of the interface, not served by jtee */
#define PTA_SYSTEM_MAP_FLAG_SHAREABLE	(1U << 0)
#define PTA_SYSTEM_MAP_FLAG_WRITEABLE	(1U << 1)
#define PTA_SYSTEM_MAP_FLAG_EXECUTABLE	(1U << 2)
#define PTA_SYSTEM_MAP_ZI		2
#define PTA_SYSTEM_UNMAP		3
#define PTA_SYSTEM_OPEN_TA_BINARY	4
#define PTA_SYSTEM_CLOSE_TA_BINARY	5
#define PTA_SYSTEM_MAP_TA_BINARY	6
#define PTA_SYSTEM_COPY_FROM_TA_BINARY	7
#define PTA_SYSTEM_SET_PROT		8
#define PTA_SYSTEM_REMAP		9
#define PTA_SYSTEM_DLOPEN		10
#define PTA_SYSTEM_DLSYM		11
#define PTA_SYSTEM_GET_TPM_EVENT_LOG	12
#define PTA_SYSTEM_SUPP_PLUGIN_INVOKE	13

#endif
