/* fibonacci(n) mod 2^32. Input: n (u32 little-endian).
 * Public output: n then fib(n), each u32 little-endian (8 bytes). */
#include "zkvm.h"

int main(void) {
  uint32_t n = zkvm_input_u32();
  uint32_t a = 0, b = 1;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t t = a + b;
    a = b;
    b = t;
  }
  zkvm_commit_u32(n);
  zkvm_commit_u32(a);
  zkvm_print("fib(");
  zkvm_print_u64(n);
  zkvm_print(") mod 2^32 = ");
  zkvm_print_u64(a);
  zkvm_print("\n");
  return 0;
}
