/* HyperStep guest library: M-mode startup for the `virt` board.
 *
 * Entered at 0x80000000 in M-mode with `-bios none`. Hart 0 sets up gp/sp,
 * installs a trap vector that reports unexpected traps, enables the FPU,
 * clears .bss, calls main() and passes its return value to exit(), which
 * writes the SiFive test finisher. Other harts (if any) park in wfi. */

  .file "crt0.S"

#define MSTATUS_FS_INITIAL (1 << 13)

  .section .text.init, "ax", @progbits
  .globl _start
_start:
  csrr  t0, mhartid
  bnez  t0, .Lpark

  .option push
  .option norelax
  la    gp, __global_pointer$
  .option pop
  la    sp, __stack_top

  la    t0, __virt_trap_entry
  csrw  mtvec, t0

  li    t0, MSTATUS_FS_INITIAL
  csrs  mstatus, t0
  csrwi fcsr, 0

  la    t0, __bss_start
  la    t1, __bss_end
1:
  bgeu  t0, t1, 2f
  sd    zero, 0(t0)
  addi  t0, t0, 8
  j     1b
2:
  li    a0, 0
  li    a1, 0
  call  main
  call  exit
.Lpark:
  wfi
  j     .Lpark

/* Unexpected trap in M-mode: hand the CSRs to C, which reports and fails.
 * The handler never returns, so nothing needs saving. */
  .text
  .balign 4
  .globl __virt_trap_entry
__virt_trap_entry:
  .option push
  .option norelax
  la    gp, __global_pointer$
  .option pop
  la    sp, __stack_top
  csrr  a0, mcause
  csrr  a1, mepc
  csrr  a2, mtval
  call  __virt_trap
1:
  j     1b
