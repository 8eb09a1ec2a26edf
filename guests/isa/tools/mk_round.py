from gen import G
from mk_arith_consts import consts
import sys
f=sys.argv[1]; C=consts(f); globals().update(C)
g=G(); A=g.arith
o='d' if f=='s' else 's'
W=32 if f=='s' else 64
NEG=1<<(W-1)
# values with ties for conversions
if f=='s': P25,N25,P05,N05,P15,N15,P07=0x40200000,0xc0200000,0x3f000000,0xbf000000,0x3fc00000,0xbfc00000,0x3f333333
else: P25,N25,P05,N05,P15,N15,P07=0x4004000000000000,0xc004000000000000,0x3fe0000000000000,0xbfe0000000000000,0x3ff8000000000000,0xbff8000000000000,0x3fe6666666666666
BIGINT=0x0123456789abcdef   # not exactly representable in either format
TIEINT=(1<<(25 if f=='s' else 54))+2+(1<<(26 if f=='s' else 55))   # odd multiple of half ulp? (set below)
# integer exactly halfway between two representable values: 2^p + 1 (p = precision) is a tie
TIEINT=(1<<(24 if f=='s' else 53))+1
TIEINT2=(1<<(24 if f=='s' else 53))+3
def block(rm):
    A('add',f,rm,ONE,ULPH,cm='tie: 1 + half ulp')
    A('add',f,rm,ONEP,ULPH,cm='tie: (1+ulp) + half ulp')
    A('add',f,rm,M1,ULPH|NEG,cm='negative tie')
    A('div',f,rm,ONE,THREE,cm='1/3')
    A('div',f,rm,M1,THREE,cm='-1/3')
    A('sqrt',f,rm,TWO,cm='sqrt 2')
    A('mul',f,rm,TENTH,TENTH)
    A('madd',f,rm,ONEP,ONEP,M1,cm='fused, inexact in no mode? 2u+u^2')
    A('nmsub',f,rm,TENTH,PI,ONE)
    A('add',f,rm,MAX,MAX,cm='overflow: inf or max by mode')
    A('sub',f,rm,NMAX,MAX,cm='negative overflow')
    A('mul',f,rm,MINS,HALF,cm='underflow tie: 0 or min subnormal by mode')
    A('mul',f,rm,MINS|NEG,HALF,cm='negative underflow tie')
    A('sub',f,rm,THREE,THREE,cm='x - x: -0 only in rdn')
    g.f2i(f,'w',rm,P25,cm='2.5 -> int'); g.f2i(f,'w',rm,N25,cm='-2.5'); g.f2i(f,'l',rm,N05,cm='-0.5')
    g.f2i(f,'wu',rm,P15,cm='1.5 -> unsigned'); g.f2i(f,'lu',rm,P07,cm='0.7'); g.f2i(f,'wu',rm,N05,cm='-0.5 -> unsigned: rounds to 0 or -1')
    g.i2f('l',f,rm,BIGINT); g.i2f('l',f,rm,-BIGINT); g.i2f('lu',f,rm,TIEINT,cm='integer tie'); g.i2f('l',f,rm,-TIEINT2,cm='negative integer tie')
    if f=='s': g.i2f('w','s',rm,0x7fffffff,cm='INT32_MAX to single')
    else: g.f2f('d','s',rm,0x3fb999999999999a,cm='0.1 double -> single')
names=['rne','rtz','rdn','rup','rmm']
mode=sys.argv[3]
if mode=='static':
  for m,rm in enumerate(names):
    g.c(f"---- static rm = {rm}")
    block(rm)
  g.out(sys.argv[2],f"""# RV64{'F' if f=='s' else 'D'} rounding, static rm field: each of the five rounding modes
# (rne rtz rdn rup rmm): ties, inexact results of both signs, overflow (inf vs
# largest finite), underflow to zero vs min subnormal, the sign of an exact
# zero, FP->int and int->FP conversions. frm stays 0 (the static field wins).
# The same cases with rm = dyn are in rv64u{f[0] if False else ('f' if f=='s' else 'd')}_rounding_dyn.S.
""")
  sys.exit(0)
for m,rm in enumerate(names):
    g.c(f"---- dynamic rm: frm = {rm}")
    g.setfrm(m)
    block('dyn')
g.raw("  SET_FRM(0)")
# reserved rounding modes
fun=0x00 if f=='s' else 0x01
g.c("reserved rounding modes: static rm 5/6 and dyn with frm 5/6/7 are illegal; mtval = encoding")
for rmv in (5,6):
    n=g.nx()
    g.raw(f"  TEST_TRAP({n}, 2, FLOAD_{f.upper()}(fa1, {ONE:#x}); 1: .insn r OP_FP, {rmv}, {fun}, fa0, fa1, fa1)")
    g.raw(f"  lwu t6, 1b; CHECKR(s10, t6)")
for frm in (5,6,7):
    n=g.nx()
    g.raw(f"  TEST_TRAP({n}, 2, csrwi frm, {frm}; 1: fadd.{f} fa0, fa1, fa1, dyn)")
    g.raw(f"  lwu t6, 1b; CHECKR(s10, t6)")
n=g.nx()
g.raw(f"  CASE({n}); csrwi frm, 7; EXPECT_TRAP_ON; fsgnj.{f} fa0, fa1, fa1; fmin.{f} fa0, fa1, fa1; feq.{f} a0, fa1, fa1; EXPECT_TRAP_OFF; CHECK(s9, -1)  # no rm field: frm not checked")
n=g.nx()
g.raw(f"  CASE({n}); csrwi frm, 7; EXPECT_TRAP_ON; fadd.{f} fa0, fa1, fa1, rne; EXPECT_TRAP_OFF; CHECK(s9, -1)  # static rm ignores frm")
g.raw("  csrwi frm, 0")
g.out(sys.argv[2],f"""# RV64{'F' if f=='s' else 'D'} rounding, dynamic: each of the five rounding modes selected
# through frm with rm = dyn (same cases as the static-rm program). Reserved
# static rm values (5, 6) and invalid frm values (5, 6, 7) with dyn raise an
# illegal-instruction trap with mtval = encoding; instructions without an rm
# field, or with a static rm, ignore an invalid frm.
""")
