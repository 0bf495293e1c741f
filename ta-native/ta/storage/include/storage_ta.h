#ifndef STORAGE_TA_H
#define STORAGE_TA_H

/* optee_test's storage TA UUID; the command ids and parameter layouts are those of jtee's Java
 * StorageTa (examples/.../xtest/StorageTa.java), which xtest's 6000 series drives. */
#define TA_STORAGE_UUID \
	{ 0xb689f2a7, 0x8adf, 0x477a, { 0x9f, 0x99, 0x32, 0xe9, 0x0c, 0x0a, 0xd0, 0xa2 } }

#define TA_STORAGE_CMD_OPEN 0
#define TA_STORAGE_CMD_CLOSE 1
#define TA_STORAGE_CMD_READ 2
#define TA_STORAGE_CMD_WRITE 3
#define TA_STORAGE_CMD_CREATE 4
#define TA_STORAGE_CMD_SEEK 5
#define TA_STORAGE_CMD_UNLINK 6
#define TA_STORAGE_CMD_RENAME 7
#define TA_STORAGE_CMD_TRUNC 8
#define TA_STORAGE_CMD_ALLOC_ENUM 9
#define TA_STORAGE_CMD_FREE_ENUM 10
#define TA_STORAGE_CMD_RESET_ENUM 11
#define TA_STORAGE_CMD_START_ENUM 12
#define TA_STORAGE_CMD_NEXT_ENUM 13
#define TA_STORAGE_CMD_CREATE_OVERWRITE 14
#define TA_STORAGE_CMD_KEY_IN_PERSISTENT 15
#define TA_STORAGE_CMD_LOOP 16
#define TA_STORAGE_CMD_RESTRICT_USAGE 17
#define TA_STORAGE_CMD_ALLOC_OBJ 18
#define TA_STORAGE_CMD_FREE_OBJ 19
#define TA_STORAGE_CMD_RESET_OBJ 20
#define TA_STORAGE_CMD_GET_OBJ_INFO 21
#define TA_STORAGE_CMD_OPEN_ID_IN_SHM 22
#define TA_STORAGE_CMD_CREATE_ID_IN_SHM 23
#define TA_STORAGE_CMD_CREATEOVER_ID_IN_SHM 24
#define TA_STORAGE_CMD_RENAME_ID_IN_SHM 25

/* TEE_ObjectInfo as the TA copies it out: seven uint32_t in the CPU's byte order */
#define TA_STORAGE_OBJECT_INFO_SIZE 28

#endif
