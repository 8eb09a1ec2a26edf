# RV64I shifts: sll slli srl srli sra srai (amounts 0, 1, 31, 32, 63; register
# amounts use only the low 6 bits)
#include "htif_test.h"
TEST_BEGIN
  TEST_RR(1,  sll, 0x8000000000000001, 0x8000000000000001, 0)
  TEST_RR(2,  sll, 2, 1, 1)
  TEST_RR(3,  sll, 0x80000000, 1, 31)
  TEST_RR(4,  sll, 0x100000000, 1, 32)
  TEST_RR(5,  sll, 0x8000000000000000, 1, 63)
  TEST_RR(6,  sll, 0xfffffffffffffffe, -1, 1)
  TEST_RR(7,  sll, 0xffffffff00000000, -1, 32)
  TEST_RR(8,  sll, 0x3456789abcdef000, 0x123456789abcdef, 12)
  TEST_RR(9,  sll, 2, 1, 65)                 # 65 & 63 = 1
  TEST_RR(10, sll, 0x8000000000000000, 1, -1) # -1 & 63 = 63
  TEST_RR(11, sll, 1, 1, 64)                 # 64 & 63 = 0
  TEST_RR(12, sll, 0x100000000, 1, 0xffffffffffffffe0)
  TEST_RI(13, slli, 0x8000000000000001, 0x8000000000000001, 0)
  TEST_RI(14, slli, 0x80000000, 1, 31)
  TEST_RI(15, slli, 0x100000000, 1, 32)
  TEST_RI(16, slli, 0x8000000000000000, 1, 63)
  TEST_RI(17, slli, 0x8000000000000000, 0xffffffffffffffff, 63)
  TEST_RI(18, slli, 0x2468acf13579bde0, 0x123456789abcdef0, 1)
  TEST_RR_SAME(19, sll, 24, 3)               # 3 << 3

  TEST_RR(20, srl, 0x8000000000000000, 0x8000000000000000, 0)
  TEST_RR(21, srl, 0x4000000000000000, 0x8000000000000000, 1)
  TEST_RR(22, srl, 0x100000000, 0x8000000000000000, 31)
  TEST_RR(23, srl, 0x80000000, 0x8000000000000000, 32)
  TEST_RR(24, srl, 1, 0x8000000000000000, 63)
  TEST_RR(25, srl, 0x00000000ffffffff, -1, 32)
  TEST_RR(26, srl, 1, -1, 63)
  TEST_RR(27, srl, 0x7fffffffffffffff, -1, 0x41)     # 0x41 & 63 = 1
  TEST_RR(28, srl, 0x0000000080000000, 0x80000000, 64)
  TEST_RI(29, srli, 0xffffffffffffffff, -1, 0)
  TEST_RI(30, srli, 0x1ffffffff, -1, 31)
  TEST_RI(31, srli, 0xffffffff, -1, 32)
  TEST_RI(32, srli, 1, -1, 63)
  TEST_RI(33, srli, 0x0123456789abcdef, 0x123456789abcdef0, 4)
  TEST_RI(34, srli, 0, 0x7fffffffffffffff, 63)

  TEST_RR(35, sra, 0x8000000000000000, 0x8000000000000000, 0)
  TEST_RR(36, sra, 0xc000000000000000, 0x8000000000000000, 1)
  TEST_RR(37, sra, 0xffffffff00000000, 0x8000000000000000, 31)
  TEST_RR(38, sra, 0xffffffff80000000, 0x8000000000000000, 32)
  TEST_RR(39, sra, -1, 0x8000000000000000, 63)
  TEST_RR(40, sra, 0, 0x7fffffffffffffff, 63)
  TEST_RR(41, sra, 0x3fffffffffffffff, 0x7fffffffffffffff, 1)
  TEST_RR(42, sra, 0x0000000080000000, 0x80000000, 0)   # bit 31 is not the sign
  TEST_RR(43, sra, 0xffffffffffffffff, -1, 0xffffffffffffffff)
  TEST_RR(44, sra, 0xc000000000000000, 0x8000000000000000, 0x7c1)
  TEST_RI(45, srai, 0x8000000000000000, 0x8000000000000000, 0)
  TEST_RI(46, srai, 0xffffffff00000000, 0x8000000000000000, 31)
  TEST_RI(47, srai, 0xffffffff80000000, 0x8000000000000000, 32)
  TEST_RI(48, srai, -1, 0x8000000000000000, 63)
  TEST_RI(49, srai, 0xfff123456789abcd, 0xf123456789abcdef, 8)
  TEST_RI(50, srai, 0x0000000000800000, 0x0000000080000000, 8)
  TEST_RI_DST1(51, srai, -2, -8, 2)
  TEST_RI(52, srai, 0, 0x7fffffffffffffff, 63)
TEST_END
