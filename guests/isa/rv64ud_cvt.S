# RV64D conversions: fcvt.{w,wu,l,lu}.d for in-range, boundary, out-of-range
# (saturating, NV), +-inf and NaN inputs; fcvt.d.{w,wu,l,lu} (only the low 32 bits of
# the source for w/wu), fcvt.s.d and fcvt.d.s. Result bits and fflags checked each time.
#include "htif_test.h"
TEST_BEGIN
  # fcvt.w.d (32-bit results sign-extended; out of range / NaN saturate with NV)
  TEST_FCVT_X_D(1, fcvt.w.d, rtz, 0x0000000000000000, 0, 0x0000000000000000)  # +0
  TEST_FCVT_X_D(2, fcvt.w.d, rtz, 0x0000000000000000, 0, 0x8000000000000000)  # -0
  TEST_FCVT_X_D(3, fcvt.w.d, rtz, 0x0000000000000001, 0, 0x3ff0000000000000)  # 1.0
  TEST_FCVT_X_D(4, fcvt.w.d, rtz, 0xffffffffffffffff, 0, 0xbff0000000000000)  # -1.0
  TEST_FCVT_X_D(5, fcvt.w.d, rtz, 0x0000000000000000, NX, 0x3fe0000000000000)  # 0.5
  TEST_FCVT_X_D(6, fcvt.w.d, rtz, 0x0000000000000000, NX, 0xbfeccccccccccccd)  # -0.9
  TEST_FCVT_X_D(7, fcvt.w.d, rtz, 0x0000000000000001, NX, 0x3ff199999999999a)  # 1.1
  TEST_FCVT_X_D(8, fcvt.w.d, rtz, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5
  TEST_FCVT_X_D(9, fcvt.w.d, rtz, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(10, fcvt.w.d, rtz, 0x000000007fffffff, 0, 0x41dfffffffc00000)  # 2147483647.0
  TEST_FCVT_X_D(11, fcvt.w.d, rtz, 0x000000007fffffff, NX, 0x41dfffffffe00000)  # 2147483647.5
  TEST_FCVT_X_D(12, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x41e0000000000000)  # 2^31
  TEST_FCVT_X_D(13, fcvt.w.d, rtz, 0xffffffff80000000, 0, 0xc1e0000000000000)  # -2^31
  TEST_FCVT_X_D(14, fcvt.w.d, rtz, 0xffffffff80000000, NX, 0xc1e0000000100000)  # -2147483648.5
  TEST_FCVT_X_D(15, fcvt.w.d, rtz, 0xffffffff80000000, NV, 0xc1e0000000200000)  # -2147483649.0
  TEST_FCVT_X_D(16, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x41efffffffe00000)  # 4294967295.0
  TEST_FCVT_X_D(17, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x41effffffff00000)  # 4294967295.5
  TEST_FCVT_X_D(18, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x41f0000000000000)  # 2^32
  TEST_FCVT_X_D(19, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x41e65a0bc0000000)  # 3e9
  TEST_FCVT_X_D(20, fcvt.w.d, rtz, 0xffffffff80000000, NV, 0xc1e65a0bc0000000)  # -3e9
  TEST_FCVT_X_D(21, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x43e0000000000000)  # 2^63
  TEST_FCVT_X_D(22, fcvt.w.d, rtz, 0xffffffff80000000, NV, 0xc3e0000000000000)  # -2^63
  TEST_FCVT_X_D(23, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x43dfffffffffffff)  # largest below 2^63
  TEST_FCVT_X_D(24, fcvt.w.d, rtz, 0xffffffff80000000, NV, 0xc3e0000000000001)  # just below -2^63
  TEST_FCVT_X_D(25, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x43f0000000000000)  # 2^64
  TEST_FCVT_X_D(26, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x43efffffffffffff)  # largest below 2^64
  TEST_FCVT_X_D(27, fcvt.w.d, rtz, 0x0000000000000000, NX, 0x0000000000000001)  # min subnormal
  TEST_FCVT_X_D(28, fcvt.w.d, rtz, 0x0000000000000000, NX, 0x8000000000000001)  # -min subnormal
  TEST_FCVT_X_D(29, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x7fefffffffffffff)  # max
  TEST_FCVT_X_D(30, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x7ff0000000000000)  # +inf
  TEST_FCVT_X_D(31, fcvt.w.d, rtz, 0xffffffff80000000, NV, 0xfff0000000000000)  # -inf
  TEST_FCVT_X_D(32, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x7ff8000000000000)  # qNaN
  TEST_FCVT_X_D(33, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0xfff8000000000000)  # -qNaN
  TEST_FCVT_X_D(34, fcvt.w.d, rtz, 0x000000007fffffff, NV, 0x7ff0000000000001)  # sNaN
  TEST_FCVT_X_D(35, fcvt.w.d, rne, 0x0000000000000000, NX, 0x3fe0000000000000)  # 0.5 rne
  TEST_FCVT_X_D(36, fcvt.w.d, rne, 0xffffffffffffffff, NX, 0xbfeccccccccccccd)  # -0.9 rne
  TEST_FCVT_X_D(37, fcvt.w.d, rne, 0x0000000000000001, NX, 0x3ff199999999999a)  # 1.1 rne
  TEST_FCVT_X_D(38, fcvt.w.d, rne, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 rne
  TEST_FCVT_X_D(39, fcvt.w.d, rne, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5 rne
  TEST_FCVT_X_D(40, fcvt.w.d, rne, 0x000000007fffffff, NV, 0x41dfffffffe00000)  # 2147483647.5 rne
  TEST_FCVT_X_D(41, fcvt.w.d, rne, 0xffffffff80000000, NX, 0xc1e0000000100000)  # -2147483648.5 rne
  TEST_FCVT_X_D(42, fcvt.w.d, rne, 0x000000007fffffff, NV, 0x41effffffff00000)  # 4294967295.5 rne
  # fcvt.wu.d (32-bit results sign-extended; out of range / NaN saturate with NV)
  TEST_FCVT_X_D(43, fcvt.wu.d, rtz, 0x0000000000000000, 0, 0x0000000000000000)  # +0
  TEST_FCVT_X_D(44, fcvt.wu.d, rtz, 0x0000000000000000, 0, 0x8000000000000000)  # -0
  TEST_FCVT_X_D(45, fcvt.wu.d, rtz, 0x0000000000000001, 0, 0x3ff0000000000000)  # 1.0
  TEST_FCVT_X_D(46, fcvt.wu.d, rtz, 0x0000000000000000, NV, 0xbff0000000000000)  # -1.0
  TEST_FCVT_X_D(47, fcvt.wu.d, rtz, 0x0000000000000000, NX, 0x3fe0000000000000)  # 0.5
  TEST_FCVT_X_D(48, fcvt.wu.d, rtz, 0x0000000000000000, NX, 0xbfeccccccccccccd)  # -0.9
  TEST_FCVT_X_D(49, fcvt.wu.d, rtz, 0x0000000000000001, NX, 0x3ff199999999999a)  # 1.1
  TEST_FCVT_X_D(50, fcvt.wu.d, rtz, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5
  TEST_FCVT_X_D(51, fcvt.wu.d, rtz, 0x0000000000000000, NV, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(52, fcvt.wu.d, rtz, 0x000000007fffffff, 0, 0x41dfffffffc00000)  # 2147483647.0
  TEST_FCVT_X_D(53, fcvt.wu.d, rtz, 0x000000007fffffff, NX, 0x41dfffffffe00000)  # 2147483647.5
  TEST_FCVT_X_D(54, fcvt.wu.d, rtz, 0xffffffff80000000, 0, 0x41e0000000000000)  # 2^31
  TEST_FCVT_X_D(55, fcvt.wu.d, rtz, 0x0000000000000000, NV, 0xc1e0000000000000)  # -2^31
  TEST_FCVT_X_D(56, fcvt.wu.d, rtz, 0x0000000000000000, NV, 0xc1e0000000100000)  # -2147483648.5
  TEST_FCVT_X_D(57, fcvt.wu.d, rtz, 0x0000000000000000, NV, 0xc1e0000000200000)  # -2147483649.0
  TEST_FCVT_X_D(58, fcvt.wu.d, rtz, 0xffffffffffffffff, 0, 0x41efffffffe00000)  # 4294967295.0
  TEST_FCVT_X_D(59, fcvt.wu.d, rtz, 0xffffffffffffffff, NX, 0x41effffffff00000)  # 4294967295.5
  TEST_FCVT_X_D(60, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0x41f0000000000000)  # 2^32
  TEST_FCVT_X_D(61, fcvt.wu.d, rtz, 0xffffffffb2d05e00, 0, 0x41e65a0bc0000000)  # 3e9
  TEST_FCVT_X_D(62, fcvt.wu.d, rtz, 0x0000000000000000, NV, 0xc1e65a0bc0000000)  # -3e9
  TEST_FCVT_X_D(63, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0x43e0000000000000)  # 2^63
  TEST_FCVT_X_D(64, fcvt.wu.d, rtz, 0x0000000000000000, NV, 0xc3e0000000000000)  # -2^63
  TEST_FCVT_X_D(65, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0x43dfffffffffffff)  # largest below 2^63
  TEST_FCVT_X_D(66, fcvt.wu.d, rtz, 0x0000000000000000, NV, 0xc3e0000000000001)  # just below -2^63
  TEST_FCVT_X_D(67, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0x43f0000000000000)  # 2^64
  TEST_FCVT_X_D(68, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0x43efffffffffffff)  # largest below 2^64
  TEST_FCVT_X_D(69, fcvt.wu.d, rtz, 0x0000000000000000, NX, 0x0000000000000001)  # min subnormal
  TEST_FCVT_X_D(70, fcvt.wu.d, rtz, 0x0000000000000000, NX, 0x8000000000000001)  # -min subnormal
  TEST_FCVT_X_D(71, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0x7fefffffffffffff)  # max
  TEST_FCVT_X_D(72, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0x7ff0000000000000)  # +inf
  TEST_FCVT_X_D(73, fcvt.wu.d, rtz, 0x0000000000000000, NV, 0xfff0000000000000)  # -inf
  TEST_FCVT_X_D(74, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0x7ff8000000000000)  # qNaN
  TEST_FCVT_X_D(75, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0xfff8000000000000)  # -qNaN
  TEST_FCVT_X_D(76, fcvt.wu.d, rtz, 0xffffffffffffffff, NV, 0x7ff0000000000001)  # sNaN
  TEST_FCVT_X_D(77, fcvt.wu.d, rne, 0x0000000000000000, NX, 0x3fe0000000000000)  # 0.5 rne
  TEST_FCVT_X_D(78, fcvt.wu.d, rne, 0x0000000000000000, NV, 0xbfeccccccccccccd)  # -0.9 rne
  TEST_FCVT_X_D(79, fcvt.wu.d, rne, 0x0000000000000001, NX, 0x3ff199999999999a)  # 1.1 rne
  TEST_FCVT_X_D(80, fcvt.wu.d, rne, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 rne
  TEST_FCVT_X_D(81, fcvt.wu.d, rne, 0x0000000000000000, NV, 0xc004000000000000)  # -2.5 rne
  TEST_FCVT_X_D(82, fcvt.wu.d, rne, 0xffffffff80000000, NX, 0x41dfffffffe00000)  # 2147483647.5 rne
  TEST_FCVT_X_D(83, fcvt.wu.d, rne, 0x0000000000000000, NV, 0xc1e0000000100000)  # -2147483648.5 rne
  TEST_FCVT_X_D(84, fcvt.wu.d, rne, 0xffffffffffffffff, NV, 0x41effffffff00000)  # 4294967295.5 rne
  # fcvt.l.d (32-bit results sign-extended; out of range / NaN saturate with NV)
  TEST_FCVT_X_D(85, fcvt.l.d, rtz, 0x0000000000000000, 0, 0x0000000000000000)  # +0
  TEST_FCVT_X_D(86, fcvt.l.d, rtz, 0x0000000000000000, 0, 0x8000000000000000)  # -0
  TEST_FCVT_X_D(87, fcvt.l.d, rtz, 0x0000000000000001, 0, 0x3ff0000000000000)  # 1.0
  TEST_FCVT_X_D(88, fcvt.l.d, rtz, 0xffffffffffffffff, 0, 0xbff0000000000000)  # -1.0
  TEST_FCVT_X_D(89, fcvt.l.d, rtz, 0x0000000000000000, NX, 0x3fe0000000000000)  # 0.5
  TEST_FCVT_X_D(90, fcvt.l.d, rtz, 0x0000000000000000, NX, 0xbfeccccccccccccd)  # -0.9
  TEST_FCVT_X_D(91, fcvt.l.d, rtz, 0x0000000000000001, NX, 0x3ff199999999999a)  # 1.1
  TEST_FCVT_X_D(92, fcvt.l.d, rtz, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5
  TEST_FCVT_X_D(93, fcvt.l.d, rtz, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(94, fcvt.l.d, rtz, 0x000000007fffffff, 0, 0x41dfffffffc00000)  # 2147483647.0
  TEST_FCVT_X_D(95, fcvt.l.d, rtz, 0x000000007fffffff, NX, 0x41dfffffffe00000)  # 2147483647.5
  TEST_FCVT_X_D(96, fcvt.l.d, rtz, 0x0000000080000000, 0, 0x41e0000000000000)  # 2^31
  TEST_FCVT_X_D(97, fcvt.l.d, rtz, 0xffffffff80000000, 0, 0xc1e0000000000000)  # -2^31
  TEST_FCVT_X_D(98, fcvt.l.d, rtz, 0xffffffff80000000, NX, 0xc1e0000000100000)  # -2147483648.5
  TEST_FCVT_X_D(99, fcvt.l.d, rtz, 0xffffffff7fffffff, 0, 0xc1e0000000200000)  # -2147483649.0
  TEST_FCVT_X_D(100, fcvt.l.d, rtz, 0x00000000ffffffff, 0, 0x41efffffffe00000)  # 4294967295.0
  TEST_FCVT_X_D(101, fcvt.l.d, rtz, 0x00000000ffffffff, NX, 0x41effffffff00000)  # 4294967295.5
  TEST_FCVT_X_D(102, fcvt.l.d, rtz, 0x0000000100000000, 0, 0x41f0000000000000)  # 2^32
  TEST_FCVT_X_D(103, fcvt.l.d, rtz, 0x00000000b2d05e00, 0, 0x41e65a0bc0000000)  # 3e9
  TEST_FCVT_X_D(104, fcvt.l.d, rtz, 0xffffffff4d2fa200, 0, 0xc1e65a0bc0000000)  # -3e9
  TEST_FCVT_X_D(105, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0x43e0000000000000)  # 2^63
  TEST_FCVT_X_D(106, fcvt.l.d, rtz, 0x8000000000000000, 0, 0xc3e0000000000000)  # -2^63
  TEST_FCVT_X_D(107, fcvt.l.d, rtz, 0x7ffffffffffffc00, 0, 0x43dfffffffffffff)  # largest below 2^63
  TEST_FCVT_X_D(108, fcvt.l.d, rtz, 0x8000000000000000, NV, 0xc3e0000000000001)  # just below -2^63
  TEST_FCVT_X_D(109, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0x43f0000000000000)  # 2^64
  TEST_FCVT_X_D(110, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0x43efffffffffffff)  # largest below 2^64
  TEST_FCVT_X_D(111, fcvt.l.d, rtz, 0x0000000000000000, NX, 0x0000000000000001)  # min subnormal
  TEST_FCVT_X_D(112, fcvt.l.d, rtz, 0x0000000000000000, NX, 0x8000000000000001)  # -min subnormal
  TEST_FCVT_X_D(113, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0x7fefffffffffffff)  # max
  TEST_FCVT_X_D(114, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0x7ff0000000000000)  # +inf
  TEST_FCVT_X_D(115, fcvt.l.d, rtz, 0x8000000000000000, NV, 0xfff0000000000000)  # -inf
  TEST_FCVT_X_D(116, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0x7ff8000000000000)  # qNaN
  TEST_FCVT_X_D(117, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0xfff8000000000000)  # -qNaN
  TEST_FCVT_X_D(118, fcvt.l.d, rtz, 0x7fffffffffffffff, NV, 0x7ff0000000000001)  # sNaN
  TEST_FCVT_X_D(119, fcvt.l.d, rne, 0x0000000000000000, NX, 0x3fe0000000000000)  # 0.5 rne
  TEST_FCVT_X_D(120, fcvt.l.d, rne, 0xffffffffffffffff, NX, 0xbfeccccccccccccd)  # -0.9 rne
  TEST_FCVT_X_D(121, fcvt.l.d, rne, 0x0000000000000001, NX, 0x3ff199999999999a)  # 1.1 rne
  TEST_FCVT_X_D(122, fcvt.l.d, rne, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 rne
  TEST_FCVT_X_D(123, fcvt.l.d, rne, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5 rne
  TEST_FCVT_X_D(124, fcvt.l.d, rne, 0x0000000080000000, NX, 0x41dfffffffe00000)  # 2147483647.5 rne
  TEST_FCVT_X_D(125, fcvt.l.d, rne, 0xffffffff80000000, NX, 0xc1e0000000100000)  # -2147483648.5 rne
  TEST_FCVT_X_D(126, fcvt.l.d, rne, 0x0000000100000000, NX, 0x41effffffff00000)  # 4294967295.5 rne
  # fcvt.lu.d (32-bit results sign-extended; out of range / NaN saturate with NV)
  TEST_FCVT_X_D(127, fcvt.lu.d, rtz, 0x0000000000000000, 0, 0x0000000000000000)  # +0
  TEST_FCVT_X_D(128, fcvt.lu.d, rtz, 0x0000000000000000, 0, 0x8000000000000000)  # -0
  TEST_FCVT_X_D(129, fcvt.lu.d, rtz, 0x0000000000000001, 0, 0x3ff0000000000000)  # 1.0
  TEST_FCVT_X_D(130, fcvt.lu.d, rtz, 0x0000000000000000, NV, 0xbff0000000000000)  # -1.0
  TEST_FCVT_X_D(131, fcvt.lu.d, rtz, 0x0000000000000000, NX, 0x3fe0000000000000)  # 0.5
  TEST_FCVT_X_D(132, fcvt.lu.d, rtz, 0x0000000000000000, NX, 0xbfeccccccccccccd)  # -0.9
  TEST_FCVT_X_D(133, fcvt.lu.d, rtz, 0x0000000000000001, NX, 0x3ff199999999999a)  # 1.1
  TEST_FCVT_X_D(134, fcvt.lu.d, rtz, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5
  TEST_FCVT_X_D(135, fcvt.lu.d, rtz, 0x0000000000000000, NV, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(136, fcvt.lu.d, rtz, 0x000000007fffffff, 0, 0x41dfffffffc00000)  # 2147483647.0
  TEST_FCVT_X_D(137, fcvt.lu.d, rtz, 0x000000007fffffff, NX, 0x41dfffffffe00000)  # 2147483647.5
  TEST_FCVT_X_D(138, fcvt.lu.d, rtz, 0x0000000080000000, 0, 0x41e0000000000000)  # 2^31
  TEST_FCVT_X_D(139, fcvt.lu.d, rtz, 0x0000000000000000, NV, 0xc1e0000000000000)  # -2^31
  TEST_FCVT_X_D(140, fcvt.lu.d, rtz, 0x0000000000000000, NV, 0xc1e0000000100000)  # -2147483648.5
  TEST_FCVT_X_D(141, fcvt.lu.d, rtz, 0x0000000000000000, NV, 0xc1e0000000200000)  # -2147483649.0
  TEST_FCVT_X_D(142, fcvt.lu.d, rtz, 0x00000000ffffffff, 0, 0x41efffffffe00000)  # 4294967295.0
  TEST_FCVT_X_D(143, fcvt.lu.d, rtz, 0x00000000ffffffff, NX, 0x41effffffff00000)  # 4294967295.5
  TEST_FCVT_X_D(144, fcvt.lu.d, rtz, 0x0000000100000000, 0, 0x41f0000000000000)  # 2^32
  TEST_FCVT_X_D(145, fcvt.lu.d, rtz, 0x00000000b2d05e00, 0, 0x41e65a0bc0000000)  # 3e9
  TEST_FCVT_X_D(146, fcvt.lu.d, rtz, 0x0000000000000000, NV, 0xc1e65a0bc0000000)  # -3e9
  TEST_FCVT_X_D(147, fcvt.lu.d, rtz, 0x8000000000000000, 0, 0x43e0000000000000)  # 2^63
  TEST_FCVT_X_D(148, fcvt.lu.d, rtz, 0x0000000000000000, NV, 0xc3e0000000000000)  # -2^63
  TEST_FCVT_X_D(149, fcvt.lu.d, rtz, 0x7ffffffffffffc00, 0, 0x43dfffffffffffff)  # largest below 2^63
  TEST_FCVT_X_D(150, fcvt.lu.d, rtz, 0x0000000000000000, NV, 0xc3e0000000000001)  # just below -2^63
  TEST_FCVT_X_D(151, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, 0x43f0000000000000)  # 2^64
  TEST_FCVT_X_D(152, fcvt.lu.d, rtz, 0xfffffffffffff800, 0, 0x43efffffffffffff)  # largest below 2^64
  TEST_FCVT_X_D(153, fcvt.lu.d, rtz, 0x0000000000000000, NX, 0x0000000000000001)  # min subnormal
  TEST_FCVT_X_D(154, fcvt.lu.d, rtz, 0x0000000000000000, NX, 0x8000000000000001)  # -min subnormal
  TEST_FCVT_X_D(155, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, 0x7fefffffffffffff)  # max
  TEST_FCVT_X_D(156, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, 0x7ff0000000000000)  # +inf
  TEST_FCVT_X_D(157, fcvt.lu.d, rtz, 0x0000000000000000, NV, 0xfff0000000000000)  # -inf
  TEST_FCVT_X_D(158, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, 0x7ff8000000000000)  # qNaN
  TEST_FCVT_X_D(159, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, 0xfff8000000000000)  # -qNaN
  TEST_FCVT_X_D(160, fcvt.lu.d, rtz, 0xffffffffffffffff, NV, 0x7ff0000000000001)  # sNaN
  TEST_FCVT_X_D(161, fcvt.lu.d, rne, 0x0000000000000000, NX, 0x3fe0000000000000)  # 0.5 rne
  TEST_FCVT_X_D(162, fcvt.lu.d, rne, 0x0000000000000000, NV, 0xbfeccccccccccccd)  # -0.9 rne
  TEST_FCVT_X_D(163, fcvt.lu.d, rne, 0x0000000000000001, NX, 0x3ff199999999999a)  # 1.1 rne
  TEST_FCVT_X_D(164, fcvt.lu.d, rne, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 rne
  TEST_FCVT_X_D(165, fcvt.lu.d, rne, 0x0000000000000000, NV, 0xc004000000000000)  # -2.5 rne
  TEST_FCVT_X_D(166, fcvt.lu.d, rne, 0x0000000080000000, NX, 0x41dfffffffe00000)  # 2147483647.5 rne
  TEST_FCVT_X_D(167, fcvt.lu.d, rne, 0x0000000000000000, NV, 0xc1e0000000100000)  # -2147483648.5 rne
  TEST_FCVT_X_D(168, fcvt.lu.d, rne, 0x0000000100000000, NX, 0x41effffffff00000)  # 4294967295.5 rne
  # fcvt.d.w
  TEST_FCVT_D_X_EXACT(169, fcvt.d.w, 0x0000000000000000, 0, 0x0000000000000000)
  TEST_FCVT_D_X_EXACT(170, fcvt.d.w, 0x3ff0000000000000, 0, 0x0000000000000001)
  TEST_FCVT_D_X_EXACT(171, fcvt.d.w, 0xbff0000000000000, 0, 0xffffffffffffffff)
  TEST_FCVT_D_X_EXACT(172, fcvt.d.w, 0x41dfffffffc00000, 0, 0x000000007fffffff)  # INT32_MAX
  TEST_FCVT_D_X_EXACT(173, fcvt.d.w, 0xc1e0000000000000, 0, 0x0000000080000000)  # 2^31 / INT32_MIN
  TEST_FCVT_D_X_EXACT(174, fcvt.d.w, 0xbff0000000000000, 0, 0x00000000ffffffff)
  TEST_FCVT_D_X_EXACT(175, fcvt.d.w, 0x4014000000000000, 0, 0xdeadbeef00000005)  # upper bits
  TEST_FCVT_D_X_EXACT(176, fcvt.d.w, 0x4170000010000000, 0, 0x0000000001000001)  # 2^24+1
  TEST_FCVT_D_X_EXACT(177, fcvt.d.w, 0xbff0000000000000, 0, 0x7fffffffffffffff)  # INT64_MAX
  TEST_FCVT_D_X_EXACT(178, fcvt.d.w, 0x0000000000000000, 0, 0x8000000000000000)  # INT64_MIN / 2^63
  TEST_FCVT_D_X_EXACT(179, fcvt.d.w, 0xbff0000000000000, 0, 0xffffffffffffffff)
  TEST_FCVT_D_X_EXACT(180, fcvt.d.w, 0x3ff0000000000000, 0, 0x0020000000000001)  # 2^53+1
  TEST_FCVT_D_X_EXACT(181, fcvt.d.w, 0x41c1a2b3c4800000, 0, 0x0000000123456789)
  # fcvt.d.wu
  TEST_FCVT_D_X_EXACT(182, fcvt.d.wu, 0x0000000000000000, 0, 0x0000000000000000)
  TEST_FCVT_D_X_EXACT(183, fcvt.d.wu, 0x3ff0000000000000, 0, 0x0000000000000001)
  TEST_FCVT_D_X_EXACT(184, fcvt.d.wu, 0x41efffffffe00000, 0, 0xffffffffffffffff)
  TEST_FCVT_D_X_EXACT(185, fcvt.d.wu, 0x41dfffffffc00000, 0, 0x000000007fffffff)  # INT32_MAX
  TEST_FCVT_D_X_EXACT(186, fcvt.d.wu, 0x41e0000000000000, 0, 0x0000000080000000)  # 2^31 / INT32_MIN
  TEST_FCVT_D_X_EXACT(187, fcvt.d.wu, 0x41efffffffe00000, 0, 0x00000000ffffffff)
  TEST_FCVT_D_X_EXACT(188, fcvt.d.wu, 0x4014000000000000, 0, 0xdeadbeef00000005)  # upper bits
  TEST_FCVT_D_X_EXACT(189, fcvt.d.wu, 0x4170000010000000, 0, 0x0000000001000001)  # 2^24+1
  TEST_FCVT_D_X_EXACT(190, fcvt.d.wu, 0x41efffffffe00000, 0, 0x7fffffffffffffff)  # INT64_MAX
  TEST_FCVT_D_X_EXACT(191, fcvt.d.wu, 0x0000000000000000, 0, 0x8000000000000000)  # INT64_MIN / 2^63
  TEST_FCVT_D_X_EXACT(192, fcvt.d.wu, 0x41efffffffe00000, 0, 0xffffffffffffffff)
  TEST_FCVT_D_X_EXACT(193, fcvt.d.wu, 0x3ff0000000000000, 0, 0x0020000000000001)  # 2^53+1
  TEST_FCVT_D_X_EXACT(194, fcvt.d.wu, 0x41c1a2b3c4800000, 0, 0x0000000123456789)
  # fcvt.d.l
  TEST_FCVT_D_X(195, fcvt.d.l, rne, 0x0000000000000000, 0, 0x0000000000000000)
  TEST_FCVT_D_X(196, fcvt.d.l, rne, 0x3ff0000000000000, 0, 0x0000000000000001)
  TEST_FCVT_D_X(197, fcvt.d.l, rne, 0xbff0000000000000, 0, 0xffffffffffffffff)
  TEST_FCVT_D_X(198, fcvt.d.l, rne, 0x41dfffffffc00000, 0, 0x000000007fffffff)  # INT32_MAX
  TEST_FCVT_D_X(199, fcvt.d.l, rne, 0x41e0000000000000, 0, 0x0000000080000000)  # 2^31 / INT32_MIN
  TEST_FCVT_D_X(200, fcvt.d.l, rne, 0x41efffffffe00000, 0, 0x00000000ffffffff)
  TEST_FCVT_D_X(201, fcvt.d.l, rne, 0xc3c0a92088800000, NX, 0xdeadbeef00000005)  # upper bits
  TEST_FCVT_D_X(202, fcvt.d.l, rne, 0x4170000010000000, 0, 0x0000000001000001)  # 2^24+1
  TEST_FCVT_D_X(203, fcvt.d.l, rne, 0x43e0000000000000, NX, 0x7fffffffffffffff)  # INT64_MAX
  TEST_FCVT_D_X(204, fcvt.d.l, rne, 0xc3e0000000000000, 0, 0x8000000000000000)  # INT64_MIN / 2^63
  TEST_FCVT_D_X(205, fcvt.d.l, rne, 0xbff0000000000000, 0, 0xffffffffffffffff)
  TEST_FCVT_D_X(206, fcvt.d.l, rne, 0x4340000000000000, NX, 0x0020000000000001)  # 2^53+1
  TEST_FCVT_D_X(207, fcvt.d.l, rne, 0x41f2345678900000, 0, 0x0000000123456789)
  # fcvt.d.lu
  TEST_FCVT_D_X(208, fcvt.d.lu, rne, 0x0000000000000000, 0, 0x0000000000000000)
  TEST_FCVT_D_X(209, fcvt.d.lu, rne, 0x3ff0000000000000, 0, 0x0000000000000001)
  TEST_FCVT_D_X(210, fcvt.d.lu, rne, 0x43f0000000000000, NX, 0xffffffffffffffff)
  TEST_FCVT_D_X(211, fcvt.d.lu, rne, 0x41dfffffffc00000, 0, 0x000000007fffffff)  # INT32_MAX
  TEST_FCVT_D_X(212, fcvt.d.lu, rne, 0x41e0000000000000, 0, 0x0000000080000000)  # 2^31 / INT32_MIN
  TEST_FCVT_D_X(213, fcvt.d.lu, rne, 0x41efffffffe00000, 0, 0x00000000ffffffff)
  TEST_FCVT_D_X(214, fcvt.d.lu, rne, 0x43ebd5b7dde00000, NX, 0xdeadbeef00000005)  # upper bits
  TEST_FCVT_D_X(215, fcvt.d.lu, rne, 0x4170000010000000, 0, 0x0000000001000001)  # 2^24+1
  TEST_FCVT_D_X(216, fcvt.d.lu, rne, 0x43e0000000000000, NX, 0x7fffffffffffffff)  # INT64_MAX
  TEST_FCVT_D_X(217, fcvt.d.lu, rne, 0x43e0000000000000, 0, 0x8000000000000000)  # INT64_MIN / 2^63
  TEST_FCVT_D_X(218, fcvt.d.lu, rne, 0x43f0000000000000, NX, 0xffffffffffffffff)
  TEST_FCVT_D_X(219, fcvt.d.lu, rne, 0x4340000000000000, NX, 0x0020000000000001)  # 2^53+1
  TEST_FCVT_D_X(220, fcvt.d.lu, rne, 0x41f2345678900000, 0, 0x0000000123456789)
  # fcvt.s.d: rounding, overflow, underflow, NaN handling
  TEST_FCVT_S_D(221, rne, 0x3eaaaaab, NX, 0x3fd5555555555555)  # 1/3
  TEST_FCVT_S_D(222, rne, 0x3fc00000, 0, 0x3ff8000000000000)
  TEST_FCVT_S_D(223, rne, 0x7f800000, OF|NX, 0x7fefffffffffffff)  # max double: overflow
  TEST_FCVT_S_D(224, rne, 0x00000000, UF|NX, 0x01a56e1fc2f8f359)  # underflow to 0
  TEST_FCVT_S_D(225, rne, 0x00000001, 0, 0x36a0000000000000)  # 2^-149 exactly: min single subnormal
  TEST_FCVT_S_D(226, rne, 0x00000000, UF|NX, 0x3690000000000000)  # 2^-150: tie to 0
  TEST_FCVT_S_D(227, rne, 0x00000001, UF|NX, 0x3698000000000000)  # 1.5*2^-150
  TEST_FCVT_S_D(228, rne, 0x7f7fffff, 0, 0x47efffffe0000000)  # max single exact
  TEST_FCVT_S_D(229, rne, 0x7f7fffff, NX, 0x47efffffefffffff)  # just below overflow threshold
  TEST_FCVT_S_D(230, rne, 0x7f800000, OF|NX, 0x47effffff0000000)  # overflow threshold
  TEST_FCVT_S_D(231, rne, 0x7fc00000, 0, 0x7ff8000000000000)  # qNaN
  TEST_FCVT_S_D(232, rne, 0x7fc00000, 0, 0x7ff8000000012345)  # NaN payload dropped
  TEST_FCVT_S_D(233, rne, 0x7fc00000, NV, 0x7ff0000000000001)  # sNaN
  TEST_FCVT_S_D(234, rne, 0xff800000, 0, 0xfff0000000000000)  # -inf
  TEST_FCVT_S_D(235, rne, 0x80000000, 0, 0x8000000000000000)  # -0
  TEST_FCVT_S_D(236, rne, 0x00800000, NX, 0x380fffffffffffff)  # just below min normal single
  TEST_FCVT_S_D(237, rne, 0x00800000, 0, 0x3810000000000000)  # min normal single
  TEST_FCVT_S_D(238, rtz, 0x7f7fffff, OF|NX, 0x7fefffffffffffff)  # overflow rtz -> max
  TEST_FCVT_S_D(239, rup, 0x00000001, UF|NX, 0x01a56e1fc2f8f359)  # underflow rup -> min subnormal
  # fcvt.d.s: exact widening, NaN handling
  TEST_FCVT_D_S_EXACT(240, 0x3ff19999a0000000, 0, 0x3f8ccccd)  # 1.1f
  TEST_FCVT_D_S_EXACT(241, 0x36a0000000000000, 0, 0x00000001)  # min subnormal single
  TEST_FCVT_D_S_EXACT(242, 0xb80fffffc0000000, 0, 0x807fffff)  # -max subnormal single
  TEST_FCVT_D_S_EXACT(243, 0x47efffffe0000000, 0, 0x7f7fffff)  # max single
  TEST_FCVT_D_S_EXACT(244, 0x7ff8000000000000, 0, 0x7fc00000)  # qNaN
  TEST_FCVT_D_S_EXACT(245, 0x7ff8000000000000, 0, 0x7fc12345)  # NaN payload dropped
  TEST_FCVT_D_S_EXACT(246, 0x7ff8000000000000, NV, 0x7f800001)  # sNaN
  TEST_FCVT_D_S_EXACT(247, 0xfff0000000000000, 0, 0xff800000)  # -inf
  TEST_FCVT_D_S_EXACT(248, 0x8000000000000000, 0, 0x80000000)  # -0
TEST_END
