from gen import G
import sys, struct
def S(x): return struct.unpack('>I',struct.pack('>f',x))[0]
def D(x): return struct.unpack('>Q',struct.pack('>d',x))[0]
f=sys.argv[1]
g=G()
if f=='s':
    B=S; NAN,SNAN,NNAN,INF,NINF,NZ=0x7fc00000,0x7f800001,0xffc00000,0x7f800000,0xff800000,0x80000000
    MINS,MAX=1,0x7f7fffff
    vals=[(0.0,'+0'),(None,'-0',NZ),(1.0,''),(-1.0,''),(0.5,''),(-0.9,''),(1.1,''),(2.5,''),(-2.5,''),
          (2.0**31,'2^31'),(-2.0**31,'-2^31'),(S(2.0**31)-1,'largest below 2^31',True),(None,'just below -2^31',0xcf000001),
          (2.0**32,'2^32'),(None,'largest below 2^32',0x4f7fffff),(3e9,'3e9'),(-3e9,'-3e9'),(2.0**63,'2^63'),(-2.0**63,'-2^63'),
          (None,'largest below 2^63',0x5effffff),(2.0**64,'2^64'),(None,'largest below 2^64',0x5f7fffff),
          (None,'min subnormal',MINS),(None,'-min subnormal',MINS|0x80000000),(None,'max',MAX),
          (None,'+inf',INF),(None,'-inf',NINF),(None,'qNaN',NAN),(None,'-qNaN',NNAN),(None,'sNaN',SNAN)]
else:
    B=D; NAN,SNAN,NNAN,INF,NINF,NZ=0x7ff8000000000000,0x7ff0000000000001,0xfff8000000000000,0x7ff0000000000000,0xfff0000000000000,1<<63
    MINS,MAX=1,0x7fefffffffffffff
    vals=[(0.0,'+0'),(None,'-0',NZ),(1.0,''),(-1.0,''),(0.5,''),(-0.9,''),(1.1,''),(2.5,''),(-2.5,''),
          (2147483647.0,''),(2147483647.5,''),(2.0**31,'2^31'),(-2.0**31,'-2^31'),(-2147483648.5,''),(-2147483649.0,''),
          (4294967295.0,''),(4294967295.5,''),(2.0**32,'2^32'),(3e9,'3e9'),(-3e9,'-3e9'),(2.0**63,'2^63'),(-2.0**63,'-2^63'),
          (None,'largest below 2^63',0x43dfffffffffffff),(None,'just below -2^63',0xc3e0000000000001),(2.0**64,'2^64'),
          (None,'largest below 2^64',0x43efffffffffffff),
          (None,'min subnormal',MINS),(None,'-min subnormal',MINS|NZ),(None,'max',MAX),
          (None,'+inf',INF),(None,'-inf',NINF),(None,'qNaN',NAN),(None,'-qNaN',NNAN),(None,'sNaN',SNAN)]
def bits(v):
    if v[0] is None: return v[2]
    if len(v)==3 and v[2] is True: return v[0]
    return B(v[0])
for it in ('w','wu','l','lu'):
    g.c(f"fcvt.{it}.{f} (32-bit results sign-extended; out of range / NaN saturate with NV)")
    for v in vals:
        g.f2i(f,it,'rtz',bits(v),cm=v[1] or repr(v[0]))
    for v in [x for x in vals if x[0] in (0.5,-0.9,1.1,2.5,-2.5,2147483647.5,-2147483648.5,4294967295.5)]:
        g.f2i(f,it,'rne',bits(v),cm=(v[1] or repr(v[0]))+' rne')
ints=[(0,''),(1,''),(-1,''),(0x7fffffff,'INT32_MAX'),(0x80000000,'2^31 / INT32_MIN'),(0xffffffff,''),
      (0xdeadbeef00000005,'upper bits'),(0x1000001,'2^24+1'),(0x7fffffffffffffff,'INT64_MAX'),
      (0x8000000000000000,'INT64_MIN / 2^63'),(0xffffffffffffffff,''),(0x20000000000001,'2^53+1'),(0x123456789,'')]
for it in ('w','wu','l','lu'):
    g.c(f"fcvt.{f}.{it}")
    for x,cm in ints:
        g.i2f(it,f,'rne',x,cm=cm)
if f=='d':
    g.c("fcvt.s.d: rounding, overflow, underflow, NaN handling")
    for x,cm in [(D(1/3),'1/3'),(D(1.5),''),(0x7fefffffffffffff,'max double: overflow'),(D(1e-300),'underflow to 0'),
                 (0x36a0000000000000,'2^-149 exactly: min single subnormal'),(0x3690000000000000,'2^-150: tie to 0'),
                 (0x3698000000000000,'1.5*2^-150'),(0x47efffffe0000000,'max single exact'),(0x47efffffefffffff,'just below overflow threshold'),
                 (0x47effffff0000000,'overflow threshold'),(NAN,'qNaN'),(0x7ff8000000012345,'NaN payload dropped'),(SNAN,'sNaN'),
                 (NINF,'-inf'),(NZ,'-0'),(0x380fffffffffffff,'just below min normal single'),(0x3810000000000000,'min normal single')]:
        g.f2f('d','s','rne',x,cm=cm)
    g.f2f('d','s','rtz',0x7fefffffffffffff,cm='overflow rtz -> max')
    g.f2f('d','s','rup',D(1e-300),cm='underflow rup -> min subnormal')
    g.c("fcvt.d.s: exact widening, NaN handling")
    for x,cm in [(S(1.1),'1.1f'),(1,'min subnormal single'),(0x807fffff,'-max subnormal single'),(0x7f7fffff,'max single'),
                 (0x7fc00000,'qNaN'),(0x7fc12345,'NaN payload dropped'),(0x7f800001,'sNaN'),(0xff800000,'-inf'),(0x80000000,'-0')]:
        g.f2f('s','d','rne',x,cm=cm)
g.out(sys.argv[2],f"""# RV64{'F' if f=='s' else 'D'} conversions: fcvt.{{w,wu,l,lu}}.{f} for in-range, boundary, out-of-range
# (saturating, NV), +-inf and NaN inputs; fcvt.{f}.{{w,wu,l,lu}} (only the low 32 bits of
# the source for w/wu){', fcvt.s.d and fcvt.d.s' if f=='d' else ''}. Result bits and fflags checked each time.
""")
