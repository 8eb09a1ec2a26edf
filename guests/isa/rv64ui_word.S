# RV64I *W forms: addw addiw subw sllw slliw srlw srliw sraw sraiw
# (32-bit result sign-extended to 64 bits; upper input bits ignored; register
# shift amounts use the low 5 bits)
#include "htif_test.h"
TEST_BEGIN
  TEST_RR(1,  addw, 0, 0, 0)
  TEST_RR(2,  addw, 3, 1, 2)
  TEST_RR(3,  addw, 0xffffffff80000000, 0x7fffffff, 1)     # overflow wraps
  TEST_RR(4,  addw, 0, 0xffffffff, 1)
  TEST_RR(5,  addw, 0x7fffffff, 0x80000000, 0xffffffff)
  TEST_RR(6,  addw, 5, 0x1234567800000002, 0xabcdef0000000003) # upper bits ignored
  TEST_RR(7,  addw, -2, -1, -1)
  TEST_RR(8,  addw, 0xffffffff80000000, 0x80000000, 0)      # sign-extends
  TEST_RI(9,  addiw, 0xffffffff80000000, 0x7fffffff, 1)
  TEST_RI(10, addiw, 0x7fffffff, 0x80000000, -1)
  TEST_RI(11, addiw, 0xffffffff80000000, 0x80000000, 0)     # sext.w
  TEST_RI(12, addiw, 0x7ff, 0x100000000, 2047)
  TEST_RI(13, addiw, -2048, 0, -2048)
  TEST_RI(14, addiw, 0xfffffffffffff7ff, 0xffffffff, -2048)
  CASE(15); li a1, 0x1ffffffff; sext.w a0, a1; CHECK(a0, -1)
  TEST_RR(16, subw, 0, 0, 0)
  TEST_RR(17, subw, -1, 0, 1)
  TEST_RR(18, subw, 0x7fffffff, 0x80000000, 1)
  TEST_RR(19, subw, 0xffffffff80000000, 0, 0x80000000)
  TEST_RR(20, subw, 0xffffffff80000001, 0x80000000, 0xffffffff)
  TEST_RR(21, subw, 1, 0xaaaaaaaa00000002, 0x5555555500000001)

  TEST_RR(22, sllw, 1, 1, 0)
  TEST_RR(23, sllw, 0xffffffff80000000, 1, 31)
  TEST_RR(24, sllw, 1, 1, 32)                                  # 32 & 31 = 0
  TEST_RR(25, sllw, 0xffffffff80000000, 1, 63)                 # 63 & 31 = 31
  TEST_RR(26, sllw, 0x12345678, 0xffffffff12345678, 0)         # sign extension of bit 31 = 0
  TEST_RR(27, sllw, 0xfffffffffffffff0, 0xffffffff, 4)
  TEST_RR(28, sllw, 0x00000000, 0x0000000100000000, 1)
  TEST_RI(29, slliw, 0xffffffff80000000, 1, 31)
  TEST_RI(30, slliw, 0, 0x80000000, 1)
  TEST_RI(31, slliw, 0x76543210, 0xf876543210, 0)
  TEST_RI(32, slliw, 0xffffffff87654321, 0x87654321, 0)
  TEST_RI(33, slliw, 0xffffffffabcdef00, 0x89abcdef, 8)

  TEST_RR(34, srlw, 0xffffffff80000000, 0x80000000, 0)         # shift by 0 still sign-extends
  TEST_RR(35, srlw, 0x40000000, 0x80000000, 1)
  TEST_RR(36, srlw, 1, 0x80000000, 31)
  TEST_RR(37, srlw, 0xffffffff80000000, 0x80000000, 32)
  TEST_RR(38, srlw, 1, 0x80000000, 63)
  TEST_RR(39, srlw, 0x0fffffff, 0xffffffffffffffff, 4)
  TEST_RR(40, srlw, 0x00000000, 0xffffffff00000000, 1)          # upper bits ignored
  TEST_RI(41, srliw, 0xffffffff80000000, 0x80000000, 0)
  TEST_RI(42, srliw, 1, 0xffffffff80000000, 31)
  TEST_RI(43, srliw, 0x7fffffff, -1, 1)
  TEST_RI(44, srliw, 0x00123456, 0x1234567800000000 + 0x12345678, 8)

  TEST_RR(45, sraw, 0xffffffff80000000, 0x80000000, 0)
  TEST_RR(46, sraw, 0xffffffffc0000000, 0x80000000, 1)
  TEST_RR(47, sraw, -1, 0x80000000, 31)
  TEST_RR(48, sraw, 0xffffffff80000000, 0x80000000, 32)
  TEST_RR(49, sraw, -1, 0x80000000, 63)
  TEST_RR(50, sraw, 0x3fffffff, 0x7fffffff, 1)
  TEST_RR(51, sraw, 0, 0xffffffff7fffffff, 31)
  TEST_RI(52, sraiw, 0xffffffff80000000, 0x80000000, 0)
  TEST_RI(53, sraiw, -1, 0x80000000, 31)
  TEST_RI(54, sraiw, 0xfffffffff8765432, 0x87654321, 4)
  TEST_RI(55, sraiw, 0x07654321 >> 4, 0xf07654321, 4)
  TEST_RI(56, sraiw, 0, 0x100000000, 1)
TEST_END
