# Zicsr: csrrw/csrrs/csrrc and the immediate forms (old value returned, x0
# source/destination rules), mscratch, fflags/frm/fcsr aliasing, mstatus.FS,
# misa, and illegal-instruction traps (mtval = encoding) for writes to
# read-only CSRs and accesses to a CSR that does not exist.
#include "htif_test.h"
TEST_BEGIN
  # ---- mscratch: full 64-bit read/write
  CASE(1);  li a1, 0x0123456789abcdef; csrw mscratch, a1; csrr a0, mscratch; CHECK(a0, 0x0123456789abcdef)
  CASE(2);  li a1, -1; csrrw a0, mscratch, a1; CHECK(a0, 0x0123456789abcdef); csrr a0, mscratch; CHECK(a0, -1)
  CASE(3);  li a1, 0xff; csrrc a0, mscratch, a1; CHECK(a0, -1); csrr a0, mscratch; CHECK(a0, 0xffffffffffffff00)
  CASE(4);  li a1, 0x8000000000000001; csrrs a0, mscratch, a1; CHECK(a0, 0xffffffffffffff00); csrr a0, mscratch; CHECK(a0, 0xffffffffffffff01)
  CASE(5);  csrrwi a0, mscratch, 31; CHECK(a0, 0xffffffffffffff01); csrr a0, mscratch; CHECK(a0, 31)
  CASE(6);  csrrci a0, mscratch, 0x11; CHECK(a0, 31); csrr a0, mscratch; CHECK(a0, 0x0e)
  CASE(7);  csrrsi a0, mscratch, 0x10; CHECK(a0, 0x0e); csrr a0, mscratch; CHECK(a0, 0x1e)
  CASE(8);  csrrsi a0, mscratch, 0; CHECK(a0, 0x1e); csrrci a0, mscratch, 0; CHECK(a0, 0x1e)
  CASE(9);  csrrs a0, mscratch, x0; CHECK(a0, 0x1e); csrrc a0, mscratch, x0; CHECK(a0, 0x1e)
  CASE(10); li a1, 5; csrrw x0, mscratch, a1; csrr a0, mscratch; CHECK(a0, 5)
  CASE(11); li a0, 7; csrrw a0, mscratch, a0; CHECK(a0, 5); csrr a1, mscratch; CHECK(a1, 7)   # rd == rs1
  CASE(12); csrwi mscratch, 0; csrsi mscratch, 3; csrci mscratch, 1; csrr a0, mscratch; CHECK(a0, 2)

  # ---- fflags / frm / fcsr are views of one register
  CASE(13); csrwi fcsr, 0; li a1, 0xff; csrw fcsr, a1; csrr a0, fflags; CHECK(a0, 0x1f); csrr a0, frm; CHECK(a0, 7)
  CASE(14); li a1, 0xfff; csrw fcsr, a1; csrr a0, fcsr; CHECK(a0, 0xff)          # bits 31:8 read as zero
  CASE(15); csrwi fcsr, 0; csrwi frm, 3; csrr a0, fcsr; CHECK(a0, 0x60); csrr a0, fflags; CHECK(a0, 0)
  CASE(16); li a1, 0xff; csrw fflags, a1; csrr a0, fcsr; CHECK(a0, 0x7f); csrr a0, frm; CHECK(a0, 3)
  CASE(17); csrrci a0, fflags, 0x3; CHECK(a0, 0x1f); csrr a0, fflags; CHECK(a0, 0x1c)
  CASE(18); csrrsi a0, frm, 4; CHECK(a0, 3); csrr a0, frm; CHECK(a0, 7); csrr a0, fcsr; CHECK(a0, 0xfc)
  CASE(19); csrrwi a0, fcsr, 0; CHECK(a0, 0xfc); csrr a0, fcsr; CHECK(a0, 0)
  CASE(20); li a1, 0x1d; csrw frm, a1; csrr a0, frm; CHECK(a0, 5); csrr a0, fcsr; CHECK(a0, 0xa0)  # frm is 3 bits
  CASE(21); csrwi fcsr, 0                        # flags accrue from FP ops
        li t0, 0x3f800000; fmv.w.x fa1, t0; fmv.w.x fa2, zero
        fdiv.s fa0, fa1, fa2                     # DZ
        li t0, 0x7f800001; fmv.w.x fa3, t0
        feq.s a0, fa3, fa3                       # NV
        csrr a0, fflags; CHECK(a0, DZ|NV)
        csrr a0, fcsr; CHECK(a0, DZ|NV)
  CASE(22); fadd.s fa0, fa1, fa1; csrr a0, fflags; CHECK(a0, DZ|NV)   # exact op leaves flags alone
  CASE(23); csrwi fcsr, 0x1f; csrr a0, fflags; CHECK(a0, 0x1f); csrwi fflags, 0; csrr a0, fcsr; CHECK(a0, 0)

  # ---- mstatus.FS: dirty after FP writes, SD summarises it; FS = Off makes FP illegal
  CASE(24); li t0, 0x6000; csrs mstatus, t0; csrr a0, mstatus; srli a0, a0, 63; CHECK(a0, 1)   # SD
  CASE(25); li t0, 0x6000; csrc mstatus, t0; li t0, 0x2000; csrs mstatus, t0
        fmv.w.x fa0, zero
        csrr a0, mstatus; srli a0, a0, 13; andi a0, a0, 3; CHECK(a0, 3)           # Initial -> Dirty
  li t0, 0x6000; csrc mstatus, t0                                                   # FS = Off
  TEST_TRAP(26, 2, 1: fadd.d fa0, fa1, fa2)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(27, 2, 1: csrr a0, fflags)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(28, 2, fmv.x.w a0, fa0)
  TEST_TRAP(29, 2, csrwi frm, 1)
  TEST_TRAP(30, 2, la a1, zbuf; flw fa0, 0(a1))
  li t0, 0x2000; csrs mstatus, t0                                                   # FS = Initial again
  TEST_TRAP(31, -1, fmv.w.x fa0, zero; csrr a0, fcsr)

  # ---- misa: RV64 with I M A F D C
  CASE(32); csrr a0, misa; srli a1, a0, 62; CHECK(a1, 2)
  CASE(33); li t0, (1<<8)|(1<<12)|(1<<0)|(1<<5)|(1<<3)|(1<<2); and a1, a0, t0; CHECKR(a1, t0)
  CASE(34); csrr a0, mhartid; CHECK(a0, 0)

  # ---- read-only CSRs: reads are fine, any write traps
  TEST_TRAP(35, -1, csrr a0, mvendorid; csrr a0, marchid; csrr a0, mimpid; csrrs a0, mhartid, x0; csrrsi a0, mhartid, 0)
  TEST_TRAP(36, 2, 1: csrw mhartid, a1)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(37, 2, 1: csrrs a0, mvendorid, t1)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(38, 2, 1: csrrci a0, marchid, 1)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(39, 2, 1: csrw cycle, a1)               # user counters are read-only
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(40, 2, csrwi instret, 0)
  TEST_TRAP(41, 2, li a0, 123; csrrw a0, mimpid, x0)  # csrrw writes even with rs1 = x0
  CHECK(a0, 123)                                      # rd not written on a trap
  # ---- non-existent CSR
  TEST_TRAP(42, 2, 1: csrr a0, 0x0ff)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(43, 2, 1: csrw 0x7ff, a1)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(44, 2, csrrsi a0, 0x8ff, 0)
  CASE(45); csrr a0, mscratch; CHECK(a0, 2)          # unchanged by all of the above
TEST_END

TEST_DATA_BEGIN
zbuf: .dword 0
TEST_DATA_END
