from gen import G
import sys
f=sys.argv[1]; F=f.upper()
g=G()
if f=='s':
    ONE,TWO,M1,M2,HALF,NHALF=0x3f800000,0x40000000,0xbf800000,0xc0000000,0x3f000000,0xbf000000
    INF,NINF,QNAN,SNAN,PNAN,NSNAN,NQNAN=0x7f800000,0xff800000,0x7fc00000,0x7f800001,0x7fc12345,0xff800001,0xffc00000
    Z,NZ,MINS,MAXS,MINN,MAX=0,0x80000000,1,0x007fffff,0x00800000,0x7f7fffff
    SIGN=0x80000000
else:
    ONE,TWO,M1,M2,HALF,NHALF=0x3ff0000000000000,0x4000000000000000,0xbff0000000000000,0xc000000000000000,0x3fe0000000000000,0xbfe0000000000000
    INF,NINF,QNAN,SNAN,PNAN,NSNAN,NQNAN=0x7ff0000000000000,0xfff0000000000000,0x7ff8000000000000,0x7ff0000000000001,0x7ff8000000012345,0xfff0000000000001,0xfff8000000000000
    Z,NZ,MINS,MAXS,MINN,MAX=0,1<<63,1,0x000fffffffffffff,0x0010000000000000,0x7fefffffffffffff
    SIGN=1<<63
def h(v): return f"0x{v:08x}" if f=='s' else f"0x{v:016x}"
def rrn(op,exp,fl,a,b,cm=''): g.raw(f"  TEST_FP_RRN_{F}({g.nx()}, {op}.{f}, {h(exp)}, {fl}, {h(a)}, {h(b)})"+(f"  # {cm}" if cm else ''))
def cmp(op,exp,fl,a,b,cm=''): g.raw(f"  TEST_FP_CMP_{F}({g.nx()}, {op}.{f}, {exp}, {fl}, {h(a)}, {h(b)})"+(f"  # {cm}" if cm else ''))
def cls(exp,a,cm=''): g.raw(f"  TEST_FCLASS_{F}({g.nx()}, 0x{exp:03x}, {h(a)})"+(f"  # {cm}" if cm else ''))
g.c("fsgnj / fsgnjn / fsgnjx (bit operations: NaNs pass through unchanged, no flags)")
rrn('fsgnj',M1,0,ONE,M2); rrn('fsgnj',ONE,0,M1,TWO); rrn('fsgnj',NZ,0,Z,NINF)
rrn('fsgnjn',ONE,0,ONE,M2); rrn('fsgnjn',M1,0,ONE,TWO); rrn('fsgnjn',Z,0,NZ,NZ)
rrn('fsgnjx',ONE,0,M1,M2); rrn('fsgnjx',M1,0,M1,TWO); rrn('fsgnjx',M1,0,ONE,M2)
rrn('fsgnj',PNAN|SIGN,0,PNAN,M1,cm='NaN payload kept')
rrn('fsgnjn',SNAN|SIGN,0,SNAN,ONE,cm='sNaN: no NV')
rrn('fsgnjx',NQNAN,0,QNAN,NINF)
n=g.nx(); g.raw(f"  CASE({n}); FLOAD_{F}(fa1, {h(M2)}); fneg.{f} fa0, fa1; CHECK_F{F}(fa0, {h(TWO)})")
n=g.nx(); g.raw(f"  CASE({n}); FLOAD_{F}(fa1, {h(M2)}); fabs.{f} fa0, fa1; CHECK_F{F}(fa0, {h(TWO)})")
n=g.nx(); g.raw(f"  CASE({n}); FLOAD_{F}(fa1, {h(NSNAN)}); fabs.{f} fa0, fa1; CHECK_F{F}(fa0, {h(SNAN)})")
n=g.nx(); g.raw(f"  CASE({n}); FLOAD_{F}(fa1, {h(TWO)}); fmv.{f} fa0, fa1; CHECK_F{F}(fa0, {h(TWO)})")
g.c("fmin / fmax: -0 < +0, one NaN operand returns the other, sNaN raises NV")
rrn('fmin',ONE,0,ONE,TWO); rrn('fmin',M2,0,ONE,M2); rrn('fmax',TWO,0,ONE,TWO); rrn('fmax',ONE,0,ONE,M2)
rrn('fmin',NZ,0,Z,NZ,cm='min(+0,-0) = -0'); rrn('fmin',NZ,0,NZ,Z)
rrn('fmax',Z,0,NZ,Z,cm='max(-0,+0) = +0'); rrn('fmax',Z,0,Z,NZ)
rrn('fmin',ONE,0,QNAN,ONE,cm='qNaN ignored'); rrn('fmax',ONE,0,ONE,QNAN)
rrn('fmin',ONE,'NV',SNAN,ONE,cm='sNaN: other operand, NV'); rrn('fmax',M1,'NV',M1,SNAN)
rrn('fmin',QNAN,0,QNAN,QNAN,cm='both NaN: canonical'); rrn('fmax',QNAN,0,PNAN,NQNAN,cm='payloads dropped')
rrn('fmin',QNAN,'NV',SNAN,QNAN); rrn('fmax',QNAN,'NV',NSNAN,SNAN)
rrn('fmin',NINF,0,INF,NINF); rrn('fmax',INF,0,INF,NINF); rrn('fmin',MINS,0,MINS,MAXS); rrn('fmax',MAX,0,MAX,MINN)
g.c("feq / flt / fle: quiet NaN raises NV only for flt/fle; sNaN always NV")
cmp('feq',1,0,ONE,ONE); cmp('feq',0,0,ONE,TWO); cmp('feq',1,0,Z,NZ,cm='+0 == -0')
cmp('feq',0,0,QNAN,ONE,cm='qNaN: no flags'); cmp('feq',0,0,QNAN,QNAN); cmp('feq',0,'NV',SNAN,ONE); cmp('feq',0,'NV',ONE,NSNAN)
cmp('flt',1,0,ONE,TWO); cmp('flt',0,0,TWO,ONE); cmp('flt',0,0,ONE,ONE); cmp('flt',0,0,NZ,Z,cm='-0 < +0 is false')
cmp('flt',1,0,NINF,INF); cmp('flt',1,0,M2,M1); cmp('flt',1,0,MINS,MINN); cmp('flt',1,0,NZ,MINS)
cmp('flt',0,'NV',QNAN,ONE,cm='qNaN: NV'); cmp('flt',0,'NV',ONE,QNAN); cmp('flt',0,'NV',SNAN,ONE)
cmp('fle',1,0,ONE,TWO); cmp('fle',0,0,TWO,ONE); cmp('fle',1,0,ONE,ONE); cmp('fle',1,0,NZ,Z); cmp('fle',1,0,Z,NZ)
cmp('fle',1,0,NINF,NINF); cmp('fle',0,'NV',QNAN,QNAN); cmp('fle',0,'NV',ONE,SNAN)
n=g.nx(); g.raw(f"  CASE({n}); FLOAD_{F}(fa1, {h(ONE)}); FLOAD_{F}(fa2, {h(TWO)}); CLEAR_FLAGS; fgt.{f} a0, fa2, fa1; CHECK(a0, 1); fge.{f} a0, fa1, fa2; CHECK(a0, 0); CHECK_FLAGS(0)")
g.c("fclass: every class")
cls(0x001,NINF,'-inf'); cls(0x002,M1,'-normal'); cls(0x002,MAX|SIGN,'-max'); cls(0x004,MINS|SIGN,'-subnormal'); cls(0x004,MAXS|SIGN)
cls(0x008,NZ,'-0'); cls(0x010,Z,'+0'); cls(0x020,MINS,'+subnormal'); cls(0x020,MAXS); cls(0x040,ONE,'+normal'); cls(0x040,MINN)
cls(0x080,INF,'+inf'); cls(0x100,SNAN,'sNaN'); cls(0x100,NSNAN,'-sNaN'); cls(0x200,QNAN,'qNaN'); cls(0x200,NQNAN,'-qNaN'); cls(0x200,PNAN)
if f=='s':
    g.c("fmv.x.w / fmv.w.x: raw bits; fmv.x.w sign-extends, fmv.w.x NaN-boxes")
    n=g.nx(); g.raw(f"  CASE({n}); li a1, 0x1234567880000000; fmv.w.x fa0, a1; CHECK_FS(fa0, 0x80000000)")
    n=g.nx(); g.raw(f"  CASE({n}); fmv.x.w a0, fa0; CHECK(a0, 0xffffffff80000000)")
    n=g.nx(); g.raw(f"  CASE({n}); li a1, 0x7f800001; fmv.w.x fa0, a1; CLEAR_FLAGS; fmv.x.w a0, fa0; CHECK(a0, 0x7f800001); CHECK_FLAGS(0)  # sNaN moved unchanged")
    n=g.nx(); g.raw(f"  CASE({n}); li a1, 0x000000003f800000; fmv.d.x fa0, a1; fmv.x.w a0, fa0; CHECK(a0, 0x3f800000)  # unboxed value: low 32 bits moved")
    g.c("flw / fsw: loads NaN-box, stores write the low 32 bits even if not boxed, no canonicalisation")
    n=g.nx(); g.raw(f"  CASE({n}); la a1, fdata; flw fa0, 0(a1); CHECK_FS(fa0, 0x7f800001); flw fa1, 4(a1); CHECK_FS(fa1, 0xbf800000)")
    n=g.nx(); g.raw(f"  CASE({n}); la a1, fbuf; sd zero, 0(a1); fsw fa0, 4(a1); ld a0, 0(a1); CHECK(a0, 0x7f80000100000000)")
    n=g.nx(); g.raw(f"  CASE({n}); la a1, fbuf; li t0, 0x123456789abcdef0; fmv.d.x fa2, t0; fsw fa2, 0(a1); lwu a0, 0(a1); CHECK(a0, 0x9abcdef0)")
    n=g.nx(); g.raw(f"  CASE({n}); la a1, fdata; flw fa3, -4+8(a1); fmv.x.d a0, fa3; CHECK(a0, 0xffffffffbf800000)")
    g.c("NaN-boxing: single inputs whose upper 32 bits are not all ones read as the canonical NaN")
    UNB="0x000000003f800000"; UNB2="0xfffffffe3f800000"
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); FLOAD_S(fa2, 0x3f800000); CLEAR_FLAGS; fadd.s fa0, fa1, fa2; CHECK_FLAGS(0); CHECK_FS(fa0, 0x7fc00000)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB2}); FLOAD_S(fa2, 0x3f800000); CLEAR_FLAGS; fmul.s fa0, fa2, fa1; CHECK_FLAGS(0); CHECK_FS(fa0, 0x7fc00000)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); FLOAD_S(fa2, 0xbf800000); fsgnj.s fa0, fa1, fa2; CHECK_FS(fa0, 0xffc00000)  # rs1 unboxed -> canonical NaN")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); FLOAD_S(fa2, 0xbf800000); fsgnj.s fa0, fa2, fa1; CHECK_FS(fa0, 0x3f800000)  # rs2 unboxed: sign of canonical NaN (+)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); FLOAD_S(fa2, 0x3f800000); fsgnjn.s fa0, fa2, fa1; CHECK_FS(fa0, 0xbf800000)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); fclass.s a0, fa1; CHECK(a0, 0x200)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); CLEAR_FLAGS; feq.s a0, fa1, fa1; CHECK(a0, 0); CHECK_FLAGS(0)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); FLOAD_S(fa2, 0x3f800000); CLEAR_FLAGS; flt.s a0, fa1, fa2; CHECK(a0, 0); CHECK_FLAGS(NV)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); FLOAD_S(fa2, 0x40000000); CLEAR_FLAGS; fmin.s fa0, fa1, fa2; CHECK_FLAGS(0); CHECK_FS(fa0, 0x40000000)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); CLEAR_FLAGS; fcvt.d.s fa0, fa1; CHECK_FLAGS(0); CHECK_FD(fa0, 0x7ff8000000000000)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); CLEAR_FLAGS; fcvt.w.s a0, fa1, rtz; CHECK_FLAGS(NV); CHECK(a0, 0x7fffffff)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); FLOAD_S(fa2, 0x3f800000); FLOAD_S(fa3, 0x3f800000); CLEAR_FLAGS; fmadd.s fa0, fa2, fa3, fa1; CHECK_FLAGS(0); CHECK_FS(fa0, 0x7fc00000)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, {UNB}); CLEAR_FLAGS; fsqrt.s fa0, fa1; CHECK_FLAGS(0); CHECK_FS(fa0, 0x7fc00000)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, 0xffffffff7f800001); CLEAR_FLAGS; fadd.s fa0, fa1, fa1; CHECK_FLAGS(NV); CHECK_FS(fa0, 0x7fc00000)  # properly boxed sNaN still signals")
    data="fdata: .word 0x7f800001, 0xbf800000\nfbuf: .dword 0, 0\n"
else:
    g.c("fmv.x.d / fmv.d.x: raw 64-bit moves, no canonicalisation, no flags")
    n=g.nx(); g.raw(f"  CASE({n}); li a1, 0x7ff0000000000001; fmv.d.x fa0, a1; CLEAR_FLAGS; fmv.x.d a0, fa0; CHECK(a0, 0x7ff0000000000001); CHECK_FLAGS(0)")
    n=g.nx(); g.raw(f"  CASE({n}); li a1, 0x8000000000000000; fmv.d.x fa0, a1; fmv.x.d a0, fa0; CHECK(a0, 0x8000000000000000)")
    g.c("fld / fsd")
    n=g.nx(); g.raw(f"  CASE({n}); la a1, fdata; fld fa0, 0(a1); CHECK_FD(fa0, 0x7ff0000000000001); fld fa1, 8(a1); CHECK_FD(fa1, 0xc00921fb54442d18)")
    n=g.nx(); g.raw(f"  CASE({n}); la a1, fbuf; fsd fa1, 8(a1); ld a0, 8(a1); CHECK(a0, 0xc00921fb54442d18); fsd fa0, 0(a1); ld a0, 0(a1); CHECK(a0, 0x7ff0000000000001)")
    n=g.nx(); g.raw(f"  CASE({n}); la a1, fbuf_end; fld fa2, -16(a1); fsd fa2, -8(a1); ld a0, -8(a1); CHECK(a0, 0x7ff0000000000001)")
    n=g.nx(); g.raw(f"  CASE({n}); la a1, fbuf; li t0, 0x3f800000; fmv.w.x fa3, t0; fsd fa3, 0(a1); ld a0, 0(a1); CHECK(a0, 0xffffffff3f800000)  # fsd stores the NaN-boxed single as is")
    g.c("a NaN-boxed single used as a double is just a (negative quiet) NaN")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_S(fa1, 0x3f800000); FLOAD_D(fa2, 0x3ff0000000000000); CLEAR_FLAGS; fadd.d fa0, fa1, fa2; CHECK_FLAGS(0); CHECK_FD(fa0, 0x7ff8000000000000)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_S(fa1, 0x3f800000); fclass.d a0, fa1; CHECK(a0, 0x200)")
    n=g.nx(); g.raw(f"  CASE({n}); FLOAD_D(fa1, 0x3ff0000000000000); fcvt.s.d fa0, fa1; fmv.x.d a0, fa0; CHECK(a0, 0xffffffff3f800000)  # fcvt.s.d result NaN-boxed")
    data="fdata: .dword 0x7ff0000000000001, 0xc00921fb54442d18\nfbuf: .dword 0, 0\nfbuf_end:\n"
g.out(sys.argv[2],f"""# RV64{'F' if f=='s' else 'D'} non-arithmetic instructions: fsgnj/fsgnjn/fsgnjx.{f}, fmin/fmax.{f}
# (incl. -0/+0 and NaN rules), feq/flt/fle.{f} (quiet vs signalling compares),
# fclass.{f} for every class, fmv between register files, f{'lw/fsw' if f=='s' else 'ld/fsd'}{', and NaN-boxing of single inputs' if f=='s' else ''}.
""")
s=open(sys.argv[2]).read()+"\nTEST_DATA_BEGIN\n"+data+"TEST_DATA_END\n"
open(sys.argv[2],'w').write(s)
