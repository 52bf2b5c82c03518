/* Guest SDK runtime: syscall wrappers, the input and hint streams, the running
 * SHA-256 of the public output and the exit protocol. */
#include <string.h>
#include "zkvm.h"
#include "zkvm_sha256.h"

void *sbrk(ptrdiff_t incr);      /* picolibc's, over [__heap_start, __heap_end) */

static zkvm_sha256_ctx public_hash;     /* over every byte committed to fd 3 */
static int public_hash_ready;
static uint32_t input_pos;

static zkvm_sha256_ctx *public_ctx(void) {
  if (!public_hash_ready) { zkvm_sha256_init(&public_hash); public_hash_ready = 1; }
  return &public_hash;
}

size_t zkvm_read_input(void *buf, size_t len) {
  uint32_t total = zkvm_input_len();
  size_t left = total - input_pos;
  if (len > left) len = left;
  memcpy(buf, zkvm_input() + input_pos, len);
  input_pos += len;
  return len;
}

uint32_t zkvm_input_u32(void) {
  uint8_t b[4];
  if (zkvm_read_input(b, 4) != 4) zkvm_panic("input too short");
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint64_t zkvm_input_u64(void) {
  uint64_t lo = zkvm_input_u32();
  return lo | (uint64_t)zkvm_input_u32() << 32;
}

size_t zkvm_read_hints(void *buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    long n = zkvm_syscall3(ZKVM_SYS_READ, ZKVM_FD_HINTS, (long)((uint8_t *)buf + got), (long)(len - got));
    if (n <= 0) break;
    got += (size_t)n;
  }
  return got;
}

uint32_t zkvm_hint_u32(void) {
  uint8_t b[4];
  if (zkvm_read_hints(b, 4) != 4) zkvm_panic("hint stream too short");
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint64_t zkvm_hint_u64(void) {
  uint64_t lo = zkvm_hint_u32();
  return lo | (uint64_t)zkvm_hint_u32() << 32;
}

void zkvm_commit(const void *buf, size_t len) {
  zkvm_sha256_update(public_ctx(), buf, len);
  zkvm_syscall3(ZKVM_SYS_WRITE, ZKVM_FD_PUBLIC, (long)buf, (long)len);
}

void zkvm_commit_u32(uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  zkvm_commit(b, 4);
}

void zkvm_commit_u64(uint64_t v) {
  zkvm_commit_u32((uint32_t)v);
  zkvm_commit_u32((uint32_t)(v >> 32));
}

void zkvm_write(int fd, const void *buf, size_t len) {
  if (fd == ZKVM_FD_PUBLIC) { zkvm_commit(buf, len); return; }
  zkvm_stdio_drain(fd);   /* what printf buffered for this fd goes first */
  zkvm_syscall3(ZKVM_SYS_WRITE, fd, (long)buf, (long)len);
}

void zkvm_print(const char *s) { zkvm_write(ZKVM_FD_STDOUT, s, strlen(s)); }

void zkvm_print_u64(uint64_t v) {
  char buf[21];
  int i = 20;
  buf[i] = 0;
  do { buf[--i] = (char)('0' + v % 10); v /= 10; } while (v);
  zkvm_print(buf + i);
}

void zkvm_print_hex(const void *buf, size_t len) {
  static const char digits[] = "0123456789abcdef";
  const uint8_t *p = buf;
  char pair[2];
  for (size_t i = 0; i < len; i++) {
    pair[0] = digits[p[i] >> 4];
    pair[1] = digits[p[i] & 15];
    zkvm_write(ZKVM_FD_STDOUT, pair, 2);
  }
}

/* Through picolibc's sbrk (the same break malloc grows), padded to 8 bytes. */
void *zkvm_alloc(size_t size) {
  uintptr_t brk = (uintptr_t)sbrk(0);
  size_t pad = (8 - (brk & 7)) & 7;
  if (size > ZKVM_HEAP_END - ZKVM_HEAP_START) zkvm_panic("heap exhausted");
  void *p = sbrk((intptr_t)(pad + size));
  if (p == (void *)-1) zkvm_panic("heap exhausted");
  return (uint8_t *)p + pad;
}

void zkvm_exit(int code) {
  zkvm_stdio_flush();
  zkvm_sha256_ctx *c = public_ctx();
  zkvm_sha256_final(c);
  register long a0 __asm__("a0") = code;
  register long a1 __asm__("a1") = (long)c->h;
  register long a7 __asm__("a7") = ZKVM_SYS_EXIT;
  __asm__ volatile("ecall" : : "r"(a0), "r"(a1), "r"(a7) : "memory");
  __builtin_unreachable();
}

void zkvm_panic(const char *msg) {
  zkvm_stdio_flush();
  zkvm_write(ZKVM_FD_STDERR, "panic: ", 7);
  zkvm_write(ZKVM_FD_STDERR, msg, strlen(msg));
  zkvm_write(ZKVM_FD_STDERR, "\n", 1);
  zkvm_exit(1);
}
