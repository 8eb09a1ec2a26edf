/* fpu: floating point — a 5-body gravitational simulation (double,
 * fsqrt/fdiv), dense double matrix multiplication (fmadd chains), and a
 * single-precision phase exercising NaN-boxed floats, conversions and
 * min/max/sign-injection. The checksum covers exact IEEE result bits, so
 * rounding and fused multiply-add must be bit-accurate. */
#include "common.h"

#ifndef NBODY_STEPS
#define NBODY_STEPS 200000
#endif
#ifndef MAT_N
#define MAT_N 64
#endif
#ifndef MAT_ROUNDS
#define MAT_ROUNDS 20
#endif
#ifndef SP_N
#define SP_N 4096
#endif
#ifndef SP_ROUNDS
#define SP_ROUNDS 200
#endif
#ifndef EXPECTED
#define EXPECTED 0x14808d6f2ee5a0a9ULL
#endif

static inline uint64_t dbits(double d)
{
  uint64_t u;
  memcpy(&u, &d, sizeof u);
  return u;
}

static inline uint32_t fbits(float f)
{
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  return u;
}

/* ---------------- n-body ---------------- */

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body {
  double x, y, z, vx, vy, vz, mass;
};

static struct body bodies[5] = {
  /* sun */
  { 0, 0, 0, 0, 0, 0, SOLAR_MASS },
  /* four outer planets (approximate orbital elements) */
  { 4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
    1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
    -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS },
  { 8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
    -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
    2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS },
  { 1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
    2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
    -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS },
  { 1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
    2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
    -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS },
};

static double energy(void)
{
  double e = 0;
  for (int i = 0; i < 5; i++) {
    struct body *b = &bodies[i];
    e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (int j = i + 1; j < 5; j++) {
      struct body *c = &bodies[j];
      double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
      e -= b->mass * c->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

static void advance(double dt)
{
  for (int i = 0; i < 5; i++) {
    struct body *b = &bodies[i];
    for (int j = i + 1; j < 5; j++) {
      struct body *c = &bodies[j];
      double dx = b->x - c->x, dy = b->y - c->y, dz = b->z - c->z;
      double d2 = dx * dx + dy * dy + dz * dz;
      double mag = dt / (d2 * __builtin_sqrt(d2));
      b->vx -= dx * c->mass * mag;
      b->vy -= dy * c->mass * mag;
      b->vz -= dz * c->mass * mag;
      c->vx += dx * b->mass * mag;
      c->vy += dy * b->mass * mag;
      c->vz += dz * b->mass * mag;
    }
  }
  for (int i = 0; i < 5; i++) {
    struct body *b = &bodies[i];
    b->x += dt * b->vx;
    b->y += dt * b->vy;
    b->z += dt * b->vz;
  }
}

static uint64_t nbody_phase(void)
{
  double px = 0, py = 0, pz = 0;
  for (int i = 0; i < 5; i++) {
    px += bodies[i].vx * bodies[i].mass;
    py += bodies[i].vy * bodies[i].mass;
    pz += bodies[i].vz * bodies[i].mass;
  }
  bodies[0].vx = -px / SOLAR_MASS;
  bodies[0].vy = -py / SOLAR_MASS;
  bodies[0].vz = -pz / SOLAR_MASS;
  uint64_t h = dbits(energy());
  for (int s = 0; s < NBODY_STEPS; s++)
    advance(0.01);
  h = mix64(h, dbits(energy()));
  return h;
}

/* ---------------- matrix multiply ---------------- */

static double ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], mc[MAT_N][MAT_N];

static uint64_t matmul_phase(uint64_t *seed)
{
  for (int i = 0; i < MAT_N; i++)
    for (int j = 0; j < MAT_N; j++) {
      ma[i][j] = (double)(int64_t)(rng_next(seed) >> 40) / 16777216.0 - 0.5;
      mb[i][j] = (double)(rng_next(seed) >> 11) * 0x1p-53;
    }
  uint64_t h = 0;
  for (int r = 0; r < MAT_ROUNDS; r++) {
    for (int i = 0; i < MAT_N; i++)
      for (int j = 0; j < MAT_N; j++) {
        double s = 0;
        for (int k = 0; k < MAT_N; k++)
          s += ma[i][k] * mb[k][j];
        mc[i][j] = s;
      }
    /* feed the result back so rounds depend on each other */
    for (int i = 0; i < MAT_N; i++)
      for (int j = 0; j < MAT_N; j++)
        mb[i][j] = mc[i][j] * 0.75 + mb[j][i] * 0.25;
    h = mix64(h, dbits(mc[r % MAT_N][(r * 7) % MAT_N]));
  }
  return h;
}

/* ---------------- single precision ---------------- */

static inline float fmin_s(float a, float b)
{
  float r;
  __asm__("fmin.s %0, %1, %2" : "=f"(r) : "f"(a), "f"(b));
  return r;
}

static inline float fmax_s(float a, float b)
{
  float r;
  __asm__("fmax.s %0, %1, %2" : "=f"(r) : "f"(a), "f"(b));
  return r;
}

static float sv[SP_N];

static uint64_t single_phase(uint64_t *seed)
{
  for (int i = 0; i < SP_N; i++)
    sv[i] = (float)(int32_t)(rng_next(seed) >> 40) * 0x1p-20f; /* about [-8, 8) */
  uint64_t h = 0;
  float acc = 0.0f;
  int64_t ints = 0;
  for (int r = 0; r < SP_ROUNDS; r++) {
    float lo = 1e30f, hi = -1e30f;
    for (int i = 0; i < SP_N; i++) {
      float x = sv[i];
      /* Horner evaluation of a damped polynomial */
      float y = ((0.0123f * x - 0.25f) * x + 1.5f) * x - 0.75f;
      y = y / (1.0f + x * x);
      lo = fmin_s(lo, y);
      hi = fmax_s(hi, y);
      acc += __builtin_copysignf(__builtin_sqrtf(__builtin_fabsf(y)), x);
      ints += (int32_t)(y * 1000.0f);
      sv[i] = y * 0.5f + x * 0.5f + 0.001f * (float)(r & 3);
    }
    h = mix64(h, fbits(lo) | (uint64_t)fbits(hi) << 32);
  }
  h = mix64(h, fbits(acc));
  h = mix64(h, (uint64_t)ints);
  /* double <-> single round trips */
  double d = (double)acc * 1.000000119;
  h = mix64(h, fbits((float)d));
  h = mix64(h, dbits((double)(float)d));
  return h;
}

int main(void)
{
  uint64_t seed = 0xF10A7F10A7ULL;
  uint64_t check = nbody_phase();
  check = mix64(check, matmul_phase(&seed));
  check = mix64(check, single_phase(&seed));
  uint32_t fflags;
  __asm__ volatile("frflags %0" : "=r"(fflags));
  check = mix64(check, fflags);
  return bench_report("fpu", check, EXPECTED);
}
