# RV64F rounding, static rm field: each of the five rounding modes
# (rne rtz rdn rup rmm): ties, inexact results of both signs, overflow (inf vs
# largest finite), underflow to zero vs min subnormal, the sign of an exact
# zero, FP->int and int->FP conversions. frm stays 0 (the static field wins).
# The same cases with rm = dyn are in rv64uf_rounding_dyn.S.
#include "htif_test.h"
TEST_BEGIN
  # ---- static rm = rne
  TEST_FP_RR_S(1, fadd.s, rne, 0x3f800000, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(2, fadd.s, rne, 0x3f800002, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(3, fadd.s, rne, 0xbf800000, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(4, fdiv.s, rne, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(5, fdiv.s, rne, 0xbeaaaaab, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(6, fsqrt.s, rne, 0x3fb504f3, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(7, fmul.s, rne, 0x3c23d70b, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(8, fmadd.s, rne, 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(9, fnmsub.s, rne, 0x3f2f9342, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(10, fadd.s, rne, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(11, fsub.s, rne, 0xff800000, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(12, fmul.s, rne, 0x00000000, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(13, fmul.s, rne, 0x80000000, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(14, fsub.s, rne, 0x00000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(15, fcvt.w.s, rne, 0x0000000000000002, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(16, fcvt.w.s, rne, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(17, fcvt.l.s, rne, 0x0000000000000000, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(18, fcvt.wu.s, rne, 0x0000000000000002, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(19, fcvt.lu.s, rne, 0x0000000000000001, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(20, fcvt.wu.s, rne, 0x0000000000000000, NX, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(21, fcvt.s.l, rne, 0x5b91a2b4, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(22, fcvt.s.l, rne, 0xdb91a2b4, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(23, fcvt.s.lu, rne, 0x4b800000, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(24, fcvt.s.l, rne, 0xcb800002, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(25, fcvt.s.w, rne, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX to single
  # ---- static rm = rtz
  TEST_FP_RR_S(26, fadd.s, rtz, 0x3f800000, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(27, fadd.s, rtz, 0x3f800001, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(28, fadd.s, rtz, 0xbf800000, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(29, fdiv.s, rtz, 0x3eaaaaaa, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(30, fdiv.s, rtz, 0xbeaaaaaa, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(31, fsqrt.s, rtz, 0x3fb504f3, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(32, fmul.s, rtz, 0x3c23d70a, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(33, fmadd.s, rtz, 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(34, fnmsub.s, rtz, 0x3f2f9341, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(35, fadd.s, rtz, 0x7f7fffff, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(36, fsub.s, rtz, 0xff7fffff, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(37, fmul.s, rtz, 0x00000000, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(38, fmul.s, rtz, 0x80000000, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(39, fsub.s, rtz, 0x00000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(40, fcvt.w.s, rtz, 0x0000000000000002, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(41, fcvt.w.s, rtz, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(42, fcvt.l.s, rtz, 0x0000000000000000, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(43, fcvt.wu.s, rtz, 0x0000000000000001, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(44, fcvt.lu.s, rtz, 0x0000000000000000, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(45, fcvt.wu.s, rtz, 0x0000000000000000, NX, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(46, fcvt.s.l, rtz, 0x5b91a2b3, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(47, fcvt.s.l, rtz, 0xdb91a2b3, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(48, fcvt.s.lu, rtz, 0x4b800000, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(49, fcvt.s.l, rtz, 0xcb800001, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(50, fcvt.s.w, rtz, 0x4effffff, NX, 0x000000007fffffff)  # INT32_MAX to single
  # ---- static rm = rdn
  TEST_FP_RR_S(51, fadd.s, rdn, 0x3f800000, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(52, fadd.s, rdn, 0x3f800001, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(53, fadd.s, rdn, 0xbf800001, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(54, fdiv.s, rdn, 0x3eaaaaaa, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(55, fdiv.s, rdn, 0xbeaaaaab, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(56, fsqrt.s, rdn, 0x3fb504f3, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(57, fmul.s, rdn, 0x3c23d70a, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(58, fmadd.s, rdn, 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(59, fnmsub.s, rdn, 0x3f2f9341, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(60, fadd.s, rdn, 0x7f7fffff, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(61, fsub.s, rdn, 0xff800000, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(62, fmul.s, rdn, 0x00000000, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(63, fmul.s, rdn, 0x80000001, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(64, fsub.s, rdn, 0x80000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(65, fcvt.w.s, rdn, 0x0000000000000002, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(66, fcvt.w.s, rdn, 0xfffffffffffffffd, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(67, fcvt.l.s, rdn, 0xffffffffffffffff, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(68, fcvt.wu.s, rdn, 0x0000000000000001, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(69, fcvt.lu.s, rdn, 0x0000000000000000, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(70, fcvt.wu.s, rdn, 0x0000000000000000, NV, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(71, fcvt.s.l, rdn, 0x5b91a2b3, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(72, fcvt.s.l, rdn, 0xdb91a2b4, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(73, fcvt.s.lu, rdn, 0x4b800000, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(74, fcvt.s.l, rdn, 0xcb800002, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(75, fcvt.s.w, rdn, 0x4effffff, NX, 0x000000007fffffff)  # INT32_MAX to single
  # ---- static rm = rup
  TEST_FP_RR_S(76, fadd.s, rup, 0x3f800001, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(77, fadd.s, rup, 0x3f800002, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(78, fadd.s, rup, 0xbf800000, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(79, fdiv.s, rup, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(80, fdiv.s, rup, 0xbeaaaaaa, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(81, fsqrt.s, rup, 0x3fb504f4, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(82, fmul.s, rup, 0x3c23d70b, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(83, fmadd.s, rup, 0x34800001, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(84, fnmsub.s, rup, 0x3f2f9342, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(85, fadd.s, rup, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(86, fsub.s, rup, 0xff7fffff, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(87, fmul.s, rup, 0x00000001, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(88, fmul.s, rup, 0x80000000, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(89, fsub.s, rup, 0x00000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(90, fcvt.w.s, rup, 0x0000000000000003, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(91, fcvt.w.s, rup, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(92, fcvt.l.s, rup, 0x0000000000000000, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(93, fcvt.wu.s, rup, 0x0000000000000002, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(94, fcvt.lu.s, rup, 0x0000000000000001, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(95, fcvt.wu.s, rup, 0x0000000000000000, NX, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(96, fcvt.s.l, rup, 0x5b91a2b4, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(97, fcvt.s.l, rup, 0xdb91a2b3, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(98, fcvt.s.lu, rup, 0x4b800001, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(99, fcvt.s.l, rup, 0xcb800001, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(100, fcvt.s.w, rup, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX to single
  # ---- static rm = rmm
  TEST_FP_RR_S(101, fadd.s, rmm, 0x3f800001, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(102, fadd.s, rmm, 0x3f800002, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(103, fadd.s, rmm, 0xbf800001, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(104, fdiv.s, rmm, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(105, fdiv.s, rmm, 0xbeaaaaab, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(106, fsqrt.s, rmm, 0x3fb504f3, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(107, fmul.s, rmm, 0x3c23d70b, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(108, fmadd.s, rmm, 0x34800001, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(109, fnmsub.s, rmm, 0x3f2f9342, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(110, fadd.s, rmm, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(111, fsub.s, rmm, 0xff800000, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(112, fmul.s, rmm, 0x00000001, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(113, fmul.s, rmm, 0x80000001, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(114, fsub.s, rmm, 0x00000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(115, fcvt.w.s, rmm, 0x0000000000000003, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(116, fcvt.w.s, rmm, 0xfffffffffffffffd, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(117, fcvt.l.s, rmm, 0xffffffffffffffff, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(118, fcvt.wu.s, rmm, 0x0000000000000002, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(119, fcvt.lu.s, rmm, 0x0000000000000001, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(120, fcvt.wu.s, rmm, 0x0000000000000000, NV, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(121, fcvt.s.l, rmm, 0x5b91a2b4, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(122, fcvt.s.l, rmm, 0xdb91a2b4, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(123, fcvt.s.lu, rmm, 0x4b800001, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(124, fcvt.s.l, rmm, 0xcb800002, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(125, fcvt.s.w, rmm, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX to single
TEST_END
