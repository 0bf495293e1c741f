#ifndef SECURE_STORAGE_TA_H
#define SECURE_STORAGE_TA_H

/* optee_examples' secure_storage UUID and commands, so its unmodified host program runs against it. */
#define TA_SECURE_STORAGE_UUID \
	{ 0xf4e750bb, 0x1437, 0x4fbf, { 0x87, 0x85, 0x8d, 0x35, 0x80, 0xc3, 0x49, 0x94 } }

/* p0 MEMREF_INPUT object id, p1 MEMREF_OUTPUT data (SHORT_BUFFER with the object's size) */
#define TA_SECURE_STORAGE_CMD_READ_RAW 0
/* p0 MEMREF_INPUT object id, p1 MEMREF_INPUT data: creates or overwrites the object */
#define TA_SECURE_STORAGE_CMD_WRITE_RAW 1
/* p0 MEMREF_INPUT object id */
#define TA_SECURE_STORAGE_CMD_DELETE 2

#endif
