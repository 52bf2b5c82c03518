/* A guest program: ordinary C with the standard library, plus the zkVM SDK for what
 * the proof is about. Reads n from the committed input, prints on stdout (debug
 * output: not part of the proof) and commits n and the sum 1 + ... + n as the public
 * output. Returning 0 means success; only such runs can be wrapped for the chain. */
#include <stdio.h>
#include <stdlib.h>
#include "zkvm.h"

int main(void) {
  uint32_t n = zkvm_input_len() >= 4 ? zkvm_input_u32() : 10;
  uint64_t *terms = malloc(((size_t)n + 1) * sizeof *terms);
  if (!terms) zkvm_panic("out of memory");
  uint64_t sum = 0;
  for (uint32_t i = 0; i <= n; i++) sum += terms[i] = i;
  printf("sum of 1..%u = %llu\n", (unsigned)n, (unsigned long long)sum);
  free(terms);
  zkvm_commit_u32(n);
  zkvm_commit_u64(sum);
  return 0;
}
