/* HyperStep demo guest for the `virt` board: prints a banner, some primes,
 * Fibonacci numbers and a small ASCII Mandelbrot set (fixed-point integer
 * arithmetic, so it needs no FPU), then exits 0 through the test finisher. */
#include "virt.h"

static void primes(int limit)
{
  printf("Primes below %d:", limit);
  int count = 0;
  for (int n = 2; n < limit; n++) {
    int prime = 1;
    for (int d = 2; d * d <= n; d++)
      if (n % d == 0) {
        prime = 0;
        break;
      }
    if (prime) {
      if (count % 15 == 0)
        printf("\n ");
      printf(" %3d", n);
      count++;
    }
  }
  printf("\n  (%d primes)\n\n", count);
}

static void fibonacci(int n)
{
  printf("Fibonacci numbers F(0)..F(%d):\n", n - 1);
  uint64_t a = 0, b = 1;
  for (int i = 0; i < n; i++) {
    printf("%s%lu", i == 0 ? "  " : (i % 10 == 0 ? ",\n  " : ", "), (unsigned long)a);
    uint64_t t = a + b;
    a = b;
    b = t;
  }
  printf("\n  F(90) = ");
  a = 0;
  b = 1;
  for (int i = 0; i < 90; i++) {
    uint64_t t = a + b;
    a = b;
    b = t;
  }
  printf("%lu\n\n", (unsigned long)a);
}

/* Q16.16 fixed point */
#define FIX(x) ((int64_t)((x) * 65536))

static void mandelbrot(int width, int height, int max_iter)
{
  static const char shades[] = " .:-=+*#%@";
  printf("Mandelbrot set (%dx%d, %d iterations):\n", width, height, max_iter);
  const int64_t x0 = FIX(-2.2), x1 = FIX(0.8), y0 = FIX(-1.2), y1 = FIX(1.2);
  for (int row = 0; row < height; row++) {
    int64_t ci = y0 + (y1 - y0) * row / (height - 1);
    uart_puts("  ");
    for (int col = 0; col < width; col++) {
      int64_t cr = x0 + (x1 - x0) * col / (width - 1);
      int64_t zr = 0, zi = 0;
      int it = 0;
      while (it < max_iter) {
        int64_t zr2 = zr * zr >> 16, zi2 = zi * zi >> 16;
        if (zr2 + zi2 > FIX(4))
          break;
        zi = (zr * zi >> 15) + ci;
        zr = zr2 - zi2 + cr;
        it++;
      }
      uart_putc(it == max_iter ? '@' : shades[it * (sizeof shades - 2) / max_iter]);
    }
    uart_putc('\n');
  }
  uart_putc('\n');
}

int main(void)
{
  puts("HyperStep demo: bare-metal RISC-V (RV64GC) on the virt board");
  puts("=============================================================");
  uint64_t misa;
  __asm__ volatile("csrr %0, misa" : "=r"(misa));
  printf("Running in M-mode, misa = 0x%lx (", (unsigned long)misa);
  for (int i = 0; i < 26; i++)
    if (misa & (1UL << i))
      putchar('A' + i);
  puts(")\n");

  primes(100);
  fibonacci(30);
  mandelbrot(64, 24, 48);

  uint64_t n = rdinstret();
  printf("Done after %lu instructions. Bye!\n", (unsigned long)n);
  return 0;
}
