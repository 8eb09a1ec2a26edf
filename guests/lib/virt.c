/* HyperStep guest library for the `virt` board (see virt.h). */
#include "virt.h"

#define UART_THR 0
#define UART_LSR 5
#define UART_LSR_THRE 0x20

static inline volatile uint8_t *uart_reg(unsigned off)
{
  return (volatile uint8_t *)(VIRT_UART0_BASE + off);
}

void uart_putc(char c)
{
  while ((*uart_reg(UART_LSR) & UART_LSR_THRE) == 0)
    ;
  *uart_reg(UART_THR) = (uint8_t)c;
}

void uart_puts(const char *s)
{
  while (*s)
    uart_putc(*s++);
}

int putchar(int c)
{
  uart_putc((char)c);
  return (unsigned char)c;
}

int puts(const char *s)
{
  uart_puts(s);
  uart_putc('\n');
  return 0;
}

void exit(int code)
{
#ifdef VIRT_MEASURE
  /* Measurement builds only (never committed): report retired instructions
   * so workloads can be sized, e.g. under `qemu -icount shift=0`. */
  uint64_t n = rdinstret();
  printf("[instret %lu]\n", (unsigned long)n);
#endif
  volatile uint32_t *fin = (volatile uint32_t *)VIRT_TEST_BASE;
  uint32_t v = code == 0 ? VIRT_FINISHER_PASS
                         : (VIRT_FINISHER_FAIL | ((uint32_t)(code & 0xffff) << 16));
  for (;;)
    *fin = v;
}

/* Called from crt0's trap vector for any M-mode trap: nothing in these
 * programs expects one, so report it and fail with code 0x7f. */
void __virt_trap(uint64_t cause, uint64_t epc, uint64_t tval) __attribute__((noreturn));
void __virt_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
  printf("\nunexpected trap: mcause=0x%lx mepc=0x%lx mtval=0x%lx\n",
         (unsigned long)cause, (unsigned long)epc, (unsigned long)tval);
  exit(0x7f);
}

/* ---- printf: %[-0][width][l|ll|z](d|i|u|x|X|p|s|c|%) ---- */

static int out_pad(int n, char c)
{
  for (int i = 0; i < n; i++)
    uart_putc(c);
  return n > 0 ? n : 0;
}

int vprintf(const char *fmt, va_list ap)
{
  int count = 0;
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      uart_putc(*fmt);
      count++;
      continue;
    }
    fmt++;
    int left = 0, zero = 0, width = 0, longs = 0;
    for (;; fmt++) {
      if (*fmt == '-') left = 1;
      else if (*fmt == '0') zero = 1;
      else break;
    }
    while (*fmt >= '0' && *fmt <= '9')
      width = width * 10 + (*fmt++ - '0');
    while (*fmt == 'l' || *fmt == 'z') {
      longs++;
      fmt++;
    }
    char buf[24];
    int len = 0, neg = 0;
    const char *str = buf;
    uint64_t u;
    switch (*fmt) {
    case 'd':
    case 'i': {
      int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
      neg = v < 0;
      u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
      goto decimal;
    }
    case 'u':
      u = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
    decimal:
      do {
        buf[sizeof buf - 1 - len++] = (char)('0' + u % 10);
        u /= 10;
      } while (u);
      str = buf + sizeof buf - len;
      break;
    case 'p':
      longs = 1;
      /* fall through */
    case 'x':
    case 'X': {
      const char *digits = *fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
      u = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
      do {
        buf[sizeof buf - 1 - len++] = digits[u & 15];
        u >>= 4;
      } while (u);
      str = buf + sizeof buf - len;
      break;
    }
    case 's':
      str = va_arg(ap, const char *);
      if (!str) str = "(null)";
      len = (int)strlen(str);
      zero = 0;
      break;
    case 'c':
      buf[0] = (char)va_arg(ap, int);
      len = 1;
      zero = 0;
      break;
    case '\0':
      return count;
    default: /* includes "%%" */
      buf[0] = *fmt;
      len = 1;
      zero = 0;
      break;
    }
    int pad = width - len - neg;
    if (!left && !zero)
      count += out_pad(pad, ' ');
    if (neg) {
      uart_putc('-');
      count++;
    }
    if (!left && zero)
      count += out_pad(pad, '0');
    for (int i = 0; i < len; i++)
      uart_putc(str[i]);
    count += len;
    if (left)
      count += out_pad(pad, ' ');
  }
  return count;
}

int printf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vprintf(fmt, ap);
  va_end(ap);
  return n;
}

int bench_report(const char *name, uint64_t got, uint64_t expected)
{
  if (got == expected) {
    printf("%s: checksum 0x%016lx ok\n", name, (unsigned long)got);
    return 0;
  }
  printf("%s: checksum 0x%016lx MISMATCH (expected 0x%016lx)\n", name,
         (unsigned long)got, (unsigned long)expected);
  return 1;
}

/* ---- libc subset ---- */

void *memset(void *d, int c, size_t n)
{
  unsigned char *p = d;
  uint64_t w = (unsigned char)c;
  w |= w << 8;
  w |= w << 16;
  w |= w << 32;
  while (n && ((uintptr_t)p & 7)) {
    *p++ = (unsigned char)c;
    n--;
  }
  for (; n >= 8; n -= 8, p += 8)
    *(volatile uint64_t *)p = w; /* volatile: keep gcc from turning this into memset() */
  while (n--)
    *p++ = (unsigned char)c;
  return d;
}

void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
  unsigned char *dp = d;
  const unsigned char *sp = s;
  if ((((uintptr_t)dp | (uintptr_t)sp) & 7) == 0) {
    for (; n >= 8; n -= 8, dp += 8, sp += 8)
      *(volatile uint64_t *)dp = *(const uint64_t *)sp;
  }
  while (n--)
    *(volatile unsigned char *)dp++ = *sp++;
  return d;
}

void *memmove(void *d, const void *s, size_t n)
{
  unsigned char *dp = d;
  const unsigned char *sp = s;
  if (dp == sp || n == 0)
    return d;
  if (dp < sp || dp >= sp + n)
    return memcpy(d, s, n);
  while (n--)
    *(volatile unsigned char *)(dp + n) = sp[n];
  return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
  const unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; i++)
    if (x[i] != y[i])
      return x[i] < y[i] ? -1 : 1;
  return 0;
}

size_t strlen(const char *s)
{
  const char *p = s;
  while (*p)
    p++;
  return (size_t)(p - s);
}
