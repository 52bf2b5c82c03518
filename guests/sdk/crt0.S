/* Guest entry point: set gp and sp, zero .bss, run main, exit with its return value.
 * zkvm_exit (zkvm.c) finalises the SHA-256 of the public output before halting. */
  .section .text.start, "ax"
  .globl _start
_start:
  .option push
  .option norelax
  la gp, __global_pointer$
  .option pop
  la sp, __stack_top
  la t0, __bss_start
  la t1, __bss_end
1:
  bgeu t0, t1, 2f
  sw zero, 0(t0)
  addi t0, t0, 4
  j 1b
2:
  call main
  call zkvm_exit      /* a0 = main's return value; never returns */
3:
  j 3b
