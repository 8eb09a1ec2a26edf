/* Reference hypervisor: the four memory functions a freestanding gcc may call
 * (memcpy, memmove, memset, memcmp), for both the hypervisor and the guests. */
#include <stddef.h>
#include <stdint.h>

void *memset(void *dst, int c, size_t n)
{
  unsigned char *d = dst;
  /* 8 bytes at a time once aligned: the hypervisor clears 4 MiB per guest. */
  while (n > 0 && ((uintptr_t)d & 7) != 0) { *d++ = (unsigned char)c; n--; }
  uint64_t w = (unsigned char)c * 0x0101010101010101ULL;
  for (; n >= 32; n -= 32, d += 32) {
    volatile uint64_t *q = (volatile uint64_t *)d;
    q[0] = w;
    q[1] = w;
    q[2] = w;
    q[3] = w;
  }
  for (; n >= 8; n -= 8, d += 8) *(volatile uint64_t *)d = w;
  while (n > 0) { *d++ = (unsigned char)c; n--; }
  return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
  unsigned char *d = dst;
  const unsigned char *s = src;
  if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
    for (; n >= 8; n -= 8, d += 8, s += 8) *(volatile uint64_t *)d = *(const uint64_t *)s;
  }
  while (n-- > 0) *d++ = *s++;
  return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (d <= s || d >= s + n) return memcpy(dst, src, n);
  while (n-- > 0) d[n] = s[n];
  return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
  const unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; i++) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}
