#ifndef ECDH_TA_H
#define ECDH_TA_H

/* optee_examples' ecdh UUID and command, so its unmodified host program runs against it. */
#define TA_ECDH_UUID \
	{ 0x50c82425, 0x94da, 0x4072, { 0xa3, 0xe0, 0x58, 0xef, 0x06, 0x37, 0x67, 0xc0 } }

/*
 * p0 VALUE_INPUT a: the curve (below), p3 MEMREF_OUTPUT: the shared secret (SHORT_BUFFER with its
 * size). Two key pairs derive the secret both ways; it is returned when both agree.
 */
#define TA_ECDH_CMD_DERIVE_SELFTEST 0
#define TA_ECDH_CURVE_NIST_P192 0
#define TA_ECDH_CURVE_NIST_P224 1
#define TA_ECDH_CURVE_NIST_P256 2
#define TA_ECDH_CURVE_NIST_P384 3

#endif
