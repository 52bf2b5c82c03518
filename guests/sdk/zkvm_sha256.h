/* SHA-256 (FIPS 180-4) in plain C for guests: used by the SDK to hash the public
 * output and by the sha256 example. */
#ifndef ZKVM_SHA256_H
#define ZKVM_SHA256_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  uint32_t h[8];      /* chaining state H0..H7 (after final: the digest words) */
  uint8_t buf[64];    /* pending partial block */
  uint32_t buf_len;
  uint64_t total;     /* bytes hashed so far */
} zkvm_sha256_ctx;

void zkvm_sha256_init(zkvm_sha256_ctx *c);
void zkvm_sha256_update(zkvm_sha256_ctx *c, const void *data, size_t len);
/* Pads and finishes: c->h then holds the 8 big-endian digest words. */
void zkvm_sha256_final(zkvm_sha256_ctx *c);
/* Writes the 32 digest bytes (big-endian order of the words). */
void zkvm_sha256_digest_bytes(const zkvm_sha256_ctx *c, uint8_t out[32]);
#ifdef __cplusplus
}
#endif
#endif
