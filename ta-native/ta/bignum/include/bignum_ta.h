#ifndef BIGNUM_TA_H
#define BIGNUM_TA_H

/* jtee's big-number TA: the TEE_BigInt API end to end (numbers as big-endian octet strings). */
#define TA_BIGNUM_UUID \
	{ 0x5e1a9c3d, 0x7b2f, 0x4e8a, { 0x9d, 0x61, 0x2c, 0x4b, 0x8f, 0x0a, 0x7e, 0x13 } }

/* p0 base, p1 exponent, p2 modulus (MEMREF_INPUT), p3 MEMREF_OUTPUT base^exponent mod modulus */
#define TA_BIGNUM_CMD_EXP_MOD 0
/* p0 value, p1 modulus (MEMREF_INPUT), p3 MEMREF_OUTPUT value^-1 mod modulus */
#define TA_BIGNUM_CMD_INV_MOD 1
/* p0 candidate (MEMREF_INPUT), p1 VALUE_OUTPUT a: TEE_BigIntIsProbablePrime at confidence 80 */
#define TA_BIGNUM_CMD_IS_PRIME 2

/* the largest operand, in bits */
#define TA_BIGNUM_MAX_BITS 4096

#endif
