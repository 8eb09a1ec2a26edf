# RV64F rounding, dynamic: each of the five rounding modes selected
# through frm with rm = dyn (same cases as the static-rm program). Reserved
# static rm values (5, 6) and invalid frm values (5, 6, 7) with dyn raise an
# illegal-instruction trap with mtval = encoding; instructions without an rm
# field, or with a static rm, ignore an invalid frm.
#include "htif_test.h"
TEST_BEGIN
  # ---- dynamic rm: frm = rne
  SET_FRM(0)  # frm = rne
  TEST_FP_RR_S(1, fadd.s, dyn, 0x3f800000, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(2, fadd.s, dyn, 0x3f800002, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(3, fadd.s, dyn, 0xbf800000, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(4, fdiv.s, dyn, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(5, fdiv.s, dyn, 0xbeaaaaab, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(6, fsqrt.s, dyn, 0x3fb504f3, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(7, fmul.s, dyn, 0x3c23d70b, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(8, fmadd.s, dyn, 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(9, fnmsub.s, dyn, 0x3f2f9342, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(10, fadd.s, dyn, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(11, fsub.s, dyn, 0xff800000, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(12, fmul.s, dyn, 0x00000000, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(13, fmul.s, dyn, 0x80000000, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(14, fsub.s, dyn, 0x00000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(15, fcvt.w.s, dyn, 0x0000000000000002, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(16, fcvt.w.s, dyn, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(17, fcvt.l.s, dyn, 0x0000000000000000, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(18, fcvt.wu.s, dyn, 0x0000000000000002, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(19, fcvt.lu.s, dyn, 0x0000000000000001, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(20, fcvt.wu.s, dyn, 0x0000000000000000, NX, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(21, fcvt.s.l, dyn, 0x5b91a2b4, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(22, fcvt.s.l, dyn, 0xdb91a2b4, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(23, fcvt.s.lu, dyn, 0x4b800000, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(24, fcvt.s.l, dyn, 0xcb800002, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(25, fcvt.s.w, dyn, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX to single
  # ---- dynamic rm: frm = rtz
  SET_FRM(1)  # frm = rtz
  TEST_FP_RR_S(26, fadd.s, dyn, 0x3f800000, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(27, fadd.s, dyn, 0x3f800001, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(28, fadd.s, dyn, 0xbf800000, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(29, fdiv.s, dyn, 0x3eaaaaaa, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(30, fdiv.s, dyn, 0xbeaaaaaa, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(31, fsqrt.s, dyn, 0x3fb504f3, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(32, fmul.s, dyn, 0x3c23d70a, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(33, fmadd.s, dyn, 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(34, fnmsub.s, dyn, 0x3f2f9341, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(35, fadd.s, dyn, 0x7f7fffff, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(36, fsub.s, dyn, 0xff7fffff, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(37, fmul.s, dyn, 0x00000000, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(38, fmul.s, dyn, 0x80000000, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(39, fsub.s, dyn, 0x00000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(40, fcvt.w.s, dyn, 0x0000000000000002, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(41, fcvt.w.s, dyn, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(42, fcvt.l.s, dyn, 0x0000000000000000, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(43, fcvt.wu.s, dyn, 0x0000000000000001, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(44, fcvt.lu.s, dyn, 0x0000000000000000, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(45, fcvt.wu.s, dyn, 0x0000000000000000, NX, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(46, fcvt.s.l, dyn, 0x5b91a2b3, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(47, fcvt.s.l, dyn, 0xdb91a2b3, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(48, fcvt.s.lu, dyn, 0x4b800000, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(49, fcvt.s.l, dyn, 0xcb800001, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(50, fcvt.s.w, dyn, 0x4effffff, NX, 0x000000007fffffff)  # INT32_MAX to single
  # ---- dynamic rm: frm = rdn
  SET_FRM(2)  # frm = rdn
  TEST_FP_RR_S(51, fadd.s, dyn, 0x3f800000, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(52, fadd.s, dyn, 0x3f800001, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(53, fadd.s, dyn, 0xbf800001, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(54, fdiv.s, dyn, 0x3eaaaaaa, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(55, fdiv.s, dyn, 0xbeaaaaab, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(56, fsqrt.s, dyn, 0x3fb504f3, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(57, fmul.s, dyn, 0x3c23d70a, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(58, fmadd.s, dyn, 0x34800000, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(59, fnmsub.s, dyn, 0x3f2f9341, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(60, fadd.s, dyn, 0x7f7fffff, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(61, fsub.s, dyn, 0xff800000, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(62, fmul.s, dyn, 0x00000000, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(63, fmul.s, dyn, 0x80000001, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(64, fsub.s, dyn, 0x80000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(65, fcvt.w.s, dyn, 0x0000000000000002, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(66, fcvt.w.s, dyn, 0xfffffffffffffffd, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(67, fcvt.l.s, dyn, 0xffffffffffffffff, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(68, fcvt.wu.s, dyn, 0x0000000000000001, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(69, fcvt.lu.s, dyn, 0x0000000000000000, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(70, fcvt.wu.s, dyn, 0x0000000000000000, NV, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(71, fcvt.s.l, dyn, 0x5b91a2b3, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(72, fcvt.s.l, dyn, 0xdb91a2b4, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(73, fcvt.s.lu, dyn, 0x4b800000, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(74, fcvt.s.l, dyn, 0xcb800002, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(75, fcvt.s.w, dyn, 0x4effffff, NX, 0x000000007fffffff)  # INT32_MAX to single
  # ---- dynamic rm: frm = rup
  SET_FRM(3)  # frm = rup
  TEST_FP_RR_S(76, fadd.s, dyn, 0x3f800001, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(77, fadd.s, dyn, 0x3f800002, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(78, fadd.s, dyn, 0xbf800000, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(79, fdiv.s, dyn, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(80, fdiv.s, dyn, 0xbeaaaaaa, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(81, fsqrt.s, dyn, 0x3fb504f4, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(82, fmul.s, dyn, 0x3c23d70b, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(83, fmadd.s, dyn, 0x34800001, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(84, fnmsub.s, dyn, 0x3f2f9342, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(85, fadd.s, dyn, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(86, fsub.s, dyn, 0xff7fffff, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(87, fmul.s, dyn, 0x00000001, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(88, fmul.s, dyn, 0x80000000, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(89, fsub.s, dyn, 0x00000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(90, fcvt.w.s, dyn, 0x0000000000000003, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(91, fcvt.w.s, dyn, 0xfffffffffffffffe, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(92, fcvt.l.s, dyn, 0x0000000000000000, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(93, fcvt.wu.s, dyn, 0x0000000000000002, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(94, fcvt.lu.s, dyn, 0x0000000000000001, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(95, fcvt.wu.s, dyn, 0x0000000000000000, NX, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(96, fcvt.s.l, dyn, 0x5b91a2b4, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(97, fcvt.s.l, dyn, 0xdb91a2b3, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(98, fcvt.s.lu, dyn, 0x4b800001, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(99, fcvt.s.l, dyn, 0xcb800001, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(100, fcvt.s.w, dyn, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX to single
  # ---- dynamic rm: frm = rmm
  SET_FRM(4)  # frm = rmm
  TEST_FP_RR_S(101, fadd.s, dyn, 0x3f800001, NX, 0x3f800000, 0x33800000)  # tie: 1 + half ulp
  TEST_FP_RR_S(102, fadd.s, dyn, 0x3f800002, NX, 0x3f800001, 0x33800000)  # tie: (1+ulp) + half ulp
  TEST_FP_RR_S(103, fadd.s, dyn, 0xbf800001, NX, 0xbf800000, 0xb3800000)  # negative tie
  TEST_FP_RR_S(104, fdiv.s, dyn, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(105, fdiv.s, dyn, 0xbeaaaaab, NX, 0xbf800000, 0x40400000)  # -1/3
  TEST_FP_R_S(106, fsqrt.s, dyn, 0x3fb504f3, NX, 0x40000000)  # sqrt 2
  TEST_FP_RR_S(107, fmul.s, dyn, 0x3c23d70b, NX, 0x3dcccccd, 0x3dcccccd)
  TEST_FP_RRR_S(108, fmadd.s, dyn, 0x34800001, NX, 0x3f800001, 0x3f800001, 0xbf800000)  # fused, inexact in no mode? 2u+u^2
  TEST_FP_RRR_S(109, fnmsub.s, dyn, 0x3f2f9342, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RR_S(110, fadd.s, dyn, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow: inf or max by mode
  TEST_FP_RR_S(111, fsub.s, dyn, 0xff800000, OF|NX, 0xff7fffff, 0x7f7fffff)  # negative overflow
  TEST_FP_RR_S(112, fmul.s, dyn, 0x00000001, UF|NX, 0x00000001, 0x3f000000)  # underflow tie: 0 or min subnormal by mode
  TEST_FP_RR_S(113, fmul.s, dyn, 0x80000001, UF|NX, 0x80000001, 0x3f000000)  # negative underflow tie
  TEST_FP_RR_S(114, fsub.s, dyn, 0x00000000, 0, 0x40400000, 0x40400000)  # x - x: -0 only in rdn
  TEST_FCVT_X_S(115, fcvt.w.s, dyn, 0x0000000000000003, NX, 0x40200000)  # 2.5 -> int
  TEST_FCVT_X_S(116, fcvt.w.s, dyn, 0xfffffffffffffffd, NX, 0xc0200000)  # -2.5
  TEST_FCVT_X_S(117, fcvt.l.s, dyn, 0xffffffffffffffff, NX, 0xbf000000)  # -0.5
  TEST_FCVT_X_S(118, fcvt.wu.s, dyn, 0x0000000000000002, NX, 0x3fc00000)  # 1.5 -> unsigned
  TEST_FCVT_X_S(119, fcvt.lu.s, dyn, 0x0000000000000001, NX, 0x3f333333)  # 0.7
  TEST_FCVT_X_S(120, fcvt.wu.s, dyn, 0x0000000000000000, NV, 0xbf000000)  # -0.5 -> unsigned: rounds to 0 or -1
  TEST_FCVT_S_X(121, fcvt.s.l, dyn, 0x5b91a2b4, NX, 0x0123456789abcdef)
  TEST_FCVT_S_X(122, fcvt.s.l, dyn, 0xdb91a2b4, NX, 0xfedcba9876543211)
  TEST_FCVT_S_X(123, fcvt.s.lu, dyn, 0x4b800001, NX, 0x0000000001000001)  # integer tie
  TEST_FCVT_S_X(124, fcvt.s.l, dyn, 0xcb800002, NX, 0xfffffffffefffffd)  # negative integer tie
  TEST_FCVT_S_X(125, fcvt.s.w, dyn, 0x4f000000, NX, 0x000000007fffffff)  # INT32_MAX to single
  SET_FRM(0)
  # reserved rounding modes: static rm 5/6 and dyn with frm 5/6/7 are illegal; mtval = encoding
  TEST_TRAP(126, 2, FLOAD_S(fa1, 0x3f800000); 1: .insn r OP_FP, 5, 0, fa0, fa1, fa1)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(127, 2, FLOAD_S(fa1, 0x3f800000); 1: .insn r OP_FP, 6, 0, fa0, fa1, fa1)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(128, 2, csrwi frm, 5; 1: fadd.s fa0, fa1, fa1, dyn)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(129, 2, csrwi frm, 6; 1: fadd.s fa0, fa1, fa1, dyn)
  lwu t6, 1b; CHECKR(s10, t6)
  TEST_TRAP(130, 2, csrwi frm, 7; 1: fadd.s fa0, fa1, fa1, dyn)
  lwu t6, 1b; CHECKR(s10, t6)
  CASE(131); csrwi frm, 7; EXPECT_TRAP_ON; fsgnj.s fa0, fa1, fa1; fmin.s fa0, fa1, fa1; feq.s a0, fa1, fa1; EXPECT_TRAP_OFF; CHECK(s9, -1)  # no rm field: frm not checked
  CASE(132); csrwi frm, 7; EXPECT_TRAP_ON; fadd.s fa0, fa1, fa1, rne; EXPECT_TRAP_OFF; CHECK(s9, -1)  # static rm ignores frm
  csrwi frm, 0
TEST_END
