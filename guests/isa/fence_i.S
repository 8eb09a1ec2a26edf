# fence / fence.i: self-modifying code. Code written with ordinary stores
# becomes visible to instruction fetch after fence.i, including code that has
# already been executed (and may sit in a translation cache), 16-bit
# instructions, and a patch to a code location inside .text.
#include "htif_test.h"

#define ADDI_A0_ZERO(imm) (0x00000513 | ((imm) << 20))   /* addi a0, zero, imm */
#define RET_INSN          0x00008067                    /* jalr x0, 0(ra) */
#define C_LI_A0(imm)      (0x4501 | ((imm) << 2))        /* c.li a0, imm (0..31) */
#define C_JR_RA           0x8082                        /* c.jr ra */

TEST_BEGIN
  CASE(1)                               # write a function into the data buffer, run it
        la a1, codebuf
        li t0, ADDI_A0_ZERO(42); sw t0, 0(a1)
        li t0, RET_INSN; sw t0, 4(a1)
        fence.i
        li a0, 0
        jalr ra, 0(a1)
        CHECK(a0, 42)
  CASE(2)                               # overwrite the already-executed code
        la a1, codebuf
        li t0, ADDI_A0_ZERO(43); sw t0, 0(a1)
        fence.i
        jalr ra, 0(a1)
        CHECK(a0, 43)
  CASE(3)                               # run it many times then patch again
        li s0, 50
1:      jalr ra, 0(a1)
        addi s0, s0, -1
        bnez s0, 1b
        li t0, ADDI_A0_ZERO(-7); sw t0, 0(a1)
        fence.i
        jalr ra, 0(a1)
        CHECK(a0, -7)
  CASE(4)                               # 16-bit instructions written with sh
        la a1, codebuf
        li t0, C_LI_A0(17); sh t0, 0(a1)
        li t0, C_JR_RA; sh t0, 2(a1)
        fence.i
        jalr ra, 0(a1)
        CHECK(a0, 17)
  CASE(5)                               # a 32-bit instruction at a 2-byte aligned address
        la a1, codebuf
        li t0, C_LI_A0(1); sh t0, 0(a1)
        li t0, ADDI_A0_ZERO(99) & 0xffff; sh t0, 2(a1)
        li t0, ADDI_A0_ZERO(99) >> 16; sh t0, 4(a1)
        li t0, C_JR_RA; sh t0, 6(a1)
        fence.i
        jalr ra, 0(a1)
        CHECK(a0, 99)
  CASE(6)                               # patch a function in .text after it has run
        call patchme
        CHECK(a0, 1)
        la a1, patchme
        li t0, ADDI_A0_ZERO(2); sw t0, 0(a1)
        fence.i
        call patchme
        CHECK(a0, 2)
  CASE(7)                               # patch the very next instruction (in the same block)
        la a1, 2f
        li t0, ADDI_A0_ZERO(5); sw t0, 0(a1)
        fence.i
        .option push; .option norvc
2:      addi a0, zero, 4
        .option pop
        CHECK(a0, 5)
  CASE(8)                               # fence variants execute as no-ops here
        li a0, 3
        fence
        fence rw, rw
        fence r, r
        fence w, w
        fence iorw, iorw
        fence.tso
        CHECK(a0, 3)
  CASE(9)                               # store then load through a fence
        la a1, databuf
        li t0, 0x1234; sd t0, 0(a1)
        fence w, r
        ld a0, 0(a1)
        CHECK(a0, 0x1234)
TEST_END

        .option push; .option norvc
        .balign 4
patchme:
        addi a0, zero, 1
        ret
        .option pop

TEST_DATA_BEGIN
        .balign 64
codebuf: .skip 64
databuf: .dword 0
TEST_DATA_END
