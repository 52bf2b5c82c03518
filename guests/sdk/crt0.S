/* Guest entry point. In the zkVM every register is zero at entry and memory already
 * holds the zero-filled image (guests/README.md), so crt0 only sets gp, sp and tp
 * (the TLS block), runs the C library's constructors and main, and leaves through
 * exit(): atexit handlers run, buffered stdout is flushed and zkvm_exit hands over
 * the output digest.
 *
 * Under qemu-riscv32 (Linux user mode) sp is already set: zkvm_hosted_setup maps the
 * zkVM's fixed regions there first, so that the same ELF runs as a cross-check. */
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  beqz sp, 1f
  call zkvm_hosted_setup   /* qemu only: the zkVM never gets here (sp = 0 at entry) */
1:
  la sp, __stack_top
  la tp, __tls_base
  call __libc_init_array
  li a0, 0                 /* argc = 0, argv = { NULL } */
  la a1, zkvm_argv
  call main
  call exit                /* a0 = main's return value; never returns */
2:
  j 2b

  /* Keeps .tdata non-empty, so the TLS block starts at __tls_base (link.ld). */
  .section .tdata.zkvm_tls_anchor, "awT", @progbits
  .balign 4
  .word 0

  .section .rodata.zkvm_argv, "a"
  .balign 4
zkvm_argv:
  .word 0
