# RV64I jumps: jal jalr (link value, rd == rs1, LSB clearing, negative offset)
#include "htif_test.h"
TEST_BEGIN
  CASE(1)
        jal ra, 1f
2:      j fail
1:      la a1, 2b
        CHECKR(ra, a1)
  CASE(2)                           # jal x0 = j: no link
        li t0, 77; mv a0, t0
        jal x0, 1f
        j fail
1:      CHECK(a0, 77)
  CASE(3)                           # jal with a different link register
        jal a0, 1f
2:      j fail
1:      la a1, 2b
        CHECKR(a0, a1)
  CASE(4)                           # jalr with offset
        .option push; .option norvc
        la a1, 1f
        jalr ra, -8(a1)
        j fail
        j 3f                        # target: 1b - 8
        nop
1:      j fail
3:      nop
        .option pop
  CASE(5)                           # jalr link value
        la a1, 1f
        jalr a0, 0(a1)
2:      j fail
1:      la a2, 2b
        CHECKR(a0, a2)
  CASE(6)                           # jalr rd == rs1: target uses the old value
        la a0, 1f
        jalr a0, 0(a0)
2:      j fail
1:      la a2, 2b
        CHECKR(a0, a2)
  CASE(7)                           # jalr clears bit 0 of the target
        la a1, 1f
        addi a1, a1, 1
        jalr ra, 0(a1)
        j fail
1:      nop
  CASE(8)                           # jalr: odd immediate also cleared
        la a1, 1f
        jalr ra, 3(a1)              # (1f + 3) & ~1 = 1f + 2
        j fail
        .option push; .option norvc
1:      .half 0x0001                # skipped half-word; never executed
        j 4f
        j fail
4:      nop
        .option pop
  CASE(9)                           # call / ret
        li a0, 0
        call sub_inc
        call sub_inc
        CHECK(a0, 2)
  CASE(10)                          # backward jal
        li a0, 0
        j 2f
1:      addi a0, a0, 5
        j 3f
2:      jal x0, 1b
3:      CHECK(a0, 5)
  CASE(11)                          # jalr x0 (jr) does not link
        li ra, 1234
        la a1, 1f
        jr a1
1:      CHECK(ra, 1234)
TEST_END

sub_inc:
        addi a0, a0, 1
        ret
