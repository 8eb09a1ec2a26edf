# RV64I stores: sb sh sw sd (only the addressed bytes change, negative offsets)
#include "htif_test.h"
#define FILL(lbl) la a1, lbl; li t0, -1; sd t0, 0(a1); sd t0, 8(a1)
TEST_BEGIN
  CASE(1); FILL(sbuf); li a2, 0x1234567890abcd00; sb a2, 0(a1); ld a0, 0(a1); CHECK(a0, 0xffffffffffffff00)
  CASE(2); FILL(sbuf); li a2, 0x5a; sb a2, 7(a1); ld a0, 0(a1); CHECK(a0, 0x5affffffffffffff)
  CASE(3); FILL(sbuf); li a2, 0x11; sb a2, 3(a1); ld a0, 0(a1); CHECK(a0, 0xffffffff11ffffff)
  CASE(4); FILL(sbuf); li a2, 0xabcd; sh a2, 0(a1); ld a0, 0(a1); CHECK(a0, 0xffffffffffffabcd)
  CASE(5); FILL(sbuf); li a2, 0x0000; sh a2, 6(a1); ld a0, 0(a1); CHECK(a0, 0x0000ffffffffffff)
  CASE(6); FILL(sbuf); li a2, 0xffffffff12345678; sw a2, 0(a1); ld a0, 0(a1); CHECK(a0, 0xffffffff12345678)
  CASE(7); FILL(sbuf); li a2, 0; sw a2, 4(a1); ld a0, 0(a1); CHECK(a0, 0x00000000ffffffff)
  CASE(8); FILL(sbuf); li a2, 0x0123456789abcdef; sd a2, 8(a1); ld a0, 8(a1); CHECK(a0, 0x0123456789abcdef)
  CASE(9); ld a0, 0(a1); CHECK(a0, -1)
  TEST_ST(10, sb, lb, 0xffffffffffffff80, 0x80, sbuf, 0)
  TEST_ST(11, sb, lbu, 0x7f, 0x17f, sbuf, 1)
  TEST_ST(12, sh, lh, 0xffffffffffff8000, 0x8000, sbuf, 2)
  TEST_ST(13, sh, lhu, 0x8000, 0x8000, sbuf, 4)
  TEST_ST(14, sw, lw, 0xffffffff80000000, 0x80000000, sbuf, 8)
  TEST_ST(15, sw, lwu, 0x80000000, 0x80000000, sbuf, 12)
  TEST_ST(16, sd, ld, 0x8000000000000000, 0x8000000000000000, sbuf, 16)
  TEST_ST(17, sd, ld, 0x7fffffffffffffff, 0x7fffffffffffffff, sbuf_end, -8)
  TEST_ST(18, sw, lw, 0x12345678, 0x12345678, sbuf_end, -4)
  TEST_ST(19, sh, lh, 0x1234, 0x1234, sbuf_end, -2)
  TEST_ST(20, sb, lbu, 0xaa, 0xaa, sbuf_end, -1)
  # store x0
  CASE(21); la a1, sbuf; li t0, -1; sd t0, 0(a1); sd x0, 0(a1); ld a0, 0(a1); CHECK(a0, 0)
  # store then load of different width (little-endian composition)
  CASE(22); la a1, sbuf; li t0, 0x11; sb t0, 0(a1); li t0, 0x22; sb t0, 1(a1); li t0, 0x4433; sh t0, 2(a1)
          li t0, 0x88776655; sw t0, 4(a1); ld a0, 0(a1); CHECK(a0, 0x8877665544332211)
  # base register == data register
  CASE(23); la a1, sbuf; sd a1, 0(a1); ld a0, 0(a1); CHECKR(a0, a1)
TEST_END

TEST_DATA_BEGIN
sbuf:   .skip 32
sbuf_end: .dword 0
TEST_DATA_END
