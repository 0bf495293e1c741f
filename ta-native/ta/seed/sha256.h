#ifndef SEED_SHA256_H
#define SEED_SHA256_H
#include <stddef.h>
#include <stdint.h>

/* SHA-256 (FIPS 180-4) of len bytes into out[32]: the seed TA hashes in user space, as the GP
 * crypto API is not part of this runtime yet. */
void seed_sha256(const uint8_t *data, size_t len, uint8_t out[32]);

#endif
