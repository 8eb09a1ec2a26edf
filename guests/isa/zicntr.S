# Zicntr: rdcycle / rdtime / rdinstret (and mcycle / minstret) are monotonic;
# instret advances by exactly one per retired instruction (16- and 32-bit).
# QEMU 7.2's spike board has no rdtime source (the time CSR traps there);
# build with -DQEMU72_QUIRKS to read mtime from the CLINT instead when
# validating this program on QEMU.
#include "htif_test.h"
#ifdef QEMU72_QUIRKS
#define RDTIME(r) li r, 0x0200bff8; ld r, 0(r)
#else
#define RDTIME(r) rdtime r
#endif
TEST_BEGIN
  CASE(1); rdcycle a0; nop; rdcycle a1; bltu a1, a0, fail
  CASE(2); rdinstret a0; nop; rdinstret a1; bgeu a0, a1, fail          # strictly increasing
  CASE(3); RDTIME(a0); li t0, 1000
1:      RDTIME(a1); bltu a1, a0, fail; mv a0, a1; addi t0, t0, -1; bnez t0, 1b
  CASE(4); rdcycle a0; li t0, 1000
1:      rdcycle a1; bltu a1, a0, fail; mv a0, a1; addi t0, t0, -1; bnez t0, 1b
  CASE(5); RDTIME(a0); li t0, 100000                                     # time moves eventually
1:      addi t0, t0, -1; bnez t0, 1b
        RDTIME(a1); bgeu a0, a1, fail
  .option push
  .option norvc
  CASE(6)                           # N = 10 32-bit instructions in between -> delta 11
        rdinstret a0
        nop; nop; nop; nop; nop; nop; nop; nop; nop; nop
        rdinstret a1
        sub a1, a1, a0; CHECK(a1, 11)
  CASE(7)                           # 0 instructions in between -> delta 1
        rdinstret a0
        rdinstret a1
        sub a1, a1, a0; CHECK(a1, 1)
  CASE(8)                           # a taken branch, a jump and a load count once each
        la a2, zword
        rdinstret a0
        beq x0, x0, 1f
        nop
1:      j 2f
        nop
2:      ld a3, 0(a2)
        rdinstret a1
        sub a1, a1, a0; CHECK(a1, 4)
  CASE(9)                           # a loop of 3 instructions x 100 iterations + li
        rdinstret a0
        li t0, 100
3:      addi t0, t0, -1
        nop
        bnez t0, 3b
        rdinstret a1
        sub a1, a1, a0; CHECK(a1, 302)
  CASE(10)                          # minstret is the same counter
        csrr a0, minstret
        nop; nop; nop
        csrr a1, minstret
        sub a1, a1, a0; CHECK(a1, 4)
  CASE(11)
        rdinstret a0
        csrr a1, minstret
        sub a1, a1, a0; CHECK(a1, 1)
  .option pop
  .option push
  .option rvc
  CASE(12)                          # 16-bit instructions count as one each
        rdinstret a0
        c.nop; c.nop; c.nop; c.nop; c.addi a0, 0
        rdinstret a1
        sub a1, a1, a0; CHECK(a1, 6)
  .option pop
  CASE(13); csrr a0, mcycle; csrr a1, mcycle; bltu a1, a0, fail
  CASE(14)                          # rdinstret 64-bit value grows across many instructions
        rdinstret a0
        li t0, 1000
4:      addi t0, t0, -1
        bnez t0, 4b
        rdinstret a1
        sub a1, a1, a0; CHECK(a1, 2002)
TEST_END

TEST_DATA_BEGIN
zword: .dword 0
TEST_DATA_END
