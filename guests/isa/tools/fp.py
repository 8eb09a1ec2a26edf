# Exact-rational IEEE 754 reference for RISC-V F/D (binary32/binary64): all five
# rounding modes, RISC-V NaN rules (canonical NaN, NV for sNaN and inf*0 in
# fused ops), tininess after rounding. Used by the mk_*.py generators.
from fractions import Fraction as Fr
import math
FMT={'s':(8,23),'d':(11,52)}
NX,UF,OF,DZ,NV=1,2,4,8,16
CNAN={'s':0x7fc00000,'d':0x7ff8000000000000}
class V:  # decoded value
    def __init__(s,kind,sign,val=None,snan=False): s.kind,s.sign,s.val,s.snan=kind,sign,val,snan
def dec(bits,f):
    eb,mb=FMT[f]; bias=(1<<(eb-1))-1
    sign=(bits>>(eb+mb))&1; e=(bits>>mb)&((1<<eb)-1); m=bits&((1<<mb)-1)
    if e==(1<<eb)-1:
        if m==0: return V('inf',sign)
        return V('nan',sign,snan=not (m>>(mb-1))&1)
    if e==0:
        if m==0: return V('zero',sign)
        v=Fr(m,1<<(mb+bias-1))
    else: v=Fr((1<<mb)|m)*Fr(2)**(e-bias-mb)
    return V('num',sign,-v if sign else v)
def enc_special(kind,sign,f):
    eb,mb=FMT[f]
    if kind=='inf': return (sign<<(eb+mb))|(((1<<eb)-1)<<mb)
    if kind=='zero': return sign<<(eb+mb)
    if kind=='nan': return CNAN[f]
def rint(x,rm,neg):
    # round nonnegative Fraction x to integer per rm; neg = sign of the real value
    fl=math.floor(x); rem=x-fl
    if rem==0: return fl
    if rm=='rtz': return fl
    if rm=='rdn': return fl+1 if neg else fl
    if rm=='rup': return fl if neg else fl+1
    if rm=='rne':
        if rem>Fr(1,2): return fl+1
        if rem<Fr(1,2): return fl
        return fl+1 if fl%2 else fl
    if rm=='rmm': return fl+1 if rem>=Fr(1,2) else fl
def ilog2(x):
    e=x.numerator.bit_length()-x.denominator.bit_length()
    while Fr(2)**e>x: e-=1
    while Fr(2)**(e+1)<=x: e+=1
    return e
def rnd(v,f,rm):
    """round nonzero Fraction v; return (bits, flags)"""
    eb,mb=FMT[f]; bias=(1<<(eb-1))-1; p=mb+1; emin=1-bias; emax=bias
    neg=v<0; x=abs(v); fl=0
    e=ilog2(x)
    # tininess after rounding (unbounded exponent)
    mu=rint(x/Fr(2)**(e-p+1),rm,neg); eu=e+1 if mu==(1<<p) else e
    tiny= eu<emin
    qe=max(e,emin)-p+1
    m=rint(x/Fr(2)**qe,rm,neg); val=m*Fr(2)**qe
    inexact= val!=x
    if inexact: fl|=NX
    if tiny and inexact: fl|=UF
    sgn=1 if neg else 0
    maxf=(Fr(2)-Fr(2)**(1-p))*Fr(2)**emax
    if val>maxf:
        fl|=OF|NX
        toinf = rm in('rne','rmm') or (rm=='rup' and not neg) or (rm=='rdn' and neg)
        if toinf: return enc_special('inf',sgn,f),fl
        val=maxf
    if val==0: return enc_special('zero',sgn,f),fl
    if val<Fr(2)**emin:
        return (sgn<<(eb+mb))|int(val/Fr(2)**(emin-p+1)),fl
    e2=ilog2(val); mm=int(val/Fr(2)**(e2-p+1))-(1<<mb)
    return (sgn<<(eb+mb))|((e2+bias)<<mb)|mm,fl
def nanres(f,*vs):
    return CNAN[f],(NV if any(v.kind=='nan' and v.snan for v in vs) else 0)
def addv(a,b,f,rm,flags0=0):
    if a.kind=='nan' or b.kind=='nan': return nanres(f,a,b)
    if a.kind=='inf' and b.kind=='inf':
        if a.sign!=b.sign: return CNAN[f],NV
        return enc_special('inf',a.sign,f),0
    if a.kind=='inf': return enc_special('inf',a.sign,f),0
    if b.kind=='inf': return enc_special('inf',b.sign,f),0
    if a.kind=='zero' and b.kind=='zero':
        s=a.sign if a.sign==b.sign else (1 if rm=='rdn' else 0)
        return enc_special('zero',s,f),0
    av=a.val if a.kind=='num' else Fr(0); bv=b.val if b.kind=='num' else Fr(0)
    r=av+bv
    if r==0: return enc_special('zero',1 if rm=='rdn' else 0,f),0
    return rnd(r,f,rm)
def neg(v): return V(v.kind,v.sign^1,-v.val if v.val is not None else None,v.snan)
def op(name,f,rm,*bits):
    vs=[dec(b,f) for b in bits]
    if name=='add': return addv(vs[0],vs[1],f,rm)
    if name=='sub': return addv(vs[0],neg(vs[1]) if vs[1].kind!='nan' else vs[1],f,rm)
    if name=='mul': return mulv(vs[0],vs[1],f,rm)
    if name=='div':
        a,b=vs
        if a.kind=='nan' or b.kind=='nan': return nanres(f,a,b)
        s=a.sign^b.sign
        if a.kind=='inf' and b.kind=='inf': return CNAN[f],NV
        if a.kind=='zero' and b.kind=='zero': return CNAN[f],NV
        if a.kind=='inf': return enc_special('inf',s,f),0
        if b.kind=='inf': return enc_special('zero',s,f),0
        if b.kind=='zero': return enc_special('inf',s,f),DZ
        if a.kind=='zero': return enc_special('zero',s,f),0
        return rnd(a.val/b.val,f,rm)
    if name=='sqrt':
        a=vs[0]
        if a.kind=='nan': return nanres(f,a)
        if a.kind=='zero': return enc_special('zero',a.sign,f),0
        if a.sign: return CNAN[f],NV
        if a.kind=='inf': return enc_special('inf',0,f),0
        k=1500; N=a.val*Fr(2)**(2*k); n=N.numerator//N.denominator
        r=math.isqrt(n)
        if r*r==n and N.denominator==1: return rnd(Fr(r,1<<k),f,rm)
        return rnd((Fr(r)+Fr(1,2))/Fr(2)**k,f,rm)
    if name in('madd','msub','nmadd','nmsub'):
        a,b,c=vs
        if name in('nmadd','nmsub'): a=neg(a) if a.kind!='nan' else a
        if name in('msub','nmadd'): c=neg(c) if c.kind!='nan' else c
        return fmav(a,b,c,f,rm)
def mulraw(a,b):
    s=a.sign^b.sign
    if (a.kind=='inf' and b.kind=='zero') or (a.kind=='zero' and b.kind=='inf'): return None
    if a.kind=='inf' or b.kind=='inf': return V('inf',s)
    if a.kind=='zero' or b.kind=='zero': return V('zero',s)
    return V('num',s,a.val*b.val)
def mulv(a,b,f,rm):
    if a.kind=='nan' or b.kind=='nan': return nanres(f,a,b)
    p=mulraw(a,b)
    if p is None: return CNAN[f],NV
    if p.kind!='num': return enc_special(p.kind,p.sign,f),0
    return rnd(p.val,f,rm)
def fmav(a,b,c,f,rm):
    if a.kind=='nan' or b.kind=='nan' or c.kind=='nan':
        fl=NV if any(v.kind=='nan' and v.snan for v in (a,b,c)) else 0
        if a.kind!='nan' and b.kind!='nan' and mulraw(a,b) is None: fl|=NV
        return CNAN[f],fl
    p=mulraw(a,b)
    if p is None: return CNAN[f],NV
    return addv(p,c,f,rm)
def f2f(bits,fi,fo,rm):
    v=dec(bits,fi)
    if v.kind=='nan': return CNAN[fo],(NV if v.snan else 0)
    if v.kind!='num': return enc_special(v.kind,v.sign,fo),0
    return rnd(v.val,fo,rm)
def i2f(x,signed,width,fo,rm):
    x&=(1<<width)-1
    if signed and x>>(width-1): x-=1<<width
    if x==0: return 0,0
    return rnd(Fr(x),fo,rm)
def f2i(bits,fi,signed,width,rm):
    v=dec(bits,fi)
    lo=-(1<<(width-1)) if signed else 0
    hi=(1<<(width-1))-1 if signed else (1<<width)-1
    if v.kind=='nan': r,fl=hi,NV
    elif v.kind=='inf': r,fl=(lo if v.sign else hi),NV
    elif v.kind=='zero': r,fl=0,0
    else:
        x=abs(v.val); n=rint(x,rm,v.val<0); n=-n if v.val<0 else n
        if n<lo: r,fl=lo,NV
        elif n>hi: r,fl=hi,NV
        else: r,fl=n,(NX if n!=v.val else 0)
    # result to 64-bit register: 32-bit results sign-extended
    r&=(1<<width)-1
    if width==32 and r>>31: r|=0xffffffff00000000
    return r&((1<<64)-1),fl
