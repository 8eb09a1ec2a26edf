/* HyperStep debug guest: synchronous exceptions for the DAP exception filters.
 *
 * Installs an M-mode trap handler that logs (mcause, mepc), skips the faulting
 * instruction (2 or 4 bytes, from the low bits of the parcel at mepc) and
 * returns. Then raises, in order:
 *   fault_illegal     illegal instruction           (mcause 2)
 *   fault_ebreak      breakpoint                    (mcause 3)
 *   fault_ecall       environment call from M-mode  (mcause 11)
 *   fault_misaligned  store/AMO address misaligned  (mcause 6; misaligned
 *                     plain loads/stores are emulated by the machine, AMOs trap)
 *   fault_load        load access fault             (mcause 5, address 0)
 * and exits through the SiFive test finisher with code 0 when the log matches
 * (FAIL | n << 16 otherwise: n = 1..5 first mismatching entry, 100 = count). */

#define FINISHER_BASE 0x100000
#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333

  .section .text.init, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  la    sp, __stack_top
  la    t0, trap_handler
  csrw  mtvec, t0
  la    s11, trap_log
  li    s10, 0

  .option push
  .option norvc
  .globl fault_illegal
fault_illegal:
  unimp /* csrrw zero, cycle, zero; BP:illegal */
  .globl fault_ebreak
fault_ebreak:
  ebreak /* BP:ebreak */
  .globl fault_ecall
fault_ecall:
  ecall /* BP:ecall */
  .option pop

  la    a0, misaligned_word
  addi  a0, a0, 1
  li    a1, 1
  .globl fault_misaligned
fault_misaligned:
  amoadd.w a2, a1, (a0) /* BP:misaligned */
  .globl fault_load
fault_load:
  ld    a2, 0(zero) /* BP:load */

  /* Compare the log with the expected (cause, pc) pairs. */
  li    a0, 100
  li    t0, 5
  bne   s10, t0, fail
  la    t1, expected
  mv    t2, s11
  li    a0, 1
check_loop:
  ld    t3, 0(t1)
  ld    t4, 0(t2)
  bne   t3, t4, fail
  ld    t3, 8(t1)
  ld    t4, 8(t2)
  bne   t3, t4, fail
  addi  t1, t1, 16
  addi  t2, t2, 16
  addi  a0, a0, 1
  li    t0, 6
  bltu  a0, t0, check_loop

  li    t0, FINISHER_BASE
  li    t1, FINISHER_PASS
  sw    t1, 0(t0) /* BP:pass */
1:
  j     1b

fail:
  li    t0, FINISHER_BASE
  slli  t1, a0, 16
  li    t2, FINISHER_FAIL
  or    t1, t1, t2
  sw    t1, 0(t0)
2:
  j     2b
  .size _start, . - _start

  .text
  .balign 4
  .globl trap_handler
  .type trap_handler, @function
trap_handler:
  csrr  t0, mcause /* BP:handler */
  slli  t1, s10, 4
  add   t1, t1, s11
  sd    t0, 0(t1)
  csrr  t0, mepc
  sd    t0, 8(t1)
  addi  s10, s10, 1
  lhu   t1, 0(t0)
  andi  t1, t1, 3
  li    t2, 3
  addi  t0, t0, 2
  bne   t1, t2, 1f
  addi  t0, t0, 2
1:
  csrw  mepc, t0
  mret
  .size trap_handler, . - trap_handler

  .section .rodata
  .balign 8
expected:
  .dword 2, fault_illegal
  .dword 3, fault_ebreak
  .dword 11, fault_ecall
  .dword 6, fault_misaligned
  .dword 5, fault_load

  .data
  .balign 8
misaligned_word:
  .dword 0
  .globl trap_log
trap_log:
  .zero 16 * 8
