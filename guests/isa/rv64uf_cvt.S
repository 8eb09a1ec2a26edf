# RV64F conversions: fcvt.{w,wu,l,lu}.s for in-range, boundary, out-of-range
# (saturating, NV), +-inf and NaN inputs; fcvt.s.{w,wu,l,lu} (only the low 32 bits of
# the source for w/wu). Result bits and fflags checked each time.
#include "htif_test.h"
TEST_BEGIN
  # fcvt.w.s (32-bit results sign-extended; out of range / NaN saturate with NV)
  TEST_FCVT_X_S(1, fcvt.w.s, rtz, 0x0000000000000000, 0, 0x00000000)  # +0
  TEST_FCVT_X_S(2, fcvt.w.s, rtz, 0x0000000000000000, 0, 0x80000000)  # -0
  TEST_FCVT_X_S(3, fcvt.w.s, rtz, 0x0000000000000001, 0, 0x3f800000)  # 1.0
  TEST_FCVT_X_S(4, fcvt.w.s, rtz, 0xffffffffffffffff, 0, 0xbf800000)  # -1.0
  TEST_FCVT_X_S(5, fcvt.w.s, rtz, 0x0000000000000000, NX, 0x3f000000)  # 0.5
  TEST_FCVT_X_S(6, fcvt.w.s, rtz, 0x0000000000000000, NX, 0xbf666666)  # -0.9
  TEST_FCVT_X_S(7, fcvt.w.s, rtz, 0x0000000000000001, NX, 0x3f8ccccd)  # 1.1
  TEST_FCVT_X_S(8, fcvt.w.s, rtz, 0x0000000000000002, NX, 0x40200000)  # 2.5
  TEST_FCVT_X_S(9, fcvt.w.s, rtz, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(10, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x4f000000)  # 2^31
  TEST_FCVT_X_S(11, fcvt.w.s, rtz, 0xffffffff80000000, 0, 0xcf000000)  # -2^31
  TEST_FCVT_X_S(12, fcvt.w.s, rtz, 0x000000007fffff80, 0, 0x4effffff)  # largest below 2^31
  TEST_FCVT_X_S(13, fcvt.w.s, rtz, 0xffffffff80000000, NV, 0xcf000001)  # just below -2^31
  TEST_FCVT_X_S(14, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x4f800000)  # 2^32
  TEST_FCVT_X_S(15, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x4f7fffff)  # largest below 2^32
  TEST_FCVT_X_S(16, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x4f32d05e)  # 3e9
  TEST_FCVT_X_S(17, fcvt.w.s, rtz, 0xffffffff80000000, NV, 0xcf32d05e)  # -3e9
  TEST_FCVT_X_S(18, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x5f000000)  # 2^63
  TEST_FCVT_X_S(19, fcvt.w.s, rtz, 0xffffffff80000000, NV, 0xdf000000)  # -2^63
  TEST_FCVT_X_S(20, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x5effffff)  # largest below 2^63
  TEST_FCVT_X_S(21, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x5f800000)  # 2^64
  TEST_FCVT_X_S(22, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x5f7fffff)  # largest below 2^64
  TEST_FCVT_X_S(23, fcvt.w.s, rtz, 0x0000000000000000, NX, 0x00000001)  # min subnormal
  TEST_FCVT_X_S(24, fcvt.w.s, rtz, 0x0000000000000000, NX, 0x80000001)  # -min subnormal
  TEST_FCVT_X_S(25, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x7f7fffff)  # max
  TEST_FCVT_X_S(26, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x7f800000)  # +inf
  TEST_FCVT_X_S(27, fcvt.w.s, rtz, 0xffffffff80000000, NV, 0xff800000)  # -inf
  TEST_FCVT_X_S(28, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x7fc00000)  # qNaN
  TEST_FCVT_X_S(29, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0xffc00000)  # -qNaN
  TEST_FCVT_X_S(30, fcvt.w.s, rtz, 0x000000007fffffff, NV, 0x7f800001)  # sNaN
  TEST_FCVT_X_S(31, fcvt.w.s, rne, 0x0000000000000000, NX, 0x3f000000)  # 0.5 rne
  TEST_FCVT_X_S(32, fcvt.w.s, rne, 0xffffffffffffffff, NX, 0xbf666666)  # -0.9 rne
  TEST_FCVT_X_S(33, fcvt.w.s, rne, 0x0000000000000001, NX, 0x3f8ccccd)  # 1.1 rne
  TEST_FCVT_X_S(34, fcvt.w.s, rne, 0x0000000000000002, NX, 0x40200000)  # 2.5 rne
  TEST_FCVT_X_S(35, fcvt.w.s, rne, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5 rne
  # fcvt.wu.s (32-bit results sign-extended; out of range / NaN saturate with NV)
  TEST_FCVT_X_S(36, fcvt.wu.s, rtz, 0x0000000000000000, 0, 0x00000000)  # +0
  TEST_FCVT_X_S(37, fcvt.wu.s, rtz, 0x0000000000000000, 0, 0x80000000)  # -0
  TEST_FCVT_X_S(38, fcvt.wu.s, rtz, 0x0000000000000001, 0, 0x3f800000)  # 1.0
  TEST_FCVT_X_S(39, fcvt.wu.s, rtz, 0x0000000000000000, NV, 0xbf800000)  # -1.0
  TEST_FCVT_X_S(40, fcvt.wu.s, rtz, 0x0000000000000000, NX, 0x3f000000)  # 0.5
  TEST_FCVT_X_S(41, fcvt.wu.s, rtz, 0x0000000000000000, NX, 0xbf666666)  # -0.9
  TEST_FCVT_X_S(42, fcvt.wu.s, rtz, 0x0000000000000001, NX, 0x3f8ccccd)  # 1.1
  TEST_FCVT_X_S(43, fcvt.wu.s, rtz, 0x0000000000000002, NX, 0x40200000)  # 2.5
  TEST_FCVT_X_S(44, fcvt.wu.s, rtz, 0x0000000000000000, NV, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(45, fcvt.wu.s, rtz, 0xffffffff80000000, 0, 0x4f000000)  # 2^31
  TEST_FCVT_X_S(46, fcvt.wu.s, rtz, 0x0000000000000000, NV, 0xcf000000)  # -2^31
  TEST_FCVT_X_S(47, fcvt.wu.s, rtz, 0x000000007fffff80, 0, 0x4effffff)  # largest below 2^31
  TEST_FCVT_X_S(48, fcvt.wu.s, rtz, 0x0000000000000000, NV, 0xcf000001)  # just below -2^31
  TEST_FCVT_X_S(49, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x4f800000)  # 2^32
  TEST_FCVT_X_S(50, fcvt.wu.s, rtz, 0xffffffffffffff00, 0, 0x4f7fffff)  # largest below 2^32
  TEST_FCVT_X_S(51, fcvt.wu.s, rtz, 0xffffffffb2d05e00, 0, 0x4f32d05e)  # 3e9
  TEST_FCVT_X_S(52, fcvt.wu.s, rtz, 0x0000000000000000, NV, 0xcf32d05e)  # -3e9
  TEST_FCVT_X_S(53, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x5f000000)  # 2^63
  TEST_FCVT_X_S(54, fcvt.wu.s, rtz, 0x0000000000000000, NV, 0xdf000000)  # -2^63
  TEST_FCVT_X_S(55, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x5effffff)  # largest below 2^63
  TEST_FCVT_X_S(56, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x5f800000)  # 2^64
  TEST_FCVT_X_S(57, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x5f7fffff)  # largest below 2^64
  TEST_FCVT_X_S(58, fcvt.wu.s, rtz, 0x0000000000000000, NX, 0x00000001)  # min subnormal
  TEST_FCVT_X_S(59, fcvt.wu.s, rtz, 0x0000000000000000, NX, 0x80000001)  # -min subnormal
  TEST_FCVT_X_S(60, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x7f7fffff)  # max
  TEST_FCVT_X_S(61, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x7f800000)  # +inf
  TEST_FCVT_X_S(62, fcvt.wu.s, rtz, 0x0000000000000000, NV, 0xff800000)  # -inf
  TEST_FCVT_X_S(63, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x7fc00000)  # qNaN
  TEST_FCVT_X_S(64, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0xffc00000)  # -qNaN
  TEST_FCVT_X_S(65, fcvt.wu.s, rtz, 0xffffffffffffffff, NV, 0x7f800001)  # sNaN
  TEST_FCVT_X_S(66, fcvt.wu.s, rne, 0x0000000000000000, NX, 0x3f000000)  # 0.5 rne
  TEST_FCVT_X_S(67, fcvt.wu.s, rne, 0x0000000000000000, NV, 0xbf666666)  # -0.9 rne
  TEST_FCVT_X_S(68, fcvt.wu.s, rne, 0x0000000000000001, NX, 0x3f8ccccd)  # 1.1 rne
  TEST_FCVT_X_S(69, fcvt.wu.s, rne, 0x0000000000000002, NX, 0x40200000)  # 2.5 rne
  TEST_FCVT_X_S(70, fcvt.wu.s, rne, 0x0000000000000000, NV, 0xc0200000)  # -2.5 rne
  # fcvt.l.s (32-bit results sign-extended; out of range / NaN saturate with NV)
  TEST_FCVT_X_S(71, fcvt.l.s, rtz, 0x0000000000000000, 0, 0x00000000)  # +0
  TEST_FCVT_X_S(72, fcvt.l.s, rtz, 0x0000000000000000, 0, 0x80000000)  # -0
  TEST_FCVT_X_S(73, fcvt.l.s, rtz, 0x0000000000000001, 0, 0x3f800000)  # 1.0
  TEST_FCVT_X_S(74, fcvt.l.s, rtz, 0xffffffffffffffff, 0, 0xbf800000)  # -1.0
  TEST_FCVT_X_S(75, fcvt.l.s, rtz, 0x0000000000000000, NX, 0x3f000000)  # 0.5
  TEST_FCVT_X_S(76, fcvt.l.s, rtz, 0x0000000000000000, NX, 0xbf666666)  # -0.9
  TEST_FCVT_X_S(77, fcvt.l.s, rtz, 0x0000000000000001, NX, 0x3f8ccccd)  # 1.1
  TEST_FCVT_X_S(78, fcvt.l.s, rtz, 0x0000000000000002, NX, 0x40200000)  # 2.5
  TEST_FCVT_X_S(79, fcvt.l.s, rtz, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(80, fcvt.l.s, rtz, 0x0000000080000000, 0, 0x4f000000)  # 2^31
  TEST_FCVT_X_S(81, fcvt.l.s, rtz, 0xffffffff80000000, 0, 0xcf000000)  # -2^31
  TEST_FCVT_X_S(82, fcvt.l.s, rtz, 0x000000007fffff80, 0, 0x4effffff)  # largest below 2^31
  TEST_FCVT_X_S(83, fcvt.l.s, rtz, 0xffffffff7fffff00, 0, 0xcf000001)  # just below -2^31
  TEST_FCVT_X_S(84, fcvt.l.s, rtz, 0x0000000100000000, 0, 0x4f800000)  # 2^32
  TEST_FCVT_X_S(85, fcvt.l.s, rtz, 0x00000000ffffff00, 0, 0x4f7fffff)  # largest below 2^32
  TEST_FCVT_X_S(86, fcvt.l.s, rtz, 0x00000000b2d05e00, 0, 0x4f32d05e)  # 3e9
  TEST_FCVT_X_S(87, fcvt.l.s, rtz, 0xffffffff4d2fa200, 0, 0xcf32d05e)  # -3e9
  TEST_FCVT_X_S(88, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, 0x5f000000)  # 2^63
  TEST_FCVT_X_S(89, fcvt.l.s, rtz, 0x8000000000000000, 0, 0xdf000000)  # -2^63
  TEST_FCVT_X_S(90, fcvt.l.s, rtz, 0x7fffff8000000000, 0, 0x5effffff)  # largest below 2^63
  TEST_FCVT_X_S(91, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, 0x5f800000)  # 2^64
  TEST_FCVT_X_S(92, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, 0x5f7fffff)  # largest below 2^64
  TEST_FCVT_X_S(93, fcvt.l.s, rtz, 0x0000000000000000, NX, 0x00000001)  # min subnormal
  TEST_FCVT_X_S(94, fcvt.l.s, rtz, 0x0000000000000000, NX, 0x80000001)  # -min subnormal
  TEST_FCVT_X_S(95, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, 0x7f7fffff)  # max
  TEST_FCVT_X_S(96, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, 0x7f800000)  # +inf
  TEST_FCVT_X_S(97, fcvt.l.s, rtz, 0x8000000000000000, NV, 0xff800000)  # -inf
  TEST_FCVT_X_S(98, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, 0x7fc00000)  # qNaN
  TEST_FCVT_X_S(99, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, 0xffc00000)  # -qNaN
  TEST_FCVT_X_S(100, fcvt.l.s, rtz, 0x7fffffffffffffff, NV, 0x7f800001)  # sNaN
  TEST_FCVT_X_S(101, fcvt.l.s, rne, 0x0000000000000000, NX, 0x3f000000)  # 0.5 rne
  TEST_FCVT_X_S(102, fcvt.l.s, rne, 0xffffffffffffffff, NX, 0xbf666666)  # -0.9 rne
  TEST_FCVT_X_S(103, fcvt.l.s, rne, 0x0000000000000001, NX, 0x3f8ccccd)  # 1.1 rne
  TEST_FCVT_X_S(104, fcvt.l.s, rne, 0x0000000000000002, NX, 0x40200000)  # 2.5 rne
  TEST_FCVT_X_S(105, fcvt.l.s, rne, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5 rne
  # fcvt.lu.s (32-bit results sign-extended; out of range / NaN saturate with NV)
  TEST_FCVT_X_S(106, fcvt.lu.s, rtz, 0x0000000000000000, 0, 0x00000000)  # +0
  TEST_FCVT_X_S(107, fcvt.lu.s, rtz, 0x0000000000000000, 0, 0x80000000)  # -0
  TEST_FCVT_X_S(108, fcvt.lu.s, rtz, 0x0000000000000001, 0, 0x3f800000)  # 1.0
  TEST_FCVT_X_S(109, fcvt.lu.s, rtz, 0x0000000000000000, NV, 0xbf800000)  # -1.0
  TEST_FCVT_X_S(110, fcvt.lu.s, rtz, 0x0000000000000000, NX, 0x3f000000)  # 0.5
  TEST_FCVT_X_S(111, fcvt.lu.s, rtz, 0x0000000000000000, NX, 0xbf666666)  # -0.9
  TEST_FCVT_X_S(112, fcvt.lu.s, rtz, 0x0000000000000001, NX, 0x3f8ccccd)  # 1.1
  TEST_FCVT_X_S(113, fcvt.lu.s, rtz, 0x0000000000000002, NX, 0x40200000)  # 2.5
  TEST_FCVT_X_S(114, fcvt.lu.s, rtz, 0x0000000000000000, NV, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(115, fcvt.lu.s, rtz, 0x0000000080000000, 0, 0x4f000000)  # 2^31
  TEST_FCVT_X_S(116, fcvt.lu.s, rtz, 0x0000000000000000, NV, 0xcf000000)  # -2^31
  TEST_FCVT_X_S(117, fcvt.lu.s, rtz, 0x000000007fffff80, 0, 0x4effffff)  # largest below 2^31
  TEST_FCVT_X_S(118, fcvt.lu.s, rtz, 0x0000000000000000, NV, 0xcf000001)  # just below -2^31
  TEST_FCVT_X_S(119, fcvt.lu.s, rtz, 0x0000000100000000, 0, 0x4f800000)  # 2^32
  TEST_FCVT_X_S(120, fcvt.lu.s, rtz, 0x00000000ffffff00, 0, 0x4f7fffff)  # largest below 2^32
  TEST_FCVT_X_S(121, fcvt.lu.s, rtz, 0x00000000b2d05e00, 0, 0x4f32d05e)  # 3e9
  TEST_FCVT_X_S(122, fcvt.lu.s, rtz, 0x0000000000000000, NV, 0xcf32d05e)  # -3e9
  TEST_FCVT_X_S(123, fcvt.lu.s, rtz, 0x8000000000000000, 0, 0x5f000000)  # 2^63
  TEST_FCVT_X_S(124, fcvt.lu.s, rtz, 0x0000000000000000, NV, 0xdf000000)  # -2^63
  TEST_FCVT_X_S(125, fcvt.lu.s, rtz, 0x7fffff8000000000, 0, 0x5effffff)  # largest below 2^63
  TEST_FCVT_X_S(126, fcvt.lu.s, rtz, 0xffffffffffffffff, NV, 0x5f800000)  # 2^64
  TEST_FCVT_X_S(127, fcvt.lu.s, rtz, 0xffffff0000000000, 0, 0x5f7fffff)  # largest below 2^64
  TEST_FCVT_X_S(128, fcvt.lu.s, rtz, 0x0000000000000000, NX, 0x00000001)  # min subnormal
  TEST_FCVT_X_S(129, fcvt.lu.s, rtz, 0x0000000000000000, NX, 0x80000001)  # -min subnormal
  TEST_FCVT_X_S(130, fcvt.lu.s, rtz, 0xffffffffffffffff, NV, 0x7f7fffff)  # max
  TEST_FCVT_X_S(131, fcvt.lu.s, rtz, 0xffffffffffffffff, NV, 0x7f800000)  # +inf
  TEST_FCVT_X_S(132, fcvt.lu.s, rtz, 0x0000000000000000, NV, 0xff800000)  # -inf
  TEST_FCVT_X_S(133, fcvt.lu.s, rtz, 0xffffffffffffffff, NV, 0x7fc00000)  # qNaN
  TEST_FCVT_X_S(134, fcvt.lu.s, rtz, 0xffffffffffffffff, NV, 0xffc00000)  # -qNaN
  TEST_FCVT_X_S(135, fcvt.lu.s, rtz, 0xffffffffffffffff, NV, 0x7f800001)  # sNaN
  TEST_FCVT_X_S(136, fcvt.lu.s, rne, 0x0000000000000000, NX, 0x3f000000)  # 0.5 rne
  TEST_FCVT_X_S(137, fcvt.lu.s, rne, 0x0000000000000000, NV, 0xbf666666)  # -0.9 rne
  TEST_FCVT_X_S(138, fcvt.lu.s, rne, 0x0000000000000001, NX, 0x3f8ccccd)  # 1.1 rne
  TEST_FCVT_X_S(139, fcvt.lu.s, rne, 0x0000000000000002, NX, 0x40200000)  # 2.5 rne
  TEST_FCVT_X_S(140, fcvt.lu.s, rne, 0x0000000000000000, NV, 0xc0200000)  # -2.5 rne
  # fcvt.s.w
  TEST_FCVT_S_X(141, fcvt.s.w, rne, 0x00000000, 0, 0x0000000000000000)
  TEST_FCVT_S_X(142, fcvt.s.w, rne, 0x3f800000, 0, 0x0000000000000001)
  TEST_FCVT_S_X(143, fcvt.s.w, rne, 0xbf800000, 0, 0xffffffffffffffff)
  TEST_FCVT_S_X(144, fcvt.s.w, rne, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX
  TEST_FCVT_S_X(145, fcvt.s.w, rne, 0xcf000000, 0, 0x0000000080000000)  # 2^31 / INT32_MIN
  TEST_FCVT_S_X(146, fcvt.s.w, rne, 0xbf800000, 0, 0x00000000ffffffff)
  TEST_FCVT_S_X(147, fcvt.s.w, rne, 0x40a00000, 0, 0xdeadbeef00000005)  # upper bits
  TEST_FCVT_S_X(148, fcvt.s.w, rne, 0x4b800000, NX, 0x0000000001000001)  # 2^24+1
  TEST_FCVT_S_X(149, fcvt.s.w, rne, 0xbf800000, 0, 0x7fffffffffffffff)  # INT64_MAX
  TEST_FCVT_S_X(150, fcvt.s.w, rne, 0x00000000, 0, 0x8000000000000000)  # INT64_MIN / 2^63
  TEST_FCVT_S_X(151, fcvt.s.w, rne, 0xbf800000, 0, 0xffffffffffffffff)
  TEST_FCVT_S_X(152, fcvt.s.w, rne, 0x3f800000, 0, 0x0020000000000001)  # 2^53+1
  TEST_FCVT_S_X(153, fcvt.s.w, rne, 0x4e0d159e, NX, 0x0000000123456789)
  # fcvt.s.wu
  TEST_FCVT_S_X(154, fcvt.s.wu, rne, 0x00000000, 0, 0x0000000000000000)
  TEST_FCVT_S_X(155, fcvt.s.wu, rne, 0x3f800000, 0, 0x0000000000000001)
  TEST_FCVT_S_X(156, fcvt.s.wu, rne, 0x4f800000, NX, 0xffffffffffffffff)
  TEST_FCVT_S_X(157, fcvt.s.wu, rne, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX
  TEST_FCVT_S_X(158, fcvt.s.wu, rne, 0x4f000000, 0, 0x0000000080000000)  # 2^31 / INT32_MIN
  TEST_FCVT_S_X(159, fcvt.s.wu, rne, 0x4f800000, NX, 0x00000000ffffffff)
  TEST_FCVT_S_X(160, fcvt.s.wu, rne, 0x40a00000, 0, 0xdeadbeef00000005)  # upper bits
  TEST_FCVT_S_X(161, fcvt.s.wu, rne, 0x4b800000, NX, 0x0000000001000001)  # 2^24+1
  TEST_FCVT_S_X(162, fcvt.s.wu, rne, 0x4f800000, NX, 0x7fffffffffffffff)  # INT64_MAX
  TEST_FCVT_S_X(163, fcvt.s.wu, rne, 0x00000000, 0, 0x8000000000000000)  # INT64_MIN / 2^63
  TEST_FCVT_S_X(164, fcvt.s.wu, rne, 0x4f800000, NX, 0xffffffffffffffff)
  TEST_FCVT_S_X(165, fcvt.s.wu, rne, 0x3f800000, 0, 0x0020000000000001)  # 2^53+1
  TEST_FCVT_S_X(166, fcvt.s.wu, rne, 0x4e0d159e, NX, 0x0000000123456789)
  # fcvt.s.l
  TEST_FCVT_S_X(167, fcvt.s.l, rne, 0x00000000, 0, 0x0000000000000000)
  TEST_FCVT_S_X(168, fcvt.s.l, rne, 0x3f800000, 0, 0x0000000000000001)
  TEST_FCVT_S_X(169, fcvt.s.l, rne, 0xbf800000, 0, 0xffffffffffffffff)
  TEST_FCVT_S_X(170, fcvt.s.l, rne, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX
  TEST_FCVT_S_X(171, fcvt.s.l, rne, 0x4f000000, 0, 0x0000000080000000)  # 2^31 / INT32_MIN
  TEST_FCVT_S_X(172, fcvt.s.l, rne, 0x4f800000, NX, 0x00000000ffffffff)
  TEST_FCVT_S_X(173, fcvt.s.l, rne, 0xde054904, NX, 0xdeadbeef00000005)  # upper bits
  TEST_FCVT_S_X(174, fcvt.s.l, rne, 0x4b800000, NX, 0x0000000001000001)  # 2^24+1
  TEST_FCVT_S_X(175, fcvt.s.l, rne, 0x5f000000, NX, 0x7fffffffffffffff)  # INT64_MAX
  TEST_FCVT_S_X(176, fcvt.s.l, rne, 0xdf000000, 0, 0x8000000000000000)  # INT64_MIN / 2^63
  TEST_FCVT_S_X(177, fcvt.s.l, rne, 0xbf800000, 0, 0xffffffffffffffff)
  TEST_FCVT_S_X(178, fcvt.s.l, rne, 0x5a000000, NX, 0x0020000000000001)  # 2^53+1
  TEST_FCVT_S_X(179, fcvt.s.l, rne, 0x4f91a2b4, NX, 0x0000000123456789)
  # fcvt.s.lu
  TEST_FCVT_S_X(180, fcvt.s.lu, rne, 0x00000000, 0, 0x0000000000000000)
  TEST_FCVT_S_X(181, fcvt.s.lu, rne, 0x3f800000, 0, 0x0000000000000001)
  TEST_FCVT_S_X(182, fcvt.s.lu, rne, 0x5f800000, NX, 0xffffffffffffffff)
  TEST_FCVT_S_X(183, fcvt.s.lu, rne, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX
  TEST_FCVT_S_X(184, fcvt.s.lu, rne, 0x4f000000, 0, 0x0000000080000000)  # 2^31 / INT32_MIN
  TEST_FCVT_S_X(185, fcvt.s.lu, rne, 0x4f800000, NX, 0x00000000ffffffff)
  TEST_FCVT_S_X(186, fcvt.s.lu, rne, 0x5f5eadbf, NX, 0xdeadbeef00000005)  # upper bits
  TEST_FCVT_S_X(187, fcvt.s.lu, rne, 0x4b800000, NX, 0x0000000001000001)  # 2^24+1
  TEST_FCVT_S_X(188, fcvt.s.lu, rne, 0x5f000000, NX, 0x7fffffffffffffff)  # INT64_MAX
  TEST_FCVT_S_X(189, fcvt.s.lu, rne, 0x5f000000, 0, 0x8000000000000000)  # INT64_MIN / 2^63
  TEST_FCVT_S_X(190, fcvt.s.lu, rne, 0x5f800000, NX, 0xffffffffffffffff)
  TEST_FCVT_S_X(191, fcvt.s.lu, rne, 0x5a000000, NX, 0x0020000000000001)  # 2^53+1
  TEST_FCVT_S_X(192, fcvt.s.lu, rne, 0x4f91a2b4, NX, 0x0000000123456789)
TEST_END
