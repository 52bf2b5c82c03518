/* 64-bit arithmetic, signed and unsigned division: exercises libgcc's __udivdi3,
 * __umoddi3, __divdi3, __moddi3 and 64-bit multiplication.
 * Input: seed (u64 LE), count (u32 LE).
 * Public output: the accumulator (u64 LE), then its decimal text. */
#include "zkvm.h"

int main(void) {
  uint64_t x = zkvm_input_u64();
  uint32_t count = zkvm_input_u32();
  uint64_t acc = 0;
  for (uint32_t i = 0; i < count; i++) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t q = x / (uint64_t)(i + 3);
    uint64_t r = x % 1000000007ull;
    int64_t s = (int64_t)x / -(int64_t)(i + 7);
    int64_t m = (int64_t)x % (int64_t)(i + 11);
    uint64_t big = x / ((x >> 40) | 1);            /* divisor above 2^32 sometimes */
    acc ^= q + r + (uint64_t)s + (uint64_t)m + big;
    acc = (acc << 7) | (acc >> 57);
  }
  char text[21];
  int k = 20;
  uint64_t v = acc;
  text[k] = 0;
  do { text[--k] = (char)('0' + v % 10); v /= 10; } while (v);
  zkvm_commit_u64(acc);
  zkvm_commit(text + k, (size_t)(20 - k));
  zkvm_print("acc = ");
  zkvm_print(text + k);
  zkvm_print("\n");
  return 0;
}
