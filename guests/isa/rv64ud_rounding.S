# RV64D rounding, static rm field: each of the five rounding modes
# (rne rtz rdn rup rmm): ties, inexact results of both signs, overflow (inf vs
# largest finite), underflow to zero vs min subnormal, the sign of an exact
# zero, FP->int and int->FP conversions. frm stays 0 (the static field wins).
# The same cases with rm = dyn are in rv64ud_rounding_dyn.S.
#include "htif_test.h"
TEST_BEGIN
  # ---- static rm = rne
  TEST_FP_RR_D(1, fadd.d, rne, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(2, fadd.d, rne, 0x3ff0000000000002, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(3, fadd.d, rne, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(4, fdiv.d, rne, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(5, fdiv.d, rne, 0xbfd5555555555555, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(6, fsqrt.d, rne, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(7, fmul.d, rne, 0x3f847ae147ae147c, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(8, fmadd.d, rne, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(9, fnmsub.d, rne, 0x3fe5f26844b18790, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(10, fadd.d, rne, 0x7ff0000000000000, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(11, fsub.d, rne, 0xfff0000000000000, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(12, fmul.d, rne, 0x0000000000000000, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(13, fmul.d, rne, 0x8000000000000000, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(14, fsub.d, rne, 0x0000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(15, fcvt.w.d, rne, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(16, fcvt.w.d, rne, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(17, fcvt.l.d, rne, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(18, fcvt.wu.d, rne, 0x0000000000000002, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(19, fcvt.lu.d, rne, 0x0000000000000001, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(20, fcvt.wu.d, rne, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(21, fcvt.d.l, rne, 0x43723456789abcdf, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(22, fcvt.d.l, rne, 0xc3723456789abcdf, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(23, fcvt.d.lu, rne, 0x4340000000000000, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(24, fcvt.d.l, rne, 0xc340000000000002, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(25, rne, 0x3dcccccd, NX, 0x3fb999999999999a)  # 0.1 double -> single
  # ---- static rm = rtz
  TEST_FP_RR_D(26, fadd.d, rtz, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(27, fadd.d, rtz, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(28, fadd.d, rtz, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(29, fdiv.d, rtz, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(30, fdiv.d, rtz, 0xbfd5555555555555, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(31, fsqrt.d, rtz, 0x3ff6a09e667f3bcc, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(32, fmul.d, rtz, 0x3f847ae147ae147b, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(33, fmadd.d, rtz, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(34, fnmsub.d, rtz, 0x3fe5f26844b1878f, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(35, fadd.d, rtz, 0x7fefffffffffffff, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(36, fsub.d, rtz, 0xffefffffffffffff, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(37, fmul.d, rtz, 0x0000000000000000, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(38, fmul.d, rtz, 0x8000000000000000, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(39, fsub.d, rtz, 0x0000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(40, fcvt.w.d, rtz, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(41, fcvt.w.d, rtz, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(42, fcvt.l.d, rtz, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(43, fcvt.wu.d, rtz, 0x0000000000000001, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(44, fcvt.lu.d, rtz, 0x0000000000000000, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(45, fcvt.wu.d, rtz, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(46, fcvt.d.l, rtz, 0x43723456789abcde, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(47, fcvt.d.l, rtz, 0xc3723456789abcde, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(48, fcvt.d.lu, rtz, 0x4340000000000000, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(49, fcvt.d.l, rtz, 0xc340000000000001, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(50, rtz, 0x3dcccccc, NX, 0x3fb999999999999a)  # 0.1 double -> single
  # ---- static rm = rdn
  TEST_FP_RR_D(51, fadd.d, rdn, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(52, fadd.d, rdn, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(53, fadd.d, rdn, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(54, fdiv.d, rdn, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(55, fdiv.d, rdn, 0xbfd5555555555556, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(56, fsqrt.d, rdn, 0x3ff6a09e667f3bcc, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(57, fmul.d, rdn, 0x3f847ae147ae147b, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(58, fmadd.d, rdn, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(59, fnmsub.d, rdn, 0x3fe5f26844b1878f, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(60, fadd.d, rdn, 0x7fefffffffffffff, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(61, fsub.d, rdn, 0xfff0000000000000, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(62, fmul.d, rdn, 0x0000000000000000, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(63, fmul.d, rdn, 0x8000000000000001, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(64, fsub.d, rdn, 0x8000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(65, fcvt.w.d, rdn, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(66, fcvt.w.d, rdn, 0xfffffffffffffffd, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(67, fcvt.l.d, rdn, 0xffffffffffffffff, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(68, fcvt.wu.d, rdn, 0x0000000000000001, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(69, fcvt.lu.d, rdn, 0x0000000000000000, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(70, fcvt.wu.d, rdn, 0x0000000000000000, NV, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(71, fcvt.d.l, rdn, 0x43723456789abcde, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(72, fcvt.d.l, rdn, 0xc3723456789abcdf, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(73, fcvt.d.lu, rdn, 0x4340000000000000, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(74, fcvt.d.l, rdn, 0xc340000000000002, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(75, rdn, 0x3dcccccc, NX, 0x3fb999999999999a)  # 0.1 double -> single
  # ---- static rm = rup
  TEST_FP_RR_D(76, fadd.d, rup, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(77, fadd.d, rup, 0x3ff0000000000002, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(78, fadd.d, rup, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(79, fdiv.d, rup, 0x3fd5555555555556, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(80, fdiv.d, rup, 0xbfd5555555555555, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(81, fsqrt.d, rup, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(82, fmul.d, rup, 0x3f847ae147ae147c, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(83, fmadd.d, rup, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(84, fnmsub.d, rup, 0x3fe5f26844b18790, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(85, fadd.d, rup, 0x7ff0000000000000, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(86, fsub.d, rup, 0xffefffffffffffff, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(87, fmul.d, rup, 0x0000000000000001, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(88, fmul.d, rup, 0x8000000000000000, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(89, fsub.d, rup, 0x0000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(90, fcvt.w.d, rup, 0x0000000000000003, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(91, fcvt.w.d, rup, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(92, fcvt.l.d, rup, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(93, fcvt.wu.d, rup, 0x0000000000000002, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(94, fcvt.lu.d, rup, 0x0000000000000001, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(95, fcvt.wu.d, rup, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(96, fcvt.d.l, rup, 0x43723456789abcdf, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(97, fcvt.d.l, rup, 0xc3723456789abcde, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(98, fcvt.d.lu, rup, 0x4340000000000001, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(99, fcvt.d.l, rup, 0xc340000000000001, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(100, rup, 0x3dcccccd, NX, 0x3fb999999999999a)  # 0.1 double -> single
  # ---- static rm = rmm
  TEST_FP_RR_D(101, fadd.d, rmm, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(102, fadd.d, rmm, 0x3ff0000000000002, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(103, fadd.d, rmm, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(104, fdiv.d, rmm, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(105, fdiv.d, rmm, 0xbfd5555555555555, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(106, fsqrt.d, rmm, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(107, fmul.d, rmm, 0x3f847ae147ae147c, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(108, fmadd.d, rmm, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(109, fnmsub.d, rmm, 0x3fe5f26844b18790, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(110, fadd.d, rmm, 0x7ff0000000000000, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(111, fsub.d, rmm, 0xfff0000000000000, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(112, fmul.d, rmm, 0x0000000000000001, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(113, fmul.d, rmm, 0x8000000000000001, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(114, fsub.d, rmm, 0x0000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(115, fcvt.w.d, rmm, 0x0000000000000003, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(116, fcvt.w.d, rmm, 0xfffffffffffffffd, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(117, fcvt.l.d, rmm, 0xffffffffffffffff, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(118, fcvt.wu.d, rmm, 0x0000000000000002, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(119, fcvt.lu.d, rmm, 0x0000000000000001, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(120, fcvt.wu.d, rmm, 0x0000000000000000, NV, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(121, fcvt.d.l, rmm, 0x43723456789abcdf, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(122, fcvt.d.l, rmm, 0xc3723456789abcdf, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(123, fcvt.d.lu, rmm, 0x4340000000000001, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(124, fcvt.d.l, rmm, 0xc340000000000002, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(125, rmm, 0x3dcccccd, NX, 0x3fb999999999999a)  # 0.1 double -> single
TEST_END
