# RV64I loads: lb lbu lh lhu lw lwu ld (sign/zero extension, negative offsets,
# rd == rs1)
#include "htif_test.h"
TEST_BEGIN
  TEST_LD(1,  lb, 0xffffffffffffff80, ldata, 0)
  TEST_LD(2,  lb, 0x7f, ldata, 1)
  TEST_LD(3,  lb, 0xffffffffffffffff, ldata, 2)
  TEST_LD(4,  lb, 0, ldata, 3)
  TEST_LD(5,  lbu, 0x80, ldata, 0)
  TEST_LD(6,  lbu, 0x7f, ldata, 1)
  TEST_LD(7,  lbu, 0xff, ldata, 2)
  TEST_LD(8,  lh, 0x7f80, ldata, 0)
  TEST_LD(9,  lh, 0x00ff, ldata, 2)
  TEST_LD(10, lh, 0xffffffffffff8001, hdata, 0)
  TEST_LD(11, lh, 0x7fff, hdata, 2)
  TEST_LD(12, lhu, 0x8001, hdata, 0)
  TEST_LD(13, lhu, 0xffff, hdata, 4)
  TEST_LD(14, lh, -1, hdata, 4)
  TEST_LD(15, lw, 0xffffffff80000001, wdata, 0)
  TEST_LD(16, lw, 0x7fffffff, wdata, 4)
  TEST_LD(17, lw, 0xffffffffffffffff, wdata, 8)
  TEST_LD(18, lwu, 0x80000001, wdata, 0)
  TEST_LD(19, lwu, 0x7fffffff, wdata, 4)
  TEST_LD(20, lwu, 0xffffffff, wdata, 8)
  TEST_LD(21, ld, 0x8000000000000001, ddata, 0)
  TEST_LD(22, ld, 0x0123456789abcdef, ddata, 8)
  TEST_LD(23, ld, 0xffffffffffffffff, ddata, 16)
  # negative offsets
  TEST_LD(24, ld, 0x0123456789abcdef, ddata_end, -16)
  TEST_LD(25, lw, 0x7fffffff, ddata, -12)
  TEST_LD(26, lbu, 0xef, ddata_end, -16)
  TEST_LD(27, lb, 0x01, ddata_end, -9)
  # little-endian byte order inside a doubleword
  TEST_LD(28, lw, 0xffffffff89abcdef, ddata, 8)
  TEST_LD(29, lw, 0x01234567, ddata, 12)
  TEST_LD(30, lhu, 0x4567, ddata, 12)
  # rd == rs1
  CASE(31); la a0, ddata; ld a0, 8(a0); CHECK(a0, 0x0123456789abcdef)
  # load into x0 is discarded
  CASE(32); la a1, ddata; ld x0, 0(a1); CHECK(x0, 0)
  # large offsets
  CASE(33); la a1, ddata; addi a1, a1, 2047; ld a0, -2047(a1); CHECK(a0, 0x8000000000000001)
  CASE(34); la a1, ddata; addi a1, a1, -2047; ld a0, 2047(a1); CHECK(a0, 0x8000000000000001)
TEST_END

TEST_DATA_BEGIN
ldata:  .byte 0x80, 0x7f, 0xff, 0x00, 0, 0, 0, 0
hdata:  .half 0x8001, 0x7fff, 0xffff, 0x0000
wdata:  .word 0x80000001, 0x7fffffff, 0xffffffff, 0
ddata:  .dword 0x8000000000000001, 0x0123456789abcdef, 0xffffffffffffffff
ddata_end:
TEST_DATA_END
