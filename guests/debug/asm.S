/* HyperStep debug guest: hand-written assembly with line information (-g).
 *
 * _start calls sum_squares(5), which calls square() in a loop; check() then
 * compares the result with 55 and the program exits through the SiFive test
 * finisher: code 0 when it matches, otherwise FAIL | 1 << 16 (code 1).
 * Markers BP:<name> at the end of lines are found by the DAP tests. */

#define FINISHER_BASE 0x100000
#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333

  .section .text.init, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  la    sp, __stack_top /* BP:asmStart */
  li    a0, 5
  call  sum_squares /* BP:asmCall */
  call  check
  li    t0, FINISHER_BASE
  li    t1, FINISHER_PASS
  beqz  a0, 1f
  li    t1, FINISHER_FAIL | (1 << 16)
1:
  sw    t1, 0(t0) /* BP:asmExit */
2:
  j     2b
  .size _start, . - _start

  .text
/* long square(long x): x * x (a leaf function). */
  .globl square
  .type square, @function
square:
  .cfi_startproc
  mul   a0, a0, a0 /* BP:asmSquare */
  ret
  .cfi_endproc
  .size square, . - square

/* long sum_squares(long n): 1*1 + 2*2 + ... + n*n. */
  .globl sum_squares
  .type sum_squares, @function
sum_squares:
  .cfi_startproc
  addi  sp, sp, -32
  .cfi_def_cfa_offset 32
  sd    ra, 24(sp)
  sd    s0, 16(sp)
  sd    s1, 8(sp)
  sd    s2, 0(sp)
  .cfi_offset ra, -8
  .cfi_offset s0, -16
  .cfi_offset s1, -24
  .cfi_offset s2, -32
  mv    s2, a0
  li    s0, 0
  li    s1, 1
.Lloop:
  mv    a0, s1 /* BP:asmLoop */
  call  square
  add   s0, s0, a0
  addi  s1, s1, 1
  ble   s1, s2, .Lloop
  mv    a0, s0
  ld    ra, 24(sp)
  ld    s0, 16(sp)
  ld    s1, 8(sp)
  ld    s2, 0(sp)
  .cfi_restore ra
  .cfi_restore s0
  .cfi_restore s1
  .cfi_restore s2
  addi  sp, sp, 32
  .cfi_def_cfa_offset 0
  ret
  .cfi_endproc
  .size sum_squares, . - sum_squares

/* long check(long v): 0 when v == 55, else 1. */
  .globl check
  .type check, @function
check:
  .cfi_startproc
  addi  a0, a0, -55 /* BP:asmCheck */
  snez  a0, a0
  ret
  .cfi_endproc
  .size check, . - check
