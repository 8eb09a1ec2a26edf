// host reference: reads "op rm a b c" (hex bits), prints "res flags"
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <fenv.h>
#include <math.h>
#include <stdlib.h>
#pragma STDC FENV_ACCESS ON
static float F(uint64_t x){float f;uint32_t u=x;memcpy(&f,&u,4);return f;}
static double D(uint64_t x){double d;memcpy(&d,&x,8);return d;}
static uint64_t bF(float f){uint32_t u;memcpy(&u,&f,4);if(isnan(f))u=0x7fc00000;return u;}
static uint64_t bD(double d){uint64_t u;memcpy(&u,&d,8);if(isnan(d))u=0x7ff8000000000000ull;return u;}
int main(){char op[32],rm[8];unsigned long long a,b,c;
 while(scanf("%31s %7s %llx %llx %llx",op,rm,&a,&b,&c)==5){
  int m=!strcmp(rm,"rne")?FE_TONEAREST:!strcmp(rm,"rtz")?FE_TOWARDZERO:!strcmp(rm,"rdn")?FE_DOWNWARD:!strcmp(rm,"rup")?FE_UPWARD:-1;
  if(m<0){printf("X\n");fflush(stdout);continue;}
  fesetround(m);feclearexcept(FE_ALL_EXCEPT);
  volatile float fa=F(a),fb=F(b),fc=F(c);volatile double da=D(a),db=D(b),dc=D(c);
  uint64_t r=0;
  if(!strcmp(op,"fadd.s"))r=bF(fa+fb);
  else if(!strcmp(op,"fsub.s"))r=bF(fa-fb);
  else if(!strcmp(op,"fmul.s"))r=bF(fa*fb);
  else if(!strcmp(op,"fdiv.s"))r=bF(fa/fb);
  else if(!strcmp(op,"fsqrt.s"))r=bF(sqrtf(fa));
  else if(!strcmp(op,"fmadd.s"))r=bF(fmaf(fa,fb,fc));
  else if(!strcmp(op,"fmsub.s"))r=bF(fmaf(fa,fb,-fc));
  else if(!strcmp(op,"fnmsub.s"))r=bF(fmaf(-fa,fb,fc));
  else if(!strcmp(op,"fnmadd.s"))r=bF(fmaf(-fa,fb,-fc));
  else if(!strcmp(op,"fadd.d"))r=bD(da+db);
  else if(!strcmp(op,"fsub.d"))r=bD(da-db);
  else if(!strcmp(op,"fmul.d"))r=bD(da*db);
  else if(!strcmp(op,"fdiv.d"))r=bD(da/db);
  else if(!strcmp(op,"fsqrt.d"))r=bD(sqrt(da));
  else if(!strcmp(op,"fmadd.d"))r=bD(fma(da,db,dc));
  else if(!strcmp(op,"fmsub.d"))r=bD(fma(da,db,-dc));
  else if(!strcmp(op,"fnmsub.d"))r=bD(fma(-da,db,dc));
  else if(!strcmp(op,"fnmadd.d"))r=bD(fma(-da,db,-dc));
  else if(!strcmp(op,"fcvt.s.d"))r=bF((float)da);
  else if(!strcmp(op,"fcvt.d.s"))r=bD((double)fa);
  else if(!strcmp(op,"fcvt.s.w"))r=bF((float)(int32_t)a);
  else if(!strcmp(op,"fcvt.s.wu"))r=bF((float)(uint32_t)a);
  else if(!strcmp(op,"fcvt.s.l"))r=bF((float)(int64_t)a);
  else if(!strcmp(op,"fcvt.s.lu"))r=bF((float)(uint64_t)a);
  else if(!strcmp(op,"fcvt.d.w"))r=bD((double)(int32_t)a);
  else if(!strcmp(op,"fcvt.d.wu"))r=bD((double)(uint32_t)a);
  else if(!strcmp(op,"fcvt.d.l"))r=bD((double)(int64_t)a);
  else if(!strcmp(op,"fcvt.d.lu"))r=bD((double)(uint64_t)a);
  else {printf("X\n");fflush(stdout);continue;}
  int e=fetestexcept(FE_ALL_EXCEPT),fl=0;
  if(e&FE_INEXACT)fl|=1; if(e&FE_UNDERFLOW)fl|=2; if(e&FE_OVERFLOW)fl|=4; if(e&FE_DIVBYZERO)fl|=8; if(e&FE_INVALID)fl|=16;
  printf("%llx %d\n",(unsigned long long)r,fl);fflush(stdout);
 }}
