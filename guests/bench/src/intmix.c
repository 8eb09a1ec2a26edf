/* intmix: integer compute mix — table-driven CRC-32, a sieve of
 * Eratosthenes, and a multiplicative string hash over a pseudo-random
 * buffer. Mostly ALU ops, byte loads/stores and short loops. */
#include "common.h"

#ifndef CRC_ROUNDS
#define CRC_ROUNDS 36
#endif
#ifndef SIEVE_LIMIT
#define SIEVE_LIMIT 2000000
#endif
#ifndef SIEVE_ROUNDS
#define SIEVE_ROUNDS 6
#endif
#ifndef HASH_ROUNDS
#define HASH_ROUNDS 24
#endif
#ifndef EXPECTED
#define EXPECTED 0x611cb67a03a49f8eULL
#endif

#define BUF_SIZE (64 * 1024)

static uint8_t buf[BUF_SIZE];
static uint32_t crc_table[256];
static uint8_t composite[SIEVE_LIMIT + 1];

static void crc_init(void)
{
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++)
      c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    crc_table[i] = c;
  }
}

static uint32_t crc32(const uint8_t *p, uint32_t n, uint32_t crc)
{
  crc = ~crc;
  while (n--)
    crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static uint64_t sieve(uint32_t limit)
{
  memset(composite, 0, limit + 1);
  uint64_t count = 0, sum = 0;
  for (uint32_t i = 2; i <= limit; i++) {
    if (composite[i])
      continue;
    count++;
    sum += i;
    if ((uint64_t)i * i <= limit)
      for (uint32_t j = i * i; j <= limit; j += i)
        composite[j] = 1;
  }
  return (count << 40) ^ sum;
}

/* 32-bit FNV-1a on 16-byte records, then a 64-bit rotate/xor fold. */
static uint64_t hash_records(const uint8_t *p, uint32_t n)
{
  uint64_t acc = 0;
  for (uint32_t off = 0; off + 16 <= n; off += 16) {
    uint32_t h = 2166136261u;
    for (int k = 0; k < 16; k++)
      h = (h ^ p[off + k]) * 16777619u;
    acc = ((acc << 13) | (acc >> 51)) ^ h;
  }
  return acc;
}

int main(void)
{
  uint64_t seed = 0x1234567887654321ULL;
  uint64_t check = 0;

  crc_init();
  for (uint32_t i = 0; i < BUF_SIZE; i += 8) {
    uint64_t r = rng_next(&seed);
    for (int k = 0; k < 8; k++)
      buf[i + k] = (uint8_t)(r >> (8 * k));
  }

  uint32_t crc = 0;
  for (int r = 0; r < CRC_ROUNDS; r++) {
    crc = crc32(buf, BUF_SIZE, crc);
    buf[r * 97 % BUF_SIZE] ^= (uint8_t)crc;
  }
  check = mix64(check, crc);

  for (int r = 0; r < SIEVE_ROUNDS; r++)
    check = mix64(check, sieve(SIEVE_LIMIT - r * 1000));

  for (int r = 0; r < HASH_ROUNDS; r++) {
    check = mix64(check, hash_records(buf, BUF_SIZE));
    buf[(r * 4099) % BUF_SIZE]++;
  }

  return bench_report("intmix", check, EXPECTED);
}
