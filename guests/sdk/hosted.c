/* Lets an SDK guest run under qemu-riscv32 (Linux user mode) as an independent
 * cross-check of the emulators. crt0 calls this only when sp is nonzero at entry,
 * which never happens in the zkVM (all registers start at zero), so a zkVM run never
 * executes it. It maps the zkVM's fixed regions (input, stack, heap) at their
 * addresses and reads the committed input from qemu's stdin into the input region:
 *   qemu-riscv32 guest.elf < input.bin 3> public.bin
 * Hints (fd 4) are whatever the caller opens as fd 4 (`4< hints.bin`). Only raw Linux
 * syscalls here: TLS and the C library are not set up yet. */
#include "zkvm.h"

#define LINUX_MMAP 222          /* mmap2 on rv32; the offset is 0 anyway */
#define PROT_RW 3
#define MAP_PRIVATE_ANON_FIXED 0x32

static long linux6(long n, long a0, long a1, long a2, long a3, long a4, long a5) {
  register long r0 __asm__("a0") = a0;
  register long r1 __asm__("a1") = a1;
  register long r2 __asm__("a2") = a2;
  register long r3 __asm__("a3") = a3;
  register long r4 __asm__("a4") = a4;
  register long r5 __asm__("a5") = a5;
  register long r7 __asm__("a7") = n;
  __asm__ volatile("ecall" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r7) : "memory");
  return r0;
}

void zkvm_hosted_setup(void) {
  long start = (long)ZKVM_INPUT_ADDR, size = (long)(ZKVM_HEAP_END - ZKVM_INPUT_ADDR);
  if (linux6(LINUX_MMAP, start, size, PROT_RW, MAP_PRIVATE_ANON_FIXED, -1, 0) != start) {
    zkvm_syscall3(ZKVM_SYS_EXIT, 125, 0, 0);
  }
  uint8_t *in = (uint8_t *)(ZKVM_INPUT_ADDR + 4);
  uint32_t len = 0;
  for (;;) {
    long n = zkvm_syscall3(ZKVM_SYS_READ, 0, (long)(in + len), (long)(ZKVM_INPUT_MAX - len));
    if (n <= 0) break;
    len += (uint32_t)n;
  }
  *(volatile uint32_t *)ZKVM_INPUT_ADDR = len;
}
