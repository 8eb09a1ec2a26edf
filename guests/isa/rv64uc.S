# RV64C: every compressed instruction form, written with explicit c.*
# mnemonics so the assembler must emit the 16-bit encoding (verified with
# objdump by `make isa-check-rvc`). Link values of c.jalr are pc + 2.
#include "htif_test.h"
TEST_BEGIN
  .option push
  .option rvc
  la sp, cbuf                        # sp-relative forms work on cbuf
  # ---- CIW / CI: c.addi4spn c.addi c.addiw c.li c.lui c.addi16sp c.nop
  CASE(1);  c.addi4spn a0, sp, 4;   sub a0, a0, sp; CHECK(a0, 4)
  CASE(2);  c.addi4spn a1, sp, 1020; sub a1, a1, sp; CHECK(a1, 1020)
  CASE(3);  li a0, 10; c.addi a0, -11; CHECK(a0, -1)
  CASE(4);  li a0, 10; c.addi a0, 31; CHECK(a0, 41)
  CASE(5);  li a0, 0x7fffffff; c.addiw a0, 1; CHECK(a0, 0xffffffff80000000)
  CASE(6);  li a0, 0x1ffffffff; c.addiw a0, 0; CHECK(a0, -1)          # sext.w
  CASE(7);  c.li a0, -32; CHECK(a0, -32)
  CASE(8);  c.li a5, 31; CHECK(a5, 31)
  CASE(9);  c.lui a0, 1; CHECK(a0, 0x1000)
  CASE(10); c.lui a0, 0x1f; CHECK(a0, 0x1f000)
  CASE(11); c.lui a0, 0xfffe0; CHECK(a0, 0xfffffffffffe0000)           # nzimm sign-extended
  CASE(12); c.lui s1, 0xfffff; CHECK(s1, 0xfffffffffffff000)
  CASE(13); mv t0, sp; c.addi16sp sp, -512; sub a0, t0, sp; CHECK(a0, 512)
  CASE(14); c.addi16sp sp, 496; c.addi16sp sp, 16; CHECKR(sp, t0)
  CASE(15); li a0, 5; c.nop; CHECK(a0, 5)
  # ---- CI shifts and CB-format ALU immediates
  CASE(16); li a0, 1; c.slli a0, 63; CHECK(a0, 0x8000000000000000)
  CASE(17); li a0, 0x0123456789abcdef; c.slli a0, 32; CHECK(a0, 0x89abcdef00000000)
  CASE(18); li a0, 0x8000000000000000; c.srli a0, 63; CHECK(a0, 1)
  CASE(19); li a0, -1; c.srli a0, 32; CHECK(a0, 0xffffffff)
  CASE(20); li a0, 0x8000000000000000; c.srai a0, 63; CHECK(a0, -1)
  CASE(21); li a0, 0x8000000000000000; c.srai a0, 32; CHECK(a0, 0xffffffff80000000)
  CASE(22); li a0, 0x7fffffff00000000; c.srai a0, 1; CHECK(a0, 0x3fffffff80000000)
  CASE(23); li a0, -1; c.andi a0, -32; CHECK(a0, -32)
  CASE(24); li a0, 0x1234; c.andi a0, 15; CHECK(a0, 4)
  # ---- CA format
  CASE(25); li a0, 5; li a1, 7; c.sub a0, a1; CHECK(a0, -2)
  CASE(26); li a0, 0x0ff0; li a1, 0x00ff; c.xor a0, a1; CHECK(a0, 0x0f0f)
  CASE(27); li a0, 0x0ff0; li a1, 0x00ff; c.or a0, a1; CHECK(a0, 0x0fff)
  CASE(28); li a0, 0x0ff0; li a1, 0x00ff; c.and a0, a1; CHECK(a0, 0x00f0)
  CASE(29); li a0, 0x80000000; li a1, 1; c.subw a0, a1; CHECK(a0, 0x7fffffff)
  CASE(30); li a0, 0; li a1, 0x80000000; c.subw a0, a1; CHECK(a0, 0xffffffff80000000)
  CASE(31); li a0, 0x7fffffff; li a1, 1; c.addw a0, a1; CHECK(a0, 0xffffffff80000000)
  CASE(32); li a0, 0x100000001; li a1, 0x100000001; c.addw a0, a1; CHECK(a0, 2)
  # ---- CR format: c.mv c.add
  CASE(33); li a1, -123; c.mv t3, a1; CHECK(t3, -123)
  CASE(34); li t3, 0x7fffffffffffffff; li a1, 1; c.add t3, a1; CHECK(t3, 0x8000000000000000)
  # ---- CL / CS: c.lw c.ld c.fld c.sw c.sd c.fsd
  CASE(35); la s0, cdata; c.lw a0, 0(s0); CHECK(a0, 0xffffffff80000001)
  CASE(36); c.lw a1, 124(s0); CHECK(a1, 0x7ffffffe)
  CASE(37); c.ld a2, 8(s0); CHECK(a2, 0x0123456789abcdef)
  CASE(38); c.ld a3, 248(s0); CHECK(a3, 0xfedcba9876543210)
  CASE(39); c.fld fa0, 16(s0); CHECK_FD(fa0, 0x400921fb54442d18)
  CASE(40); la s1, cbuf; li a0, 0x11223344aabbccdd; c.sw a0, 4(s1); lwu a1, 4(s1); CHECK(a1, 0xaabbccdd)
  CASE(41); c.sd a0, 248(s1); ld a1, 248(s1); CHECK(a1, 0x11223344aabbccdd)
  CASE(42); c.fsd fa0, 16(s1); ld a1, 16(s1); CHECK(a1, 0x400921fb54442d18)
  CASE(43); li a0, 0x5555; c.sw a0, 124(s1); lw a1, 124(s1); CHECK(a1, 0x5555)
  # ---- CSS / CI sp-relative: c.swsp c.sdsp c.fsdsp c.lwsp c.ldsp c.fldsp
  CASE(44); li a0, 0xffffffff87654321; c.swsp a0, 252(sp); c.lwsp a1, 252(sp); CHECK(a1, 0xffffffff87654321)
  CASE(45); lwu a1, 252(sp); CHECK(a1, 0x87654321)
  CASE(46); li a0, 0x0102030405060708; c.sdsp a0, 504(sp); c.ldsp t4, 504(sp); CHECK(t4, 0x0102030405060708)
  CASE(47); c.sdsp a0, 0(sp); c.ldsp a2, 0(sp); CHECK(a2, 0x0102030405060708)
  CASE(48); li a0, 0xc000000000000000; fmv.d.x ft1, a0; c.fsdsp ft1, 256(sp); c.fldsp ft2, 256(sp); CHECK_FD(ft2, 0xc000000000000000)
  CASE(49); ld a1, 256(sp); CHECK(a1, 0xc000000000000000)
  CASE(50); c.lwsp t5, 0(sp); CHECK(t5, 0x05060708)
  # ---- control transfer: c.j c.jr c.jalr c.beqz c.bnez
  CASE(51); li a0, 0; c.j 1f; c.li a0, 1
1:      CHECK(a0, 0)
  CASE(52); li a0, 0; c.j 2f
1:      c.addi a0, 1; c.j 3f
2:      c.j 1b                        # backward
3:      CHECK(a0, 1)
  CASE(53); la a1, 1f; li a0, 0; c.jr a1; c.li a0, 1
1:      CHECK(a0, 0)
  CASE(54); la a1, 1f; c.jalr a1
2:      c.j fail_near
1:      la a2, 2b; CHECKR(ra, a2)                  # link = pc + 2
  CASE(55); la t1, 1f; c.jalr t1                   # rs1 read before the link is written
2:      c.j fail_near
1:      la a2, 2b; CHECKR(ra, a2)
  CASE(56); li s0, 0; c.beqz s0, 1f; c.j fail_near
1:      li s0, 1; c.beqz s0, fail_near
  CASE(57); li s0, 0x100000000; c.beqz s0, fail_near     # full 64-bit compare
  CASE(58); c.bnez s0, 1f; c.j fail_near
1:      li s0, 0; c.bnez s0, fail_near
  CASE(59); li a5, 3; li a0, 0
1:      c.addi a0, 2; c.addi a5, -1; c.bnez a5, 1b          # backward c.bnez
        CHECK(a0, 6)
  # ---- c.ebreak: breakpoint trap, mepc at the 16-bit instruction
  CASE(60); EXPECT_TRAP_ON
1:      c.ebreak
        EXPECT_TRAP_OFF
        CHECK(s9, 3)
        la a1, 1b; CHECKR(s11, a1)
  # ---- c.add / c.mv with rd aliasing, c.add to sp
  CASE(61); li a0, 21; c.add a0, a0; CHECK(a0, 42)
  CASE(62); mv t0, sp; li a1, 64; c.add sp, a1; sub a0, sp, t0; CHECK(a0, 64); mv sp, t0
  .option pop
  j 9f
fail_near:
  j fail
9:
TEST_END

TEST_DATA_BEGIN
        .balign 8
cdata:  .word 0x80000001, 0
        .dword 0x0123456789abcdef
        .dword 0x400921fb54442d18
        .skip 124 - 24
        .word 0x7ffffffe
        .skip 248 - 128
        .dword 0xfedcba9876543210
        .balign 16
cbuf:   .skip 1024
TEST_DATA_END
