/* SHA-256 of the whole input, in plain C. Public output: the 32-byte digest. */
#include "zkvm.h"
#include "zkvm_sha256.h"

int main(void) {
  zkvm_sha256_ctx c;
  uint8_t digest[32];
  zkvm_sha256_init(&c);
  zkvm_sha256_update(&c, zkvm_input(), zkvm_input_len());
  zkvm_sha256_final(&c);
  zkvm_sha256_digest_bytes(&c, digest);
  zkvm_commit(digest, 32);
  return 0;
}
