/* The SDK's API for a native build of a guest, to debug it with the host's tools and
 * to compare it with the zkVM run (test/riscv/differential.test.ts):
 *   cc -O2 -I guests/sdk guests/sdk/host/zkvm_host.c guests/sdk/sha256.c main.c -lm
 *   ./a.out < input.bin 3> public.bin 4< hints.bin
 * The input is all of stdin, read at start-up; stdin then reads it again from its
 * start, sharing the position of zkvm_read_input as in the guest. The public output
 * goes to fd 3 and hints come from fd 4, when the caller opens them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "zkvm.h"

static uint8_t *input;
static size_t input_len;

__attribute__((constructor)) static void read_input(void) {
  size_t cap = 1 << 16;
  input = malloc(cap);
  for (;;) {
    if (input_len == cap) input = realloc(input, cap *= 2);
    size_t n = fread(input + input_len, 1, cap - input_len, stdin);
    if (n == 0) break;
    input_len += n;
  }
  stdin = fmemopen(input_len ? input : (uint8_t *)"", input_len, "r");
}

uint32_t zkvm_input_len(void) { return (uint32_t)input_len; }
const uint8_t *zkvm_input(void) { return input; }
size_t zkvm_read_input(void *buf, size_t len) { return fread(buf, 1, len, stdin); }

static void read_exact(size_t (*rd)(void *, size_t), void *b, size_t n, const char *what) {
  if (rd(b, n) != n) zkvm_panic(what);
}
uint32_t zkvm_input_u32(void) {
  uint8_t b[4];
  read_exact(zkvm_read_input, b, 4, "input too short");
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
uint64_t zkvm_input_u64(void) {
  uint64_t lo = zkvm_input_u32();
  return lo | (uint64_t)zkvm_input_u32() << 32;
}

size_t zkvm_read_hints(void *buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = read(ZKVM_FD_HINTS, (uint8_t *)buf + got, len - got);
    if (n <= 0) break;
    got += (size_t)n;
  }
  return got;
}
uint32_t zkvm_hint_u32(void) {
  uint8_t b[4];
  read_exact(zkvm_read_hints, b, 4, "hint stream too short");
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}
uint64_t zkvm_hint_u64(void) {
  uint64_t lo = zkvm_hint_u32();
  return lo | (uint64_t)zkvm_hint_u32() << 32;
}

void zkvm_write(int fd, const void *buf, size_t len) {
  if (fd == ZKVM_FD_STDOUT || fd == ZKVM_FD_STDERR) {
    fwrite(buf, 1, len, fd == ZKVM_FD_STDOUT ? stdout : stderr);
    return;
  }
  fflush(stdout);
  if (write(fd, buf, len) != (ssize_t)len) { fprintf(stderr, "zkvm_host: cannot write fd %d\n", fd); exit(125); }
}
void zkvm_commit(const void *buf, size_t len) { zkvm_write(ZKVM_FD_PUBLIC, buf, len); }
void zkvm_commit_u32(uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  zkvm_commit(b, 4);
}
void zkvm_commit_u64(uint64_t v) {
  zkvm_commit_u32((uint32_t)v);
  zkvm_commit_u32((uint32_t)(v >> 32));
}
void zkvm_print(const char *s) { zkvm_write(ZKVM_FD_STDOUT, s, strlen(s)); }
void zkvm_print_u64(uint64_t v) { printf("%llu", (unsigned long long)v); }
void zkvm_print_hex(const void *buf, size_t len) {
  for (size_t i = 0; i < len; i++) printf("%02x", ((const uint8_t *)buf)[i]);
}
void *zkvm_alloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p) zkvm_panic("heap exhausted");
  return p;
}
void zkvm_stdio_flush(void) { fflush(stdout); fflush(stderr); }
void zkvm_stdio_drain(int fd) { fflush(fd == ZKVM_FD_STDERR ? stderr : stdout); }
void zkvm_exit(int code) { exit(code); }
void zkvm_panic(const char *msg) {
  fflush(stdout);
  fprintf(stderr, "panic: %s\n", msg);
  exit(1);
}
