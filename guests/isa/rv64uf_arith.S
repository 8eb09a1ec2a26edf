# RV64F single-precision arithmetic: f{add,sub,mul,div,sqrt}.s,
# f{madd,msub,nmadd,nmsub}.s (single rounding), checking result bits (single
# results must come back NaN-boxed) and fflags after every operation: exact
# and inexact results, overflow, underflow/subnormals, +-0, +-inf, quiet and
# signalling NaN (canonical NaN out), invalid and divide-by-zero.
#include "htif_test.h"
TEST_BEGIN
  # fadd
  TEST_FP_RR_S(1, fadd.s, rne, 0x40400000, 0, 0x3f800000, 0x40000000)  # 1 + 2 = 3
  TEST_FP_RR_S(2, fadd.s, rne, 0xbf000000, 0, 0xbf800000, 0x3f000000)  # -1 + 0.5
  TEST_FP_RR_S(3, fadd.s, rne, 0x3f800000, NX, 0x3f800000, 0x33800000)  # 1 + half ulp: tie to even, NX
  TEST_FP_RR_S(4, fadd.s, rne, 0x3f800002, NX, 0x3f800001, 0x33800000)  # (1+ulp) + half ulp: tie rounds up to even
  TEST_FP_RR_S(5, fadd.s, rne, 0x404f7641, NX, 0x40490fdb, 0x3dcccccd)  # inexact
  TEST_FP_RR_S(6, fadd.s, rne, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff)  # overflow -> inf
  TEST_FP_RR_S(7, fadd.s, rne, 0xff800000, OF|NX, 0xff7fffff, 0xff7fffff)  # overflow -> -inf
  TEST_FP_RR_S(8, fadd.s, rne, 0x7fc00000, NV, 0x7f800000, 0xff800000)  # inf - inf: invalid
  TEST_FP_RR_S(9, fadd.s, rne, 0x7f800000, 0, 0x7f800000, 0x3f800000)  # inf + 1
  TEST_FP_RR_S(10, fadd.s, rne, 0xff800000, 0, 0xff800000, 0xff800000)  # -inf + -inf
  TEST_FP_RR_S(11, fadd.s, rne, 0x00000000, 0, 0x00000000, 0x80000000)  # +0 + -0 = +0
  TEST_FP_RR_S(12, fadd.s, rne, 0x80000000, 0, 0x80000000, 0x80000000)  # -0 + -0 = -0
  TEST_FP_RR_S(13, fadd.s, rne, 0x00000000, 0, 0x3f800000, 0xbf800000)  # 1 + -1 = +0
  TEST_FP_RR_S(14, fadd.s, rne, 0x7fc00000, 0, 0x7fc00000, 0x3f800000)  # qNaN: canonical, no flags
  TEST_FP_RR_S(15, fadd.s, rne, 0x7fc00000, NV, 0x3f800000, 0x7f800001)  # sNaN: invalid
  TEST_FP_RR_S(16, fadd.s, rne, 0x7fc00000, 0, 0x7fc12345, 0x3f800000)  # NaN payload not propagated
  TEST_FP_RR_S(17, fadd.s, rne, 0x7fc00000, NV, 0xffa00000, 0x7fc00000)  # sNaN + qNaN
  TEST_FP_RR_S(18, fadd.s, rne, 0x00000002, 0, 0x00000001, 0x00000001)  # subnormal + subnormal (exact, no UF)
  TEST_FP_RR_S(19, fadd.s, rne, 0x00800000, 0, 0x007fffff, 0x00000001)  # largest subnormal + min subnormal = min normal
  TEST_FP_RR_S(20, fadd.s, rne, 0x007fffff, 0, 0x00800000, 0x80000001)  # min normal - min subnormal = max subnormal
  # fsub
  TEST_FP_RR_S(21, fsub.s, rne, 0xbf800000, 0, 0x3f800000, 0x40000000)  # 1 - 2
  TEST_FP_RR_S(22, fsub.s, rne, 0x40200000, 0, 0x40400000, 0x3f000000)
  TEST_FP_RR_S(23, fsub.s, rne, 0x7fc00000, NV, 0x7f800000, 0x7f800000)  # invalid
  TEST_FP_RR_S(24, fsub.s, rne, 0x7f800000, 0, 0x7f800000, 0xff800000)  # inf - -inf = inf
  TEST_FP_RR_S(25, fsub.s, rne, 0x80000000, 0, 0x80000000, 0x00000000)  # -0 - +0 = -0
  TEST_FP_RR_S(26, fsub.s, rne, 0x00000000, 0, 0x00000000, 0x00000000)  # +0 - +0 = +0
  TEST_FP_RR_S(27, fsub.s, rne, 0x00000000, 0, 0x3f800000, 0x3f800000)  # x - x = +0
  TEST_FP_RR_S(28, fsub.s, rne, 0x34000000, 0, 0x3f800001, 0x3f800000)  # exact tiny difference
  TEST_FP_RR_S(29, fsub.s, rne, 0x7fc00000, NV, 0x3f800000, 0x7f800001)  # sNaN
  TEST_FP_RR_S(30, fsub.s, rne, 0xff800000, OF|NX, 0xff7fffff, 0x7f7fffff)  # overflow
  TEST_FP_RR_S(31, fsub.s, rne, 0xc042a975, NX, 0x3dcccccd, 0x40490fdb)
  # fmul
  TEST_FP_RR_S(32, fmul.s, rne, 0x40c00000, 0, 0x40000000, 0x40400000)
  TEST_FP_RR_S(33, fmul.s, rne, 0xc0400000, 0, 0xbf800000, 0x40400000)
  TEST_FP_RR_S(34, fmul.s, rne, 0x3c23d70b, NX, 0x3dcccccd, 0x3dcccccd)  # inexact
  TEST_FP_RR_S(35, fmul.s, rne, 0x7f800000, OF|NX, 0x7f7fffff, 0x40000000)  # overflow
  TEST_FP_RR_S(36, fmul.s, rne, 0x00400000, 0, 0x00800000, 0x3f000000)  # exact subnormal result: no UF
  TEST_FP_RR_S(37, fmul.s, rne, 0x0087ffff, 0, 0x00800000, 0x3f87ffff)  # tiny and inexact: UF
  TEST_FP_RR_S(38, fmul.s, rne, 0x00000000, UF|NX, 0x00000001, 0x3f000000)  # rounds to 0: UF|NX
  TEST_FP_RR_S(39, fmul.s, rne, 0x00000003, 0, 0x00000001, 0x40400000)  # subnormal * 3 exact
  TEST_FP_RR_S(40, fmul.s, rne, 0x7fc00000, NV, 0x00000000, 0x7f800000)  # 0 * inf: invalid
  TEST_FP_RR_S(41, fmul.s, rne, 0x7fc00000, NV, 0xff800000, 0x80000000)  # -inf * -0: invalid
  TEST_FP_RR_S(42, fmul.s, rne, 0x80000000, 0, 0x80000000, 0x40400000)  # -0 * 3 = -0
  TEST_FP_RR_S(43, fmul.s, rne, 0x7f800000, 0, 0xff800000, 0xbf800000)  # -inf * -1 = inf
  TEST_FP_RR_S(44, fmul.s, rne, 0x7fc00000, 0, 0x7fc00000, 0x00000000)  # qNaN * 0: no flags
  TEST_FP_RR_S(45, fmul.s, rne, 0x7fc00000, NV, 0x7f800001, 0x3f800000)
  TEST_FP_RR_S(46, fmul.s, rne, 0x00fffffe, 0, 0x007fffff, 0x40000000)  # subnormal * 2 normalises
  # fdiv
  TEST_FP_RR_S(47, fdiv.s, rne, 0x3eaaaaab, NX, 0x3f800000, 0x40400000)  # 1/3
  TEST_FP_RR_S(48, fdiv.s, rne, 0x40000000, 0, 0x40c00000, 0x40400000)  # exact
  TEST_FP_RR_S(49, fdiv.s, rne, 0x7f800000, DZ, 0x3f800000, 0x00000000)  # 1/0 = inf, DZ
  TEST_FP_RR_S(50, fdiv.s, rne, 0xff800000, DZ, 0xbf800000, 0x00000000)  # -1/+0 = -inf, DZ
  TEST_FP_RR_S(51, fdiv.s, rne, 0xff800000, DZ, 0x3f800000, 0x80000000)  # 1/-0 = -inf, DZ
  TEST_FP_RR_S(52, fdiv.s, rne, 0x7fc00000, NV, 0x00000000, 0x00000000)  # 0/0 invalid
  TEST_FP_RR_S(53, fdiv.s, rne, 0x7fc00000, NV, 0x7f800000, 0xff800000)  # inf/inf invalid
  TEST_FP_RR_S(54, fdiv.s, rne, 0x00000000, 0, 0x3f800000, 0x7f800000)  # 1/inf = 0
  TEST_FP_RR_S(55, fdiv.s, rne, 0x80000000, 0, 0xbf800000, 0x7f800000)  # -1/inf = -0
  TEST_FP_RR_S(56, fdiv.s, rne, 0x7f800000, 0, 0x7f800000, 0x00000000)  # inf/0 = inf, no DZ
  TEST_FP_RR_S(57, fdiv.s, rne, 0x00000000, 0, 0x00000000, 0x40400000)  # 0/3 = 0
  TEST_FP_RR_S(58, fdiv.s, rne, 0x7fc00000, 0, 0x7fc00000, 0x00000000)  # NaN/0: no DZ
  TEST_FP_RR_S(59, fdiv.s, rne, 0x7fc00000, NV, 0x7f800001, 0x3f800000)
  TEST_FP_RR_S(60, fdiv.s, rne, 0x7f800000, OF|NX, 0x7f7fffff, 0x3f000000)  # overflow
  TEST_FP_RR_S(61, fdiv.s, rne, 0x002aaaab, UF|NX, 0x00800000, 0x40400000)  # underflow
  TEST_FP_RR_S(62, fdiv.s, rne, 0x00000000, UF|NX, 0x00000001, 0x40000000)  # tie to 0: UF|NX
  TEST_FP_RR_S(63, fdiv.s, rne, 0x3d026136, NX, 0x3dcccccd, 0x40490fdb)
  # fsqrt
  TEST_FP_R_S(64, fsqrt.s, rne, 0x40000000, 0, 0x40800000)  # sqrt 4 = 2
  TEST_FP_R_S(65, fsqrt.s, rne, 0x3fb504f3, NX, 0x40000000)  # sqrt 2 inexact
  TEST_FP_R_S(66, fsqrt.s, rne, 0x7fc00000, NV, 0xbf800000)  # sqrt -1 invalid
  TEST_FP_R_S(67, fsqrt.s, rne, 0x80000000, 0, 0x80000000)  # sqrt -0 = -0
  TEST_FP_R_S(68, fsqrt.s, rne, 0x00000000, 0, 0x00000000)
  TEST_FP_R_S(69, fsqrt.s, rne, 0x7f800000, 0, 0x7f800000)
  TEST_FP_R_S(70, fsqrt.s, rne, 0x7fc00000, NV, 0xff800000)  # invalid
  TEST_FP_R_S(71, fsqrt.s, rne, 0x1a3504f3, NX, 0x00000001)  # subnormal input
  TEST_FP_R_S(72, fsqrt.s, rne, 0x5f7fffff, NX, 0x7f7fffff)
  TEST_FP_R_S(73, fsqrt.s, rne, 0x7fc00000, 0, 0x7fc00000)
  TEST_FP_R_S(74, fsqrt.s, rne, 0x7fc00000, NV, 0x7f800001)
  TEST_FP_R_S(75, fsqrt.s, rne, 0x7fc00000, NV, 0xffa00000)  # negative sNaN
  TEST_FP_R_S(76, fsqrt.s, rne, 0x3fe2dfc5, NX, 0x40490fdb)
  # fused multiply-add: one rounding (a separate mul+add would give 0)
  TEST_FP_RRR_S(77, fmadd.s, rne, 0x28800000, 0, 0x3f800001, 0x3f800001, 0xbf800002)  # (1+u)^2 - (1+2u) = u^2 exactly
  TEST_FP_RRR_S(78, fmsub.s, rne, 0x28800000, 0, 0x3f800001, 0x3f800001, 0x3f800002)  # (1+u)^2 - (1+2u) = u^2
  TEST_FP_RRR_S(79, fnmsub.s, rne, 0xa8800000, 0, 0x3f800001, 0x3f800001, 0x3f800002)  # -(1+u)^2 + (1+2u) = -u^2
  TEST_FP_RRR_S(80, fnmadd.s, rne, 0xa8800000, 0, 0x3f800001, 0x3f800001, 0xbf800002)  # -(1+u)^2 - -(1+2u) = -u^2
  TEST_FP_RRR_S(81, fmadd.s, rne, 0x40a00000, 0, 0x3f800000, 0x40000000, 0x40400000)  # 1*2+3
  TEST_FP_RRR_S(82, fmsub.s, rne, 0x40a00000, 0, 0x40000000, 0x40400000, 0x3f800000)  # 2*3-1
  TEST_FP_RRR_S(83, fnmsub.s, rne, 0xc0a00000, 0, 0x40000000, 0x40400000, 0x3f800000)  # -(2*3)+1
  TEST_FP_RRR_S(84, fnmadd.s, rne, 0xc0e00000, 0, 0x40000000, 0x40400000, 0x3f800000)  # -(2*3)-1
  TEST_FP_RRR_S(85, fmadd.s, rne, 0x7fc00000, NV, 0x7f800000, 0x00000000, 0x7fc00000)  # inf*0 + qNaN: invalid (RISC-V requires NV)
  TEST_FP_RRR_S(86, fmadd.s, rne, 0x7fc00000, NV, 0x00000000, 0xff800000, 0x3f800000)  # 0*-inf + 1: invalid
  TEST_FP_RRR_S(87, fmadd.s, rne, 0x7fc00000, NV, 0x7f800000, 0x3f800000, 0xff800000)  # inf - inf: invalid
  TEST_FP_RRR_S(88, fmadd.s, rne, 0x7fc00000, NV, 0x3f800000, 0x3f800000, 0x7f800001)  # sNaN addend
  TEST_FP_RRR_S(89, fmadd.s, rne, 0x7fc00000, 0, 0x7fc00000, 0x3f800000, 0x3f800000)  # qNaN: no flags
  TEST_FP_RRR_S(90, fmadd.s, rne, 0x00000000, 0, 0x00000000, 0xbf800000, 0x00000000)  # +0*-1 + +0 = +0
  TEST_FP_RRR_S(91, fmadd.s, rne, 0x80000000, 0, 0x80000000, 0x3f800000, 0x80000000)  # -0 + -0 = -0
  TEST_FP_RRR_S(92, fnmadd.s, rne, 0x80000000, 0, 0x00000000, 0x3f800000, 0x00000000)  # -(0*1) - 0 = -0
  TEST_FP_RRR_S(93, fnmsub.s, rne, 0x00000000, 0, 0x00000000, 0x3f800000, 0x00000000)  # -(0*1) + 0 = +0
  TEST_FP_RRR_S(94, fmsub.s, rne, 0x00000000, 0, 0x3f800000, 0x3f800000, 0x3f800000)  # 1*1 - 1 = +0
  TEST_FP_RRR_S(95, fmadd.s, rne, 0x7f7fffff, 0, 0x7f7fffff, 0x40000000, 0xff7fffff)  # product overflows range but sum fits: exact
  TEST_FP_RRR_S(96, fmadd.s, rne, 0x7f800000, OF|NX, 0x7f7fffff, 0x7f7fffff, 0x3f800000)  # overflow
  TEST_FP_RRR_S(97, fmadd.s, rne, 0x00400000, 0, 0x00800000, 0x3f000000, 0x00000000)  # exact subnormal
  TEST_FP_RRR_S(98, fmadd.s, rne, 0x00000000, UF|NX, 0x00000001, 0x3f000000, 0x00000000)  # underflow to 0
  TEST_FP_RRR_S(99, fnmadd.s, rne, 0xff800000, 0, 0x7f800000, 0x3f800000, 0x3f800000)  # -inf - 1
  TEST_FP_RRR_S(100, fmsub.s, rne, 0xbf2f9342, NX, 0x3dcccccd, 0x40490fdb, 0x3f800000)
  TEST_FP_RRR_S(101, fnmsub.s, rne, 0x3db851ec, NX, 0x3dcccccd, 0x3dcccccd, 0x3dcccccd)
TEST_END
