/* A small LZ77 compressor and decompressor, as ordinary C: byte buffers from malloc,
 * a hash table of recent positions, memcmp/memcpy, a CRC-32 table. Input: any bytes.
 * Compresses them, decompresses the result, checks the round trip (assert) and the
 * CRC-32 of both; prints the sizes and the CRC and commits them (u32 each: input
 * size, compressed size, CRC-32) followed by the compressed bytes' CRC-32.
 * Format: a token byte t; t < 128: t + 1 literal bytes follow; t >= 128: a match of
 * length (t - 128) + 4 at distance (next two bytes, little-endian) + 1. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "zkvm.h"

#define HASH_BITS 12
#define MAX_DIST 65536
#define MIN_MATCH 4
#define MAX_MATCH (127 + MIN_MATCH)

static uint32_t crc_table[256];

static void crc_init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}

static uint32_t crc32(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  while (n--) c = crc_table[(c ^ *p++) & 255] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

static uint32_t hash4(const uint8_t *p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return (v * 2654435761u) >> (32 - HASH_BITS);
}

static size_t flush_literals(uint8_t *out, size_t o, const uint8_t *lit, size_t n) {
  while (n) {
    size_t k = n > 128 ? 128 : n;
    out[o++] = (uint8_t)(k - 1);
    memcpy(out + o, lit, k);
    o += k; lit += k; n -= k;
  }
  return o;
}

/* out must hold n + n / 128 + 1 bytes (all literals, worst case). */
static size_t compress(const uint8_t *in, size_t n, uint8_t *out) {
  long *head = malloc(sizeof(long) << HASH_BITS);
  for (size_t i = 0; i < (1u << HASH_BITS); i++) head[i] = -1;
  size_t i = 0, o = 0, lit = 0;
  while (i + MIN_MATCH <= n) {
    uint32_t h = hash4(in + i);
    long cand = head[h];
    head[h] = (long)i;
    size_t len = 0;
    if (cand >= 0 && i - (size_t)cand <= MAX_DIST && memcmp(in + cand, in + i, MIN_MATCH) == 0) {
      len = MIN_MATCH;
      while (len < MAX_MATCH && i + len < n && in[cand + len] == in[i + len]) len++;
    }
    if (!len) { i++; continue; }
    o = flush_literals(out, o, in + lit, i - lit);
    size_t dist = i - (size_t)cand - 1;
    out[o++] = (uint8_t)(128 + len - MIN_MATCH);
    out[o++] = (uint8_t)dist;
    out[o++] = (uint8_t)(dist >> 8);
    i += len;
    lit = i;
  }
  free(head);
  return flush_literals(out, o, in + lit, n - lit);
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out) {
  size_t i = 0, o = 0;
  while (i < n) {
    uint8_t t = in[i++];
    if (t < 128) { memcpy(out + o, in + i, t + 1u); o += t + 1u; i += t + 1u; continue; }
    size_t len = t - 128u + MIN_MATCH, dist = (size_t)in[i] | (size_t)in[i + 1] << 8;
    i += 2;
    for (size_t k = 0; k < len; k++, o++) out[o] = out[o - dist - 1];   /* may overlap */
  }
  return o;
}

int main(void) {
  crc_init();
  size_t n = zkvm_input_len();
  const uint8_t *in = zkvm_input();
  uint8_t *packed = malloc(n + n / 128 + 1), *back = malloc(n + 1);
  size_t m = compress(in, n, packed);
  size_t r = decompress(packed, m, back);
  assert(r == n && memcmp(in, back, n) == 0);
  uint32_t crc = crc32(in, n), packed_crc = crc32(packed, m);
  printf("%zu bytes -> %zu bytes, crc32 %08lx, compressed crc32 %08lx\n", n, m, (unsigned long)crc, (unsigned long)packed_crc);
  zkvm_commit_u32((uint32_t)n);
  zkvm_commit_u32((uint32_t)m);
  zkvm_commit_u32(crc);
  zkvm_commit_u32(packed_crc);
  free(packed);
  free(back);
  return 0;
}
