# RV64F non-arithmetic instructions: fsgnj/fsgnjn/fsgnjx.s, fmin/fmax.s
# (incl. -0/+0 and NaN rules), feq/flt/fle.s (quiet vs signalling compares),
# fclass.s for every class, fmv between register files, flw/fsw, and NaN-boxing of single inputs.
#include "htif_test.h"
TEST_BEGIN
  # fsgnj / fsgnjn / fsgnjx (bit operations: NaNs pass through unchanged, no flags)
  TEST_FP_RRN_S(1, fsgnj.s, 0xbf800000, 0, 0x3f800000, 0xc0000000)
  TEST_FP_RRN_S(2, fsgnj.s, 0x3f800000, 0, 0xbf800000, 0x40000000)
  TEST_FP_RRN_S(3, fsgnj.s, 0x80000000, 0, 0x00000000, 0xff800000)
  TEST_FP_RRN_S(4, fsgnjn.s, 0x3f800000, 0, 0x3f800000, 0xc0000000)
  TEST_FP_RRN_S(5, fsgnjn.s, 0xbf800000, 0, 0x3f800000, 0x40000000)
  TEST_FP_RRN_S(6, fsgnjn.s, 0x00000000, 0, 0x80000000, 0x80000000)
  TEST_FP_RRN_S(7, fsgnjx.s, 0x3f800000, 0, 0xbf800000, 0xc0000000)
  TEST_FP_RRN_S(8, fsgnjx.s, 0xbf800000, 0, 0xbf800000, 0x40000000)
  TEST_FP_RRN_S(9, fsgnjx.s, 0xbf800000, 0, 0x3f800000, 0xc0000000)
  TEST_FP_RRN_S(10, fsgnj.s, 0xffc12345, 0, 0x7fc12345, 0xbf800000)  # NaN payload kept
  TEST_FP_RRN_S(11, fsgnjn.s, 0xff800001, 0, 0x7f800001, 0x3f800000)  # sNaN: no NV
  TEST_FP_RRN_S(12, fsgnjx.s, 0xffc00000, 0, 0x7fc00000, 0xff800000)
  CASE(13); FLOAD_S(fa1, 0xc0000000); fneg.s fa0, fa1; CHECK_FS(fa0, 0x40000000)
  CASE(14); FLOAD_S(fa1, 0xc0000000); fabs.s fa0, fa1; CHECK_FS(fa0, 0x40000000)
  CASE(15); FLOAD_S(fa1, 0xff800001); fabs.s fa0, fa1; CHECK_FS(fa0, 0x7f800001)
  CASE(16); FLOAD_S(fa1, 0x40000000); fmv.s fa0, fa1; CHECK_FS(fa0, 0x40000000)
  # fmin / fmax: -0 < +0, one NaN operand returns the other, sNaN raises NV
  TEST_FP_RRN_S(17, fmin.s, 0x3f800000, 0, 0x3f800000, 0x40000000)
  TEST_FP_RRN_S(18, fmin.s, 0xc0000000, 0, 0x3f800000, 0xc0000000)
  TEST_FP_RRN_S(19, fmax.s, 0x40000000, 0, 0x3f800000, 0x40000000)
  TEST_FP_RRN_S(20, fmax.s, 0x3f800000, 0, 0x3f800000, 0xc0000000)
  TEST_FP_RRN_S(21, fmin.s, 0x80000000, 0, 0x00000000, 0x80000000)  # min(+0,-0) = -0
  TEST_FP_RRN_S(22, fmin.s, 0x80000000, 0, 0x80000000, 0x00000000)
  TEST_FP_RRN_S(23, fmax.s, 0x00000000, 0, 0x80000000, 0x00000000)  # max(-0,+0) = +0
  TEST_FP_RRN_S(24, fmax.s, 0x00000000, 0, 0x00000000, 0x80000000)
  TEST_FP_RRN_S(25, fmin.s, 0x3f800000, 0, 0x7fc00000, 0x3f800000)  # qNaN ignored
  TEST_FP_RRN_S(26, fmax.s, 0x3f800000, 0, 0x3f800000, 0x7fc00000)
  TEST_FP_RRN_S(27, fmin.s, 0x3f800000, NV, 0x7f800001, 0x3f800000)  # sNaN: other operand, NV
  TEST_FP_RRN_S(28, fmax.s, 0xbf800000, NV, 0xbf800000, 0x7f800001)
  TEST_FP_RRN_S(29, fmin.s, 0x7fc00000, 0, 0x7fc00000, 0x7fc00000)  # both NaN: canonical
  TEST_FP_RRN_S(30, fmax.s, 0x7fc00000, 0, 0x7fc12345, 0xffc00000)  # payloads dropped
  TEST_FP_RRN_S(31, fmin.s, 0x7fc00000, NV, 0x7f800001, 0x7fc00000)
  TEST_FP_RRN_S(32, fmax.s, 0x7fc00000, NV, 0xff800001, 0x7f800001)
  TEST_FP_RRN_S(33, fmin.s, 0xff800000, 0, 0x7f800000, 0xff800000)
  TEST_FP_RRN_S(34, fmax.s, 0x7f800000, 0, 0x7f800000, 0xff800000)
  TEST_FP_RRN_S(35, fmin.s, 0x00000001, 0, 0x00000001, 0x007fffff)
  TEST_FP_RRN_S(36, fmax.s, 0x7f7fffff, 0, 0x7f7fffff, 0x00800000)
  # feq / flt / fle: quiet NaN raises NV only for flt/fle; sNaN always NV
  TEST_FP_CMP_S(37, feq.s, 1, 0, 0x3f800000, 0x3f800000)
  TEST_FP_CMP_S(38, feq.s, 0, 0, 0x3f800000, 0x40000000)
  TEST_FP_CMP_S(39, feq.s, 1, 0, 0x00000000, 0x80000000)  # +0 == -0
  TEST_FP_CMP_S(40, feq.s, 0, 0, 0x7fc00000, 0x3f800000)  # qNaN: no flags
  TEST_FP_CMP_S(41, feq.s, 0, 0, 0x7fc00000, 0x7fc00000)
  TEST_FP_CMP_S(42, feq.s, 0, NV, 0x7f800001, 0x3f800000)
  TEST_FP_CMP_S(43, feq.s, 0, NV, 0x3f800000, 0xff800001)
  TEST_FP_CMP_S(44, flt.s, 1, 0, 0x3f800000, 0x40000000)
  TEST_FP_CMP_S(45, flt.s, 0, 0, 0x40000000, 0x3f800000)
  TEST_FP_CMP_S(46, flt.s, 0, 0, 0x3f800000, 0x3f800000)
  TEST_FP_CMP_S(47, flt.s, 0, 0, 0x80000000, 0x00000000)  # -0 < +0 is false
  TEST_FP_CMP_S(48, flt.s, 1, 0, 0xff800000, 0x7f800000)
  TEST_FP_CMP_S(49, flt.s, 1, 0, 0xc0000000, 0xbf800000)
  TEST_FP_CMP_S(50, flt.s, 1, 0, 0x00000001, 0x00800000)
  TEST_FP_CMP_S(51, flt.s, 1, 0, 0x80000000, 0x00000001)
  TEST_FP_CMP_S(52, flt.s, 0, NV, 0x7fc00000, 0x3f800000)  # qNaN: NV
  TEST_FP_CMP_S(53, flt.s, 0, NV, 0x3f800000, 0x7fc00000)
  TEST_FP_CMP_S(54, flt.s, 0, NV, 0x7f800001, 0x3f800000)
  TEST_FP_CMP_S(55, fle.s, 1, 0, 0x3f800000, 0x40000000)
  TEST_FP_CMP_S(56, fle.s, 0, 0, 0x40000000, 0x3f800000)
  TEST_FP_CMP_S(57, fle.s, 1, 0, 0x3f800000, 0x3f800000)
  TEST_FP_CMP_S(58, fle.s, 1, 0, 0x80000000, 0x00000000)
  TEST_FP_CMP_S(59, fle.s, 1, 0, 0x00000000, 0x80000000)
  TEST_FP_CMP_S(60, fle.s, 1, 0, 0xff800000, 0xff800000)
  TEST_FP_CMP_S(61, fle.s, 0, NV, 0x7fc00000, 0x7fc00000)
  TEST_FP_CMP_S(62, fle.s, 0, NV, 0x3f800000, 0x7f800001)
  CASE(63); FLOAD_S(fa1, 0x3f800000); FLOAD_S(fa2, 0x40000000); CLEAR_FLAGS; fgt.s a0, fa2, fa1; CHECK(a0, 1); fge.s a0, fa1, fa2; CHECK(a0, 0); CHECK_FLAGS(0)
  # fclass: every class
  TEST_FCLASS_S(64, 0x001, 0xff800000)  # -inf
  TEST_FCLASS_S(65, 0x002, 0xbf800000)  # -normal
  TEST_FCLASS_S(66, 0x002, 0xff7fffff)  # -max
  TEST_FCLASS_S(67, 0x004, 0x80000001)  # -subnormal
  TEST_FCLASS_S(68, 0x004, 0x807fffff)
  TEST_FCLASS_S(69, 0x008, 0x80000000)  # -0
  TEST_FCLASS_S(70, 0x010, 0x00000000)  # +0
  TEST_FCLASS_S(71, 0x020, 0x00000001)  # +subnormal
  TEST_FCLASS_S(72, 0x020, 0x007fffff)
  TEST_FCLASS_S(73, 0x040, 0x3f800000)  # +normal
  TEST_FCLASS_S(74, 0x040, 0x00800000)
  TEST_FCLASS_S(75, 0x080, 0x7f800000)  # +inf
  TEST_FCLASS_S(76, 0x100, 0x7f800001)  # sNaN
  TEST_FCLASS_S(77, 0x100, 0xff800001)  # -sNaN
  TEST_FCLASS_S(78, 0x200, 0x7fc00000)  # qNaN
  TEST_FCLASS_S(79, 0x200, 0xffc00000)  # -qNaN
  TEST_FCLASS_S(80, 0x200, 0x7fc12345)
  # fmv.x.w / fmv.w.x: raw bits; fmv.x.w sign-extends, fmv.w.x NaN-boxes
  CASE(81); li a1, 0x1234567880000000; fmv.w.x fa0, a1; CHECK_FS(fa0, 0x80000000)
  CASE(82); fmv.x.w a0, fa0; CHECK(a0, 0xffffffff80000000)
  CASE(83); li a1, 0x7f800001; fmv.w.x fa0, a1; CLEAR_FLAGS; fmv.x.w a0, fa0; CHECK(a0, 0x7f800001); CHECK_FLAGS(0)  # sNaN moved unchanged
  CASE(84); li a1, 0x000000003f800000; fmv.d.x fa0, a1; fmv.x.w a0, fa0; CHECK(a0, 0x3f800000)  # unboxed value: low 32 bits moved
  # flw / fsw: loads NaN-box, stores write the low 32 bits even if not boxed, no canonicalisation
  CASE(85); la a1, fdata; flw fa0, 0(a1); CHECK_FS(fa0, 0x7f800001); flw fa1, 4(a1); CHECK_FS(fa1, 0xbf800000)
  CASE(86); la a1, fbuf; sd zero, 0(a1); fsw fa0, 4(a1); ld a0, 0(a1); CHECK(a0, 0x7f80000100000000)
  CASE(87); la a1, fbuf; li t0, 0x123456789abcdef0; fmv.d.x fa2, t0; fsw fa2, 0(a1); lwu a0, 0(a1); CHECK(a0, 0x9abcdef0)
  CASE(88); la a1, fdata; flw fa3, -4+8(a1); fmv.x.d a0, fa3; CHECK(a0, 0xffffffffbf800000)
  # NaN-boxing: single inputs whose upper 32 bits are not all ones read as the canonical NaN
  CASE(89); FLOAD_D(fa1, 0x000000003f800000); FLOAD_S(fa2, 0x3f800000); CLEAR_FLAGS; fadd.s fa0, fa1, fa2; CHECK_FLAGS(0); CHECK_FS(fa0, 0x7fc00000)
  CASE(90); FLOAD_D(fa1, 0xfffffffe3f800000); FLOAD_S(fa2, 0x3f800000); CLEAR_FLAGS; fmul.s fa0, fa2, fa1; CHECK_FLAGS(0); CHECK_FS(fa0, 0x7fc00000)
  CASE(91); FLOAD_D(fa1, 0x000000003f800000); FLOAD_S(fa2, 0xbf800000); fsgnj.s fa0, fa1, fa2; CHECK_FS(fa0, 0xffc00000)  # rs1 unboxed -> canonical NaN
  CASE(92); FLOAD_D(fa1, 0x000000003f800000); FLOAD_S(fa2, 0xbf800000); fsgnj.s fa0, fa2, fa1; CHECK_FS(fa0, 0x3f800000)  # rs2 unboxed: sign of canonical NaN (+)
  CASE(93); FLOAD_D(fa1, 0x000000003f800000); FLOAD_S(fa2, 0x3f800000); fsgnjn.s fa0, fa2, fa1; CHECK_FS(fa0, 0xbf800000)
  CASE(94); FLOAD_D(fa1, 0x000000003f800000); fclass.s a0, fa1; CHECK(a0, 0x200)
  CASE(95); FLOAD_D(fa1, 0x000000003f800000); CLEAR_FLAGS; feq.s a0, fa1, fa1; CHECK(a0, 0); CHECK_FLAGS(0)
  CASE(96); FLOAD_D(fa1, 0x000000003f800000); FLOAD_S(fa2, 0x3f800000); CLEAR_FLAGS; flt.s a0, fa1, fa2; CHECK(a0, 0); CHECK_FLAGS(NV)
  CASE(97); FLOAD_D(fa1, 0x000000003f800000); FLOAD_S(fa2, 0x40000000); CLEAR_FLAGS; fmin.s fa0, fa1, fa2; CHECK_FLAGS(0); CHECK_FS(fa0, 0x40000000)
  CASE(98); FLOAD_D(fa1, 0x000000003f800000); CLEAR_FLAGS; fcvt.d.s fa0, fa1; CHECK_FLAGS(0); CHECK_FD(fa0, 0x7ff8000000000000)
  CASE(99); FLOAD_D(fa1, 0x000000003f800000); CLEAR_FLAGS; fcvt.w.s a0, fa1, rtz; CHECK_FLAGS(NV); CHECK(a0, 0x7fffffff)
  CASE(100); FLOAD_D(fa1, 0x000000003f800000); FLOAD_S(fa2, 0x3f800000); FLOAD_S(fa3, 0x3f800000); CLEAR_FLAGS; fmadd.s fa0, fa2, fa3, fa1; CHECK_FLAGS(0); CHECK_FS(fa0, 0x7fc00000)
  CASE(101); FLOAD_D(fa1, 0x000000003f800000); CLEAR_FLAGS; fsqrt.s fa0, fa1; CHECK_FLAGS(0); CHECK_FS(fa0, 0x7fc00000)
  CASE(102); FLOAD_D(fa1, 0xffffffff7f800001); CLEAR_FLAGS; fadd.s fa0, fa1, fa1; CHECK_FLAGS(NV); CHECK_FS(fa0, 0x7fc00000)  # properly boxed sNaN still signals
TEST_END

TEST_DATA_BEGIN
fdata: .word 0x7f800001, 0xbf800000
fbuf: .dword 0, 0
TEST_DATA_END
