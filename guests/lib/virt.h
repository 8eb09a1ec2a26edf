/* HyperStep guest library for the `virt` board: UART console, exit through
 * the SiFive test finisher, a small printf and the few libc routines the
 * compiler may call. Freestanding: no picolibc/newlib needed. */
#ifndef HYPERSTEP_VIRT_H
#define HYPERSTEP_VIRT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define VIRT_UART0_BASE    0x10000000UL
#define VIRT_TEST_BASE     0x00100000UL
#define VIRT_RAM_BASE      0x80000000UL

#define VIRT_FINISHER_PASS 0x5555u
#define VIRT_FINISHER_FAIL 0x3333u

/* Console (16550A THR at +0, LSR at +5, LSR bit 5 = THR empty). */
void uart_putc(char c);
void uart_puts(const char *s);          /* no newline appended */
int putchar(int c);
int puts(const char *s);                /* appends '\n' like libc */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

/* Terminate through the test finisher: 0 = pass, otherwise fail(code). */
void exit(int code) __attribute__((noreturn));

/* libc subset (the compiler may emit calls to the mem* ones). */
void *memset(void *d, int c, size_t n);
void *memcpy(void *restrict d, const void *restrict s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Benchmark helper: prints "<name>: checksum 0x... ok|MISMATCH (expected
 * 0x...)" and returns the exit code to use (0 when it matches). */
int bench_report(const char *name, uint64_t got, uint64_t expected);

static inline uint64_t rdinstret(void)
{
  uint64_t v;
  __asm__ volatile("rdinstret %0" : "=r"(v));
  return v;
}

#endif
