/* Compare workload: process entry. The kernel (Debian Linux or the small
 * kernel) enters _start with sp at argc (16-byte aligned, System V psABI for
 * RISC-V); the workload uses neither argv, envp nor auxv. _start calls main
 * and passes its result to exit_group (Linux riscv64 number 94). No libc, no
 * TLS, no gp relaxation (main is reached with gp unset). */
  .section .text._start, "ax"
  .globl _start
  .type _start, @function
_start:
  andi  sp, sp, -16
  call  main
  li    a7, 94              /* exit_group(a0) */
  ecall
1:
  j     1b
  .size _start, . - _start
