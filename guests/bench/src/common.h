/* Shared helpers for the HyperStep benchmark workloads. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <stdint.h>
#include "virt.h"

/* xorshift64* pseudo-random generator: deterministic, cheap, full period. */
static inline uint64_t rng_next(uint64_t *s)
{
  uint64_t x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1DULL;
}

/* Order-dependent combination of partial results into one checksum. */
static inline uint64_t mix64(uint64_t h, uint64_t v)
{
  h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
  return h;
}

#endif
