#ifndef ECDSA_TA_H
#define ECDSA_TA_H

/* optee_examples' ecdsa UUID and commands, so its unmodified host program runs against it. */
#define TA_ECDSA_UUID \
	{ 0x1945e8e7, 0x0278, 0x4bfb, { 0xbb, 0x99, 0xaf, 0x10, 0x80, 0xb2, 0xa9, 0x34 } }

/* p0 MEMREF_INPUT message, p1 MEMREF_OUTPUT digest, p2 VALUE_INPUT a: TEE_ALG_ECDSA_*, kept */
#define TA_ECDSA_CMD_COMPUTE_DIGEST 0
/* no parameters: a key pair on the curve of the kept algorithm */
#define TA_ECDSA_CMD_GEN_KEY 1
/* p0 MEMREF_INPUT digest, p1 MEMREF_OUTPUT signature r||s: signed, then verified with the public half */
#define TA_ECDSA_CMD_SIGN_VERIFY_DIGEST 2

#endif
