# RV64D rounding, dynamic: each of the five rounding modes selected
# through frm with rm = dyn (same cases as the static-rm program). Reserved
# static rm values (5, 6) and invalid frm values (5, 6, 7) with dyn raise an
# illegal-instruction trap with mtval = encoding; instructions without an rm
# field, or with a static rm, ignore an invalid frm.
#include "htif_test.h"
TEST_BEGIN
  # ---- dynamic rm: frm = rne
  SET_FRM(0)  # frm = rne
  TEST_FP_RR_D(1, fadd.d, dyn, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(2, fadd.d, dyn, 0x3ff0000000000002, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(3, fadd.d, dyn, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(4, fdiv.d, dyn, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(5, fdiv.d, dyn, 0xbfd5555555555555, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(6, fsqrt.d, dyn, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(7, fmul.d, dyn, 0x3f847ae147ae147c, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(8, fmadd.d, dyn, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(9, fnmsub.d, dyn, 0x3fe5f26844b18790, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(10, fadd.d, dyn, 0x7ff0000000000000, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(11, fsub.d, dyn, 0xfff0000000000000, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(12, fmul.d, dyn, 0x0000000000000000, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(13, fmul.d, dyn, 0x8000000000000000, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(14, fsub.d, dyn, 0x0000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(15, fcvt.w.d, dyn, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(16, fcvt.w.d, dyn, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(17, fcvt.l.d, dyn, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(18, fcvt.wu.d, dyn, 0x0000000000000002, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(19, fcvt.lu.d, dyn, 0x0000000000000001, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(20, fcvt.wu.d, dyn, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(21, fcvt.d.l, dyn, 0x43723456789abcdf, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(22, fcvt.d.l, dyn, 0xc3723456789abcdf, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(23, fcvt.d.lu, dyn, 0x4340000000000000, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(24, fcvt.d.l, dyn, 0xc340000000000002, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(25, dyn, 0x3dcccccd, NX, 0x3fb999999999999a)  # 0.1 double -> single
  # ---- dynamic rm: frm = rtz
  SET_FRM(1)  # frm = rtz
  TEST_FP_RR_D(26, fadd.d, dyn, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(27, fadd.d, dyn, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(28, fadd.d, dyn, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(29, fdiv.d, dyn, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(30, fdiv.d, dyn, 0xbfd5555555555555, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(31, fsqrt.d, dyn, 0x3ff6a09e667f3bcc, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(32, fmul.d, dyn, 0x3f847ae147ae147b, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(33, fmadd.d, dyn, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(34, fnmsub.d, dyn, 0x3fe5f26844b1878f, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(35, fadd.d, dyn, 0x7fefffffffffffff, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(36, fsub.d, dyn, 0xffefffffffffffff, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(37, fmul.d, dyn, 0x0000000000000000, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(38, fmul.d, dyn, 0x8000000000000000, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(39, fsub.d, dyn, 0x0000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(40, fcvt.w.d, dyn, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(41, fcvt.w.d, dyn, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(42, fcvt.l.d, dyn, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(43, fcvt.wu.d, dyn, 0x0000000000000001, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(44, fcvt.lu.d, dyn, 0x0000000000000000, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(45, fcvt.wu.d, dyn, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(46, fcvt.d.l, dyn, 0x43723456789abcde, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(47, fcvt.d.l, dyn, 0xc3723456789abcde, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(48, fcvt.d.lu, dyn, 0x4340000000000000, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(49, fcvt.d.l, dyn, 0xc340000000000001, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(50, dyn, 0x3dcccccc, NX, 0x3fb999999999999a)  # 0.1 double -> single
  # ---- dynamic rm: frm = rdn
  SET_FRM(2)  # frm = rdn
  TEST_FP_RR_D(51, fadd.d, dyn, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(52, fadd.d, dyn, 0x3ff0000000000001, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(53, fadd.d, dyn, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(54, fdiv.d, dyn, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(55, fdiv.d, dyn, 0xbfd5555555555556, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(56, fsqrt.d, dyn, 0x3ff6a09e667f3bcc, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(57, fmul.d, dyn, 0x3f847ae147ae147b, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(58, fmadd.d, dyn, 0x3cc0000000000000, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(59, fnmsub.d, dyn, 0x3fe5f26844b1878f, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(60, fadd.d, dyn, 0x7fefffffffffffff, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(61, fsub.d, dyn, 0xfff0000000000000, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(62, fmul.d, dyn, 0x0000000000000000, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(63, fmul.d, dyn, 0x8000000000000001, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(64, fsub.d, dyn, 0x8000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(65, fcvt.w.d, dyn, 0x0000000000000002, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(66, fcvt.w.d, dyn, 0xfffffffffffffffd, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(67, fcvt.l.d, dyn, 0xffffffffffffffff, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(68, fcvt.wu.d, dyn, 0x0000000000000001, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(69, fcvt.lu.d, dyn, 0x0000000000000000, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(70, fcvt.wu.d, dyn, 0x0000000000000000, NV, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(71, fcvt.d.l, dyn, 0x43723456789abcde, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(72, fcvt.d.l, dyn, 0xc3723456789abcdf, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(73, fcvt.d.lu, dyn, 0x4340000000000000, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(74, fcvt.d.l, dyn, 0xc340000000000002, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(75, dyn, 0x3dcccccc, NX, 0x3fb999999999999a)  # 0.1 double -> single
  # ---- dynamic rm: frm = rup
  SET_FRM(3)  # frm = rup
  TEST_FP_RR_D(76, fadd.d, dyn, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(77, fadd.d, dyn, 0x3ff0000000000002, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(78, fadd.d, dyn, 0xbff0000000000000, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(79, fdiv.d, dyn, 0x3fd5555555555556, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(80, fdiv.d, dyn, 0xbfd5555555555555, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(81, fsqrt.d, dyn, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(82, fmul.d, dyn, 0x3f847ae147ae147c, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(83, fmadd.d, dyn, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(84, fnmsub.d, dyn, 0x3fe5f26844b18790, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(85, fadd.d, dyn, 0x7ff0000000000000, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(86, fsub.d, dyn, 0xffefffffffffffff, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(87, fmul.d, dyn, 0x0000000000000001, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(88, fmul.d, dyn, 0x8000000000000000, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(89, fsub.d, dyn, 0x0000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(90, fcvt.w.d, dyn, 0x0000000000000003, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(91, fcvt.w.d, dyn, 0xfffffffffffffffe, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(92, fcvt.l.d, dyn, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(93, fcvt.wu.d, dyn, 0x0000000000000002, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(94, fcvt.lu.d, dyn, 0x0000000000000001, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(95, fcvt.wu.d, dyn, 0x0000000000000000, NX, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(96, fcvt.d.l, dyn, 0x43723456789abcdf, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(97, fcvt.d.l, dyn, 0xc3723456789abcde, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(98, fcvt.d.lu, dyn, 0x4340000000000001, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(99, fcvt.d.l, dyn, 0xc340000000000001, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(100, dyn, 0x3dcccccd, NX, 0x3fb999999999999a)  # 0.1 double -> single
  # ---- dynamic rm: frm = rmm
  SET_FRM(4)  # frm = rmm
  TEST_FP_RR_D(101, fadd.d, dyn, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000)  # tie: 1 + half ulp
  TEST_FP_RR_D(102, fadd.d, dyn, 0x3ff0000000000002, NX, 0x3ff0000000000001, 0x3ca0000000000000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_D(103, fadd.d, dyn, 0xbff0000000000001, NX, 0xbff0000000000000, 0xbca0000000000000)  # negative tie
  TEST_FP_RR_D(104, fdiv.d, dyn, 0x3fd5555555555555, NX, 0x3ff0000000000000, 0x4008000000000000)  # 1/3
  TEST_FP_RR_D(105, fdiv.d, dyn, 0xbfd5555555555555, NX, 0xbff0000000000000, 0x4008000000000000)  # -1/3
  TEST_FP_R_D(106, fsqrt.d, dyn, 0x3ff6a09e667f3bcd, NX, 0x4000000000000000)  # sqrt 2
  TEST_FP_RR_D(107, fmul.d, dyn, 0x3f847ae147ae147c, NX, 0x3fb999999999999a, 0x3fb999999999999a)
  TEST_FP_RRR_D(108, fmadd.d, dyn, 0x3cc0000000000001, NX, 0x3ff0000000000001, 0x3ff0000000000001, 0xbff0000000000000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_D(109, fnmsub.d, dyn, 0x3fe5f26844b18790, NX, 0x3fb999999999999a, 0x400921fb54442d18, 0x3ff0000000000000)
  TEST_FP_RR_D(110, fadd.d, dyn, 0x7ff0000000000000, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff)  # overflow: inf or max by mode
  TEST_FP_RR_D(111, fsub.d, dyn, 0xfff0000000000000, OF|NX, 0xffefffffffffffff, 0x7fefffffffffffff)  # negative overflow
  TEST_FP_RR_D(112, fmul.d, dyn, 0x0000000000000001, UF|NX, 0x0000000000000001, 0x3fe0000000000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_D(113, fmul.d, dyn, 0x8000000000000001, UF|NX, 0x8000000000000001, 0x3fe0000000000000)  # negative underflow tie
  TEST_FP_RR_D(114, fsub.d, dyn, 0x0000000000000000, 0, 0x4008000000000000, 0x4008000000000000)  # x - x: -0 only in rdn
  TEST_FCVT_X_D(115, fcvt.w.d, dyn, 0x0000000000000003, NX, 0x4004000000000000)  # 2.5 -> int
  TEST_FCVT_X_D(116, fcvt.w.d, dyn, 0xfffffffffffffffd, NX, 0xc004000000000000)  # -2.5
  TEST_FCVT_X_D(117, fcvt.l.d, dyn, 0xffffffffffffffff, NX, 0xbfe0000000000000)  # -0.5
  TEST_FCVT_X_D(118, fcvt.wu.d, dyn, 0x0000000000000002, NX, 0x3ff8000000000000)  # 1.5 -> unsigned
  TEST_FCVT_X_D(119, fcvt.lu.d, dyn, 0x0000000000000001, NX, 0x3fe6666666666666)  # 0.7
  TEST_FCVT_X_D(120, fcvt.wu.d, dyn, 0x0000000000000000, NV, 0xbfe0000000000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_D_X(121, fcvt.d.l, dyn, 0x43723456789abcdf, NX, 0x0123456789abcdef)
  TEST_FCVT_D_X(122, fcvt.d.l, dyn, 0xc3723456789abcdf, NX, 0xfedcba9876543211)
  TEST_FCVT_D_X(123, fcvt.d.lu, dyn, 0x4340000000000001, NX, 0x0020000000000001)  # integer tie
  TEST_FCVT_D_X(124, fcvt.d.l, dyn, 0xc340000000000002, NX, 0xffdffffffffffffd)  # negative integer tie
  TEST_FCVT_S_D(125, dyn, 0x3dcccccd, NX, 0x3fb999999999999a)  # 0.1 double -> single
  SET_FRM(0)
  # reserved rounding modes: static rm 5/6 and dyn with frm 5/6/7 are illegal; mtval = encoding
  TEST_TRAP(126, 2, FLOAD_D(fa1, 0x3ff0000000000000); 1: .insn r OP_FP, 5, 1, fa0, fa1, fa1)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(127, 2, FLOAD_D(fa1, 0x3ff0000000000000); 1: .insn r OP_FP, 6, 1, fa0, fa1, fa1)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(128, 2, csrwi frm, 5; 1: fadd.d fa0, fa1, fa1, dyn)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(129, 2, csrwi frm, 6; 1: fadd.d fa0, fa1, fa1, dyn)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(130, 2, csrwi frm, 7; 1: fadd.d fa0, fa1, fa1, dyn)
  lwu t6, 1b; CHECKR(s10, t6)
  CASE(131); csrwi frm, 7; EXPECT_TRAP_ON; fsgnj.d fa0, fa1, fa1; fmin.d fa0, fa1, fa1; feq.d a0, fa1, fa1; EXPECT_TRAP_OFF; CHECK(s9, -1)  # no rm field: frm not checked
  CASE(132); csrwi frm, 7; EXPECT_TRAP_ON; fadd.d fa0, fa1, fa1, rne; EXPECT_TRAP_OFF; CHECK(s9, -1)  # static rm ignores frm
  csrwi frm, 0
TEST_END
