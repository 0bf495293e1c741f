#ifndef RANDOM_TA_H
#define RANDOM_TA_H

/* optee_examples' random UUID and command. */
#define TA_RANDOM_UUID \
	{ 0xb6c53aba, 0x9669, 0x4668, { 0xa7, 0xf2, 0x20, 0x56, 0x29, 0xd0, 0x0f, 0x86 } }

#define TA_RANDOM_CMD_GENERATE 0 /* p0 MEMREF_OUTPUT: filled with random bytes */

#endif
