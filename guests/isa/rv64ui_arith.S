# RV64I register/immediate arithmetic and logic: add addi sub and andi or ori xor xori
#include "htif_test.h"
TEST_BEGIN
  # add: basic, carries across the 32-bit boundary, 64-bit wrap
  TEST_RR(1,  add, 0, 0, 0)
  TEST_RR(2,  add, 5, 2, 3)
  TEST_RR(3,  add, -1, 0, -1)
  TEST_RR(4,  add, 0x100000000, 0xffffffff, 1)
  TEST_RR(5,  add, 0x0000000080000000, 0x7fffffff, 1)
  TEST_RR(6,  add, 0x8000000000000000, 0x7fffffffffffffff, 1)
  TEST_RR(7,  add, 0, 0x8000000000000000, 0x8000000000000000)
  TEST_RR(8,  add, 0xfffffffffffffffe, -1, -1)
  TEST_RR(9,  add, 0x123456789abcdef0 + 0x0fedcba987654321, 0x123456789abcdef0, 0x0fedcba987654321)
  TEST_RR_DST1(10, add, 30, 10, 20)
  TEST_RR_DST2(11, add, 31, 10, 21)
  TEST_RR_SAME(12, add, 0x2468, 0x1234)
  TEST_RR_ZERODST(13, add, 7, 8)

  # addi: 12-bit sign-extended immediate
  TEST_RI(14, addi, 0, 0, 0)
  TEST_RI(15, addi, 2047, 0, 2047)
  TEST_RI(16, addi, -2048, 0, -2048)
  TEST_RI(17, addi, 0xffffffffffffffff, 0, -1)
  TEST_RI(18, addi, 0x8000000000000000, 0x7fffffffffffffff, 1)
  TEST_RI(19, addi, 0x7fffffffffffffff, 0x8000000000000000, -1)
  TEST_RI(20, addi, 0x100000000, 0xffffffff, 1)
  TEST_RI(21, addi, 0x80000000, 0x7fffffff, 1)
  TEST_RI(22, addi, 0xfffffffffffff800 + 5, 5, -2048)
  TEST_RI_DST1(23, addi, 24, 13, 11)
  CASE(24); addi x0, x0, 5; CHECK(x0, 0)

  # sub
  TEST_RR(25, sub, 0, 0, 0)
  TEST_RR(26, sub, -1, 0, 1)
  TEST_RR(27, sub, 0x7fffffffffffffff, 0x8000000000000000, 1)
  TEST_RR(28, sub, 0x8000000000000000, 0, 0x8000000000000000)
  TEST_RR(29, sub, 0xffffffff, 0x100000000, 1)
  TEST_RR(30, sub, 0xffffffff80000000, 0, 0x80000000)
  TEST_RR(31, sub, 2, -1, -3)
  TEST_RR_SAME(32, sub, 0, 0x5555)
  TEST_RR_DST1(33, sub, 7, 10, 3)
  TEST_RR_DST2(34, sub, -7, 3, 10)

  # and / andi
  TEST_RR(35, and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
  TEST_RR(36, and, 0, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa)
  TEST_RR(37, and, 0xffffffffffffffff, -1, -1)
  TEST_RI(38, andi, 0x0000000000000700, 0xff00ff00ff00ff00, 0x70f)
  TEST_RI(39, andi, 0xff00ff00ff00ff00, 0xff00ff00ff00ff00, -1)
  TEST_RI(40, andi, 0xff00ff00ff00f800, 0xff00ff00ff00ff00, -2048)
  TEST_RI(41, andi, 0x7ff, -1, 0x7ff)
  TEST_RR_SAME(42, and, 0x1234567890abcdef, 0x1234567890abcdef)

  # or / ori
  TEST_RR(43, or, 0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
  TEST_RR(44, or, -1, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa)
  TEST_RR(45, or, 0, 0, 0)
  TEST_RI(46, ori, 0xff00ff00ff00ff0f, 0xff00ff00ff00ff00, 0x00f)
  TEST_RI(47, ori, -1, 0, -1)
  TEST_RI(48, ori, 0xfffffffffffff800, 0, -2048)
  TEST_RI(49, ori, 0x00ff00ff00ff07ff, 0x00ff00ff00ff00ff, 0x7ff)
  TEST_RR_DST2(50, or, 0x3, 1, 2)

  # xor / xori (xori -1 is NOT)
  TEST_RR(51, xor, 0xf00ff00ff00ff00f, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f)
  TEST_RR(52, xor, -1, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa)
  TEST_RR_SAME(53, xor, 0, 0x123456789)
  TEST_RI(54, xori, 0xfedcba9876543210, 0x0123456789abcdef, -1)
  TEST_RI(55, xori, 0x00ff00ff00ff0700, 0x00ff00ff00ff00ff, 0x7ff)
  TEST_RI(56, xori, 0xfffffffffffff87f, 0x7f, -2048)
  TEST_RI(57, xori, 0x0ff, 0, 0x0ff)

  # nop / mv / neg / not pseudo-instructions
  CASE(58); li a0, 42; nop; CHECK(a0, 42)
  CASE(59); li a1, -77; mv a0, a1; CHECK(a0, -77)
  CASE(60); li a1, 0x8000000000000000; neg a0, a1; CHECK(a0, 0x8000000000000000)
  CASE(61); li a1, 0; not a0, a1; CHECK(a0, -1)
TEST_END
