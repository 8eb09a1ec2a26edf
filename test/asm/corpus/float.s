# asm-test: -Ttext=0x80000000 -Tdata=0x80008000
# Assembler corpus: the F and D extensions. Every instruction, each instruction
# that has a rounding-mode field both without one (dynamic) and with each of
# rne/rtz/rdn/rup/rmm/dyn; loads/stores (fld/fsd compress under rvc, flw/fsw never
# do on RV64); every FP register name (fN and ABI); the FP pseudo-instructions.
	.globl	_start
	.text
_start:
# --- loads and stores ---------------------------------------------------------
	flw	ft0, 0(a0)
	flw	fa0, -2048(sp)
	flw	f31, 2047(t0)
	fsw	ft1, 4(a1)
	fsw	fs0, -4(s0)
	fld	fa1, 8(a0)
	fld	fa1, 9(a0)
	fld	f0, 248(s0)
	fld	f8, 256(s0)
	fld	fs1, 16(sp)
	fld	fs11, 504(sp)
	fld	ft0, 512(sp)
	fsd	fa2, 0(a5)
	fsd	fa2, 0(a6)
	fsd	fs2, 8(sp)
	fsd	ft11, 504(sp)
	fsd	ft11, 508(sp)
	fld	fa0, (a0)
	fsd	fa0, (sp)
	.option	push
	.option	norvc
	fld	fa0, 8(a0)
	fsd	fa0, 8(sp)
	.option	pop
# --- .s arithmetic with every rounding mode ---------------------------------
	fmadd.s	fa0, fa1, fa2, fa3
	fmadd.s	fa0, fa1, fa2, fa3, rne
	fmadd.s	fa0, fa1, fa2, fa3, rtz
	fmadd.s	fa0, fa1, fa2, fa3, rdn
	fmadd.s	fa0, fa1, fa2, fa3, rup
	fmadd.s	fa0, fa1, fa2, fa3, rmm
	fmadd.s	fa0, fa1, fa2, fa3, dyn
	fmsub.s	ft0, ft1, ft2, ft3
	fmsub.s	ft0, ft1, ft2, ft3, rne
	fmsub.s	ft0, ft1, ft2, ft3, rtz
	fmsub.s	ft0, ft1, ft2, ft3, rdn
	fmsub.s	ft0, ft1, ft2, ft3, rup
	fmsub.s	ft0, ft1, ft2, ft3, rmm
	fmsub.s	ft0, ft1, ft2, ft3, dyn
	fnmsub.s	fs0, fs1, fs2, fs3
	fnmsub.s	fs0, fs1, fs2, fs3, rne
	fnmsub.s	fs0, fs1, fs2, fs3, rtz
	fnmsub.s	fs0, fs1, fs2, fs3, rdn
	fnmsub.s	fs0, fs1, fs2, fs3, rup
	fnmsub.s	fs0, fs1, fs2, fs3, rmm
	fnmsub.s	fs0, fs1, fs2, fs3, dyn
	fnmadd.s	f28, f29, f30, f31
	fnmadd.s	f28, f29, f30, f31, rne
	fnmadd.s	f28, f29, f30, f31, rtz
	fnmadd.s	f28, f29, f30, f31, rdn
	fnmadd.s	f28, f29, f30, f31, rup
	fnmadd.s	f28, f29, f30, f31, rmm
	fnmadd.s	f28, f29, f30, f31, dyn
	fadd.s	fa4, fa5, fa6
	fadd.s	fa4, fa5, fa6, rne
	fadd.s	fa4, fa5, fa6, rtz
	fadd.s	fa4, fa5, fa6, rdn
	fadd.s	fa4, fa5, fa6, rup
	fadd.s	fa4, fa5, fa6, rmm
	fadd.s	fa4, fa5, fa6, dyn
	fsub.s	ft4, ft5, ft6
	fsub.s	ft4, ft5, ft6, rne
	fsub.s	ft4, ft5, ft6, rtz
	fsub.s	ft4, ft5, ft6, rdn
	fsub.s	ft4, ft5, ft6, rup
	fsub.s	ft4, ft5, ft6, rmm
	fsub.s	ft4, ft5, ft6, dyn
	fmul.s	fs4, fs5, fs6
	fmul.s	fs4, fs5, fs6, rne
	fmul.s	fs4, fs5, fs6, rtz
	fmul.s	fs4, fs5, fs6, rdn
	fmul.s	fs4, fs5, fs6, rup
	fmul.s	fs4, fs5, fs6, rmm
	fmul.s	fs4, fs5, fs6, dyn
	fdiv.s	ft8, ft9, ft10
	fdiv.s	ft8, ft9, ft10, rne
	fdiv.s	ft8, ft9, ft10, rtz
	fdiv.s	ft8, ft9, ft10, rdn
	fdiv.s	ft8, ft9, ft10, rup
	fdiv.s	ft8, ft9, ft10, rmm
	fdiv.s	ft8, ft9, ft10, dyn
	fsqrt.s	fa7, fs7
	fsqrt.s	fa7, fs7, rne
	fsqrt.s	fa7, fs7, rtz
	fsqrt.s	fa7, fs7, rdn
	fsqrt.s	fa7, fs7, rup
	fsqrt.s	fa7, fs7, rmm
	fsqrt.s	fa7, fs7, dyn
	fcvt.w.s	a0, fa0
	fcvt.w.s	a0, fa0, rne
	fcvt.w.s	a0, fa0, rtz
	fcvt.w.s	a0, fa0, rdn
	fcvt.w.s	a0, fa0, rup
	fcvt.w.s	a0, fa0, rmm
	fcvt.w.s	a0, fa0, dyn
	fcvt.wu.s	a1, fa1
	fcvt.wu.s	a1, fa1, rne
	fcvt.wu.s	a1, fa1, rtz
	fcvt.wu.s	a1, fa1, rdn
	fcvt.wu.s	a1, fa1, rup
	fcvt.wu.s	a1, fa1, rmm
	fcvt.wu.s	a1, fa1, dyn
	fcvt.l.s	t0, ft0
	fcvt.l.s	t0, ft0, rne
	fcvt.l.s	t0, ft0, rtz
	fcvt.l.s	t0, ft0, rdn
	fcvt.l.s	t0, ft0, rup
	fcvt.l.s	t0, ft0, rmm
	fcvt.l.s	t0, ft0, dyn
	fcvt.lu.s	s1, fs1
	fcvt.lu.s	s1, fs1, rne
	fcvt.lu.s	s1, fs1, rtz
	fcvt.lu.s	s1, fs1, rdn
	fcvt.lu.s	s1, fs1, rup
	fcvt.lu.s	s1, fs1, rmm
	fcvt.lu.s	s1, fs1, dyn
	fcvt.s.l	fa2, a2
	fcvt.s.l	fa2, a2, rne
	fcvt.s.l	fa2, a2, rtz
	fcvt.s.l	fa2, a2, rdn
	fcvt.s.l	fa2, a2, rup
	fcvt.s.l	fa2, a2, rmm
	fcvt.s.l	fa2, a2, dyn
	fcvt.s.lu	ft2, t2
	fcvt.s.lu	ft2, t2, rne
	fcvt.s.lu	ft2, t2, rtz
	fcvt.s.lu	ft2, t2, rdn
	fcvt.s.lu	ft2, t2, rup
	fcvt.s.lu	ft2, t2, rmm
	fcvt.s.lu	ft2, t2, dyn
# --- .d arithmetic with every rounding mode ---------------------------------
	fmadd.d	fa0, fa1, fa2, fa3
	fmadd.d	fa0, fa1, fa2, fa3, rne
	fmadd.d	fa0, fa1, fa2, fa3, rtz
	fmadd.d	fa0, fa1, fa2, fa3, rdn
	fmadd.d	fa0, fa1, fa2, fa3, rup
	fmadd.d	fa0, fa1, fa2, fa3, rmm
	fmadd.d	fa0, fa1, fa2, fa3, dyn
	fmsub.d	ft0, ft1, ft2, ft3
	fmsub.d	ft0, ft1, ft2, ft3, rne
	fmsub.d	ft0, ft1, ft2, ft3, rtz
	fmsub.d	ft0, ft1, ft2, ft3, rdn
	fmsub.d	ft0, ft1, ft2, ft3, rup
	fmsub.d	ft0, ft1, ft2, ft3, rmm
	fmsub.d	ft0, ft1, ft2, ft3, dyn
	fnmsub.d	fs0, fs1, fs2, fs3
	fnmsub.d	fs0, fs1, fs2, fs3, rne
	fnmsub.d	fs0, fs1, fs2, fs3, rtz
	fnmsub.d	fs0, fs1, fs2, fs3, rdn
	fnmsub.d	fs0, fs1, fs2, fs3, rup
	fnmsub.d	fs0, fs1, fs2, fs3, rmm
	fnmsub.d	fs0, fs1, fs2, fs3, dyn
	fnmadd.d	f28, f29, f30, f31
	fnmadd.d	f28, f29, f30, f31, rne
	fnmadd.d	f28, f29, f30, f31, rtz
	fnmadd.d	f28, f29, f30, f31, rdn
	fnmadd.d	f28, f29, f30, f31, rup
	fnmadd.d	f28, f29, f30, f31, rmm
	fnmadd.d	f28, f29, f30, f31, dyn
	fadd.d	fa4, fa5, fa6
	fadd.d	fa4, fa5, fa6, rne
	fadd.d	fa4, fa5, fa6, rtz
	fadd.d	fa4, fa5, fa6, rdn
	fadd.d	fa4, fa5, fa6, rup
	fadd.d	fa4, fa5, fa6, rmm
	fadd.d	fa4, fa5, fa6, dyn
	fsub.d	ft4, ft5, ft6
	fsub.d	ft4, ft5, ft6, rne
	fsub.d	ft4, ft5, ft6, rtz
	fsub.d	ft4, ft5, ft6, rdn
	fsub.d	ft4, ft5, ft6, rup
	fsub.d	ft4, ft5, ft6, rmm
	fsub.d	ft4, ft5, ft6, dyn
	fmul.d	fs4, fs5, fs6
	fmul.d	fs4, fs5, fs6, rne
	fmul.d	fs4, fs5, fs6, rtz
	fmul.d	fs4, fs5, fs6, rdn
	fmul.d	fs4, fs5, fs6, rup
	fmul.d	fs4, fs5, fs6, rmm
	fmul.d	fs4, fs5, fs6, dyn
	fdiv.d	ft8, ft9, ft10
	fdiv.d	ft8, ft9, ft10, rne
	fdiv.d	ft8, ft9, ft10, rtz
	fdiv.d	ft8, ft9, ft10, rdn
	fdiv.d	ft8, ft9, ft10, rup
	fdiv.d	ft8, ft9, ft10, rmm
	fdiv.d	ft8, ft9, ft10, dyn
	fsqrt.d	fa7, fs7
	fsqrt.d	fa7, fs7, rne
	fsqrt.d	fa7, fs7, rtz
	fsqrt.d	fa7, fs7, rdn
	fsqrt.d	fa7, fs7, rup
	fsqrt.d	fa7, fs7, rmm
	fsqrt.d	fa7, fs7, dyn
	fcvt.w.d	a0, fa0
	fcvt.w.d	a0, fa0, rne
	fcvt.w.d	a0, fa0, rtz
	fcvt.w.d	a0, fa0, rdn
	fcvt.w.d	a0, fa0, rup
	fcvt.w.d	a0, fa0, rmm
	fcvt.w.d	a0, fa0, dyn
	fcvt.wu.d	a1, fa1
	fcvt.wu.d	a1, fa1, rne
	fcvt.wu.d	a1, fa1, rtz
	fcvt.wu.d	a1, fa1, rdn
	fcvt.wu.d	a1, fa1, rup
	fcvt.wu.d	a1, fa1, rmm
	fcvt.wu.d	a1, fa1, dyn
	fcvt.l.d	t0, ft0
	fcvt.l.d	t0, ft0, rne
	fcvt.l.d	t0, ft0, rtz
	fcvt.l.d	t0, ft0, rdn
	fcvt.l.d	t0, ft0, rup
	fcvt.l.d	t0, ft0, rmm
	fcvt.l.d	t0, ft0, dyn
	fcvt.lu.d	s1, fs1
	fcvt.lu.d	s1, fs1, rne
	fcvt.lu.d	s1, fs1, rtz
	fcvt.lu.d	s1, fs1, rdn
	fcvt.lu.d	s1, fs1, rup
	fcvt.lu.d	s1, fs1, rmm
	fcvt.lu.d	s1, fs1, dyn
	fcvt.d.l	fa2, a2
	fcvt.d.l	fa2, a2, rne
	fcvt.d.l	fa2, a2, rtz
	fcvt.d.l	fa2, a2, rdn
	fcvt.d.l	fa2, a2, rup
	fcvt.d.l	fa2, a2, rmm
	fcvt.d.l	fa2, a2, dyn
	fcvt.d.lu	ft2, t2
	fcvt.d.lu	ft2, t2, rne
	fcvt.d.lu	ft2, t2, rtz
	fcvt.d.lu	ft2, t2, rdn
	fcvt.d.lu	ft2, t2, rup
	fcvt.d.lu	ft2, t2, rmm
	fcvt.d.lu	ft2, t2, dyn
# --- conversions between formats and from 32-bit integers ---------------------
	fcvt.s.w	fa0, a0
	fcvt.s.w	fa0, a0, rne
	fcvt.s.w	fa0, a0, rtz
	fcvt.s.w	fa0, a0, rdn
	fcvt.s.w	fa0, a0, rup
	fcvt.s.w	fa0, a0, rmm
	fcvt.s.w	fa0, a0, dyn
	fcvt.s.wu	fa1, a1
	fcvt.s.wu	fa1, a1, rne
	fcvt.s.wu	fa1, a1, rtz
	fcvt.s.wu	fa1, a1, rdn
	fcvt.s.wu	fa1, a1, rup
	fcvt.s.wu	fa1, a1, rmm
	fcvt.s.wu	fa1, a1, dyn
	fcvt.s.d	fa2, fa3
	fcvt.s.d	fa2, fa3, rne
	fcvt.s.d	fa2, fa3, rtz
	fcvt.s.d	fa2, fa3, rdn
	fcvt.s.d	fa2, fa3, rup
	fcvt.s.d	fa2, fa3, rmm
	fcvt.s.d	fa2, fa3, dyn
	fcvt.d.w	fa0, a0
	fcvt.d.wu	fa1, a1
	fcvt.d.s	fa2, fa3
	fcvt.d.w	f31, zero
	fcvt.d.s	f0, f31
# --- sign injection, min/max, compares, classify, moves ------------------------
	fsgnj.s	fa0, fa1, fa2
	fsgnjn.s	ft0, ft1, ft2
	fsgnjx.s	fs0, fs1, fs2
	fmin.s	fa3, fa4, fa5
	fmax.s	ft3, ft4, ft5
	feq.s	a0, fa0, fa1
	flt.s	a1, ft0, ft1
	fle.s	t0, fs0, fs1
	fclass.s	a2, fa7
	fmv.x.w	a3, ft7
	fmv.w.x	ft8, a4
	fsgnj.d	fa0, fa1, fa2
	fsgnjn.d	ft0, ft1, ft2
	fsgnjx.d	fs0, fs1, fs2
	fmin.d	fa3, fa4, fa5
	fmax.d	ft3, ft4, ft5
	feq.d	a0, fa0, fa1
	flt.d	a1, ft0, ft1
	fle.d	t0, fs0, fs1
	fclass.d	a2, fa7
	fmv.x.d	a3, ft7
	fmv.d.x	ft8, a4
# --- pseudo-instructions ---------------------------------------------------------
	fmv.s	fa0, fa1
	fabs.s	fa2, fa3
	fneg.s	fa4, fa5
	fmv.d	ft0, ft1
	fabs.d	ft2, ft3
	fneg.d	ft4, ft5
	frcsr	a0
	fscsr	a1
	fscsr	a0, a1
	frrm	t0
	fsrm	t1
	fsrm	t0, t1
	frflags	s0
	fsflags	s1
	fsflags	s0, s1
# --- every FP register name -------------------------------------------------------
fregs:
	fadd.d	f0, f1, f2
	fadd.d	f3, f4, f5
	fadd.d	f6, f7, f8
	fadd.d	f9, f10, f11
	fadd.d	f12, f13, f14
	fadd.d	f15, f16, f17
	fadd.d	f18, f19, f20
	fadd.d	f21, f22, f23
	fadd.d	f24, f25, f26
	fadd.d	f27, f28, f29
	fadd.d	f30, f31, f0
	fsub.s	ft0, ft1, ft2
	fsub.s	ft3, ft4, ft5
	fsub.s	ft6, ft7, ft8
	fsub.s	ft9, ft10, ft11
	fsub.s	fs0, fs1, fs2
	fsub.s	fs3, fs4, fs5
	fsub.s	fs6, fs7, fs8
	fsub.s	fs9, fs10, fs11
	fsub.s	fa0, fa1, fa2
	fsub.s	fa3, fa4, fa5
	fsub.s	fa6, fa7, fa0
# --- a small routine: dot product of two double vectors (a0, a1; length a2) -----
dot:
	fcvt.d.w	fa0, zero
	beqz	a2, 2f
1:	fld	ft0, 0(a0)
	fld	ft1, 0(a1)
	fmadd.d	fa0, ft0, ft1, fa0
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -1
	bnez	a2, 1b
2:	ret

	.data
	.align	3
vec:	.dword	0x3ff0000000000000, 0x4000000000000000
	.word	0x3f800000
