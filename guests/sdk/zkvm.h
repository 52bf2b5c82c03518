/* Guest SDK of the zkVM: the syscall ABI and helpers (see guests/README.md).
 *
 * Syscalls: `ecall` with the number in a7, arguments in a0..a2, result in a0,
 * numbered as Linux's. Inputs are committed and sit in memory at ZKVM_INPUT_ADDR;
 * hints are not committed and are read from fd 4; what is written to fd 3 is the
 * public output, hashed by the SDK (SHA-256) and handed to the host at exit.
 * Every SDK symbol starts with zkvm_ (or ZKVM_); the C library (picolibc) provides
 * the standard headers, and the SDK provides the hooks it needs (stdio.c). */
#ifndef ZKVM_H
#define ZKVM_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

#define ZKVM_SYS_READ 63
#define ZKVM_SYS_WRITE 64
#define ZKVM_SYS_EXIT 93

#define ZKVM_FD_STDOUT 1   /* debug output, not committed */
#define ZKVM_FD_STDERR 2   /* debug output, not committed */
#define ZKVM_FD_PUBLIC 3   /* public output: committed */
#define ZKVM_FD_HINTS 4    /* hint stream: not committed */

/* Memory map (must match link.ld and prover/riscv/memory-map.ts). */
#define ZKVM_INPUT_ADDR 0x20000000u   /* u32 length, then the input bytes; read-only */
#define ZKVM_INPUT_MAX (0x08000000u - 4u)
#define ZKVM_STACK_TOP 0x29000000u
#define ZKVM_HEAP_START 0x29000000u
#define ZKVM_HEAP_END 0x30000000u

#if defined(__riscv)
static inline long zkvm_syscall3(long n, long a0, long a1, long a2) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a2 __asm__("a2") = a2;
  register long r_a7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
  return r_a0;
}

/* The committed input, in place (zero copy). */
static inline uint32_t zkvm_input_len(void) { return *(const volatile uint32_t *)ZKVM_INPUT_ADDR; }
static inline const uint8_t *zkvm_input(void) { return (const uint8_t *)(ZKVM_INPUT_ADDR + 4); }
#else
/* A native build of a guest (host/zkvm_host.c): the same API over stdin (the input),
 * stdout/stderr, fd 3 (public output) and fd 4 (hints), for debugging and for the
 * differential tests. */
uint32_t zkvm_input_len(void);
const uint8_t *zkvm_input(void);
#endif
/* Sequential reads from the input; returns the bytes copied (fewer at its end). */
size_t zkvm_read_input(void *buf, size_t len);
uint32_t zkvm_input_u32(void);   /* next 4 input bytes, little-endian; panics if short */
uint64_t zkvm_input_u64(void);

/* Hints (fd 4): fills buf until len bytes or the stream ends; returns the count. */
size_t zkvm_read_hints(void *buf, size_t len);
uint32_t zkvm_hint_u32(void);    /* panics if the stream is short */
uint64_t zkvm_hint_u64(void);

/* Public output (fd 3): written to the host and added to the running SHA-256. */
void zkvm_commit(const void *buf, size_t len);
void zkvm_commit_u32(uint32_t v);   /* 4 bytes little-endian */
void zkvm_commit_u64(uint64_t v);   /* 8 bytes little-endian */

/* Debug output on fd 1 (not committed). */
void zkvm_write(int fd, const void *buf, size_t len);  /* fd 3 goes through zkvm_commit */
void zkvm_print(const char *s);
void zkvm_print_u64(uint64_t v);    /* decimal */
void zkvm_print_hex(const void *buf, size_t len);

/* 8-byte aligned memory from the heap [ZKVM_HEAP_START, ZKVM_HEAP_END) through sbrk,
 * so it coexists with malloc; never freed. Panics when the heap is exhausted. */
void *zkvm_alloc(size_t size);

/* Flushes stdout and stderr, finalises the SHA-256 of the public output and halts:
 * ecall 93 with a0 = code and a1 = address of the 8 digest words (H0..H7, each a
 * big-endian word of the digest). exit() and returning from main end up here. */
__attribute__((noreturn)) void zkvm_exit(int code);
/* Prints "panic: msg" on fd 2 and exits with code 1 (abort and assert do the same). */
__attribute__((noreturn)) void zkvm_panic(const char *msg);
#define zkvm_assert(cond, msg) do { if (!(cond)) zkvm_panic(msg); } while (0)

/* Writes out what printf & co. buffered for stdout and stderr (stdio.c); _drain: for
 * one fd (zkvm_write calls it, so printf and zkvm_print output stay in order). */
void zkvm_stdio_flush(void);
void zkvm_stdio_drain(int fd);
#ifdef __cplusplus
}
#endif
#endif
