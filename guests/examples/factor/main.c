/* Checks a prime factorisation supplied as a hint, instead of searching for it.
 * Input (committed): N (u64 LE), N >= 2.
 * Hints (not committed): count (u32 LE), then count factors (u32 LE each), in
 * non-decreasing order, each prime, whose product is N.
 * Public output: N (u64 LE), count (u32), the factors (u32 each).
 * A wrong hint makes the guest exit with code 1 and a message on fd 2. */
#include "zkvm.h"

static int is_prime(uint32_t p) {
  if (p < 2) return 0;
  if (p % 2 == 0) return p == 2;
  for (uint32_t d = 3; d <= p / d; d += 2)
    if (p % d == 0) return 0;
  return 1;
}

int main(void) {
  uint64_t n = zkvm_input_u64();
  uint32_t count = zkvm_hint_u32();
  zkvm_assert(n >= 2, "N must be at least 2");
  zkvm_assert(count >= 1 && count <= 64, "factor count out of range");
  uint32_t *f = zkvm_alloc(count * sizeof(uint32_t));
  uint64_t product = 1;
  for (uint32_t i = 0; i < count; i++) {
    f[i] = zkvm_hint_u32();
    zkvm_assert(is_prime(f[i]), "hinted factor is not prime");
    zkvm_assert(i == 0 || f[i] >= f[i - 1], "factors not in order");
    zkvm_assert(product <= n / f[i], "product exceeds N");
    product *= f[i];
  }
  zkvm_assert(product == n, "product of the factors is not N");
  zkvm_commit_u64(n);
  zkvm_commit_u32(count);
  zkvm_commit(f, count * sizeof(uint32_t));
  zkvm_print("factorisation checked\n");
  return 0;
}
