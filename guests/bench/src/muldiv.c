/* muldiv: 64-bit and 32-bit multiply/divide heavy code — Euclid's gcd,
 * modular exponentiation with 64x64->128 products (mul/mulhu) reduced
 * with 64-bit remainders, signed high products (mulh), integer
 * square roots by Newton iteration, 32-bit *w forms, and the architectural
 * corner cases (division by zero, signed overflow) via inline assembly. */
#include "common.h"

#ifndef GCD_PAIRS
#define GCD_PAIRS 400000
#endif
#ifndef POW_ROUNDS
#define POW_ROUNDS 80000
#endif
#ifndef SQRT_ROUNDS
#define SQRT_ROUNDS 500000
#endif
#ifndef W_ROUNDS
#define W_ROUNDS 2500000
#endif
#ifndef EXPECTED
#define EXPECTED 0xd954a88d95c67da0ULL
#endif

static uint64_t gcd(uint64_t a, uint64_t b)
{
  while (b) {
    uint64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* (a * b) mod m for a, b < m < 2^47 without a 128-bit division: form the
 * 128-bit product, then reduce it 16 bits at a time with 64-bit remu
 * (r < 2^47, so r << 16 cannot overflow). */
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m)
{
  uint64_t hi = (uint64_t)(((unsigned __int128)a * b) >> 64);
  uint64_t lo = a * b;
  if (hi == 0)
    return lo % m;
  uint64_t r = hi % m;
  for (int k = 0; k < 4; k++) {
    r = ((r << 16) | (lo >> 48)) % m;
    lo <<= 16;
  }
  return r;
}

static uint64_t powmod(uint64_t base, uint64_t exp, uint64_t m)
{
  uint64_t result = 1 % m;
  base %= m;
  while (exp) {
    if (exp & 1)
      result = mulmod(result, base, m);
    base = mulmod(base, base, m);
    exp >>= 1;
  }
  return result;
}

static uint64_t isqrt(uint64_t n)
{
  if (n < 2)
    return n;
  uint64_t x = n / 2 + 1, y = (x + n / x) / 2;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2;
  }
  return x;
}

/* Architectural results the C language leaves undefined. */
static uint64_t corner_cases(void)
{
  static const int64_t xs[] = { 0, 1, -1, 7, -7, INT64_MIN, INT64_MAX, 0x123456789abcdefLL };
  static const int64_t ys[] = { 0, 1, -1, 3, -3, INT64_MIN, 2 };
  uint64_t h = 0;
  for (unsigned i = 0; i < sizeof xs / sizeof xs[0]; i++) {
    for (unsigned j = 0; j < sizeof ys / sizeof ys[0]; j++) {
      int64_t x = xs[i], y = ys[j];
      uint64_t q, r, qu, ru, qw, rw, quw, ruw, mh, mhsu, mhu, mw;
      __asm__ volatile(
          "div %0, %12, %13\n\t"
          "rem %1, %12, %13\n\t"
          "divu %2, %12, %13\n\t"
          "remu %3, %12, %13\n\t"
          "divw %4, %12, %13\n\t"
          "remw %5, %12, %13\n\t"
          "divuw %6, %12, %13\n\t"
          "remuw %7, %12, %13\n\t"
          "mulh %8, %12, %13\n\t"
          "mulhsu %9, %12, %13\n\t"
          "mulhu %10, %12, %13\n\t"
          "mulw %11, %12, %13\n\t"
          : "=&r"(q), "=&r"(r), "=&r"(qu), "=&r"(ru), "=&r"(qw), "=&r"(rw),
            "=&r"(quw), "=&r"(ruw), "=&r"(mh), "=&r"(mhsu), "=&r"(mhu), "=&r"(mw)
          : "r"(x), "r"(y));
      h = mix64(h, q); h = mix64(h, r); h = mix64(h, qu); h = mix64(h, ru);
      h = mix64(h, qw); h = mix64(h, rw); h = mix64(h, quw); h = mix64(h, ruw);
      h = mix64(h, mh); h = mix64(h, mhsu); h = mix64(h, mhu); h = mix64(h, mw);
    }
  }
  return h;
}

int main(void)
{
  uint64_t seed = 0xD1B54A32D192ED03ULL;
  uint64_t check = corner_cases();

  uint64_t g = 0;
  for (int i = 0; i < GCD_PAIRS; i++) {
    uint64_t a = rng_next(&seed), b = rng_next(&seed) >> (i & 31);
    g = mix64(g, gcd(a, b | 1));
  }
  check = mix64(check, g);

  uint64_t p = 0;
  for (int i = 0; i < POW_ROUNDS; i++) {
    uint64_t m = (rng_next(&seed) >> 17) | 1;      /* odd modulus < 2^47 */
    uint64_t base = rng_next(&seed) % m;
    uint64_t e = rng_next(&seed) >> 48;            /* 16-bit exponent */
    p = mix64(p, powmod(base, e, m));
  }
  check = mix64(check, p);

  uint64_t s = 0;
  for (int i = 0; i < SQRT_ROUNDS; i++) {
    uint64_t n = rng_next(&seed) >> (i & 15);
    uint64_t r = isqrt(n);
    int64_t sn = (int64_t)rng_next(&seed);
    int64_t sd = (int64_t)(rng_next(&seed) >> 40) - (1LL << 23);
    if (sd == 0)
      sd = 1;
    s = mix64(s, r ^ (uint64_t)(sn / sd) ^ (uint64_t)(sn % sd) << 7);
    /* signed high product */
    s += (uint64_t)(((__int128)sn * sd) >> 64);
  }
  check = mix64(check, s);

  uint32_t w = 0x12345u;
  int32_t sw = -777;
  for (int i = 0; i < W_ROUNDS; i++) {
    uint32_t d = (uint32_t)i * 2654435761u | 1;
    w = w * 1103515245u + 12345u;
    w ^= w / (d >> 20 | 1) + w % 977u;
    sw = sw * 31 - (int32_t)(w >> 7);
    sw = sw / (int32_t)((d & 0xffff) | 1) + sw % 1009;
  }
  check = mix64(check, ((uint64_t)w << 32) ^ (uint32_t)sw);

  return bench_report("muldiv", check, EXPECTED);
}
