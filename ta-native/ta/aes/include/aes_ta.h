#ifndef AES_TA_H
#define AES_TA_H

/* optee_examples' aes UUID and commands, so its unmodified host program runs against it. */
#define TA_AES_UUID \
	{ 0x5dbac793, 0xf574, 0x4871, { 0x8a, 0xd3, 0x04, 0x33, 0x1e, 0xc1, 0x7f, 0x24 } }

#define TA_AES_CMD_PREPARE 0 /* p0 algo, p1 key size in bytes (16|32), p2 mode: VALUE_INPUT each */
#define TA_AES_ALGO_ECB 0
#define TA_AES_ALGO_CBC 1
#define TA_AES_ALGO_CTR 2
#define TA_AES_ALGO_CCM 3
#define TA_AES_ALGO_GCM 4
#define TA_AES_SIZE_128BIT (128 / 8)
#define TA_AES_SIZE_256BIT (256 / 8)
#define TA_AES_MODE_ENCODE 1
#define TA_AES_MODE_DECODE 0
#define TA_AES_CMD_SET_KEY 1 /* p0 MEMREF_INPUT: the key, of the prepared size */
#define TA_AES_CMD_SET_IV 2  /* p0 MEMREF_INPUT: the IV (ignored for CCM/GCM) */
#define TA_AES_CMD_CIPHER 3  /* p0 MEMREF_INPUT in, p1 MEMREF_OUTPUT out */
/* p0 MEMREF_INPUT in, p1 MEMREF_OUTPUT out, p2 VALUE_INPUT a: 1 encrypt / 0 decrypt, p3 MEMREF_INOUT tag */
#define TA_AES_CMD_AUTHENC 4

#endif
