#ifndef HOTP_TA_H
#define HOTP_TA_H

/* optee_examples' hotp UUID and commands, so its unmodified host program runs against it. */
#define TA_HOTP_UUID \
	{ 0x484d4143, 0x2d53, 0x4841, { 0x31, 0x20, 0x4a, 0x6f, 0x63, 0x6b, 0x65, 0x42 } }

/* p0 MEMREF_INPUT: the shared key, at most 64 bytes; the counter restarts at 0 */
#define TA_HOTP_CMD_REGISTER_SHARED_KEY 0
/* p0 VALUE_OUTPUT a: the 6-digit HOTP value of the counter, which then counts up */
#define TA_HOTP_CMD_GET_HOTP 1

#endif
