# cross-check fp.py vs host fref on random-ish cases
import fp,subprocess,random
random.seed(1)
p=subprocess.Popen(['./fref'],stdin=subprocess.PIPE,stdout=subprocess.PIPE,text=True)
specials_s=[0,0x80000000,0x3f800000,0xbf800000,0x7f800000,0xff800000,0x7f7fffff,0x00800000,0x00000001,0x007fffff,0x3f800001,0x34000000,0x40490fdb,0x3dcccccd,0x4b000000,0x00400000]
specials_d=[0,1<<63,0x3ff0000000000000,0xbff0000000000000,0x7ff0000000000000,0x7fefffffffffffff,0x0010000000000000,1,0x000fffffffffffff,0x3ff0000000000001,0x3cb0000000000000,0x400921fb54442d18,0x3fb999999999999a]
bad=0;n=0
for f,sp in (('s',specials_s),('d',specials_d)):
  w=32 if f=='s' else 64
  for _ in range(20000):
    opn=random.choice(['add','sub','mul','div','sqrt','madd','msub','nmadd','nmsub'])
    rm=random.choice(['rne','rtz','rdn','rup'])
    args=[random.choice(sp) if random.random()<0.5 else random.getrandbits(w) for _ in range(3)]
    if random.random()<0.3: args[1]=args[0]^random.getrandbits(3)
    r=fp.op(opn,f,rm,*args[:1 if opn=='sqrt' else 3 if opn[-3:] in('add','sub') and len(opn)>3 else 2])
    name={'add':'fadd','sub':'fsub','mul':'fmul','div':'fdiv','sqrt':'fsqrt','madd':'fmadd','msub':'fmsub','nmadd':'fnmadd','nmsub':'fnmsub'}[opn]+'.'+f
    p.stdin.write(f"{name} {rm} {args[0]:x} {args[1]:x} {args[2]:x}\n");p.stdin.flush()
    h=p.stdout.readline().split(); hr=(int(h[0],16),int(h[1]))
    n+=1
    if hr!=r:
      bad+=1
      if bad<15: print(name,rm,[hex(a) for a in args],'py',hex(r[0]),r[1],'host',hex(hr[0]),hr[1])
print(n,bad)
