/* HyperStep debug guest: nested inlining for the DWARF reader's inlined-subroutine
 * support (test/debug/dwarfInline.test.ts).
 *
 * Built as inline_o2.elf (debug/debug.mk: -O2 -g, DWARF 5). clamp() is inlined
 * into scale(), which is inlined into main()'s loop, so the line table and the
 * DW_TAG_inlined_subroutine tree nest clamp inside scale inside main. The
 * volatile sinks keep t and x live. Tests find line numbers by scanning this
 * file for the BP:<name> markers at line ends; keep each marker unique. Prints
 * one line per element and a sum, then exits with code 0. */
#include "virt.h"

int g_values[5] = {3, -7, 12, 40, -2};
volatile int g_sink;

static inline __attribute__((always_inline)) int clamp(int x)
{
  g_sink = x; /* BP:clampBody */
  if (x > 50)
    return 50;
  if (x < -20)
    return -20;
  return x;
}

static inline __attribute__((always_inline)) int scale(int v, int k)
{
  int t = v * k; /* BP:scaleBody */
  g_sink = t;
  return clamp(t + 1); /* BP:callClamp */
}

int main(void)
{
  int sum = 0;
  for (int i = 0; i < 5; i++) {
    int r = scale(g_values[i], i + 2); /* BP:callScale */
    printf("scale(%d)=%d\n", g_values[i], r);
    sum += r;
  }
  printf("sum=%d\n", sum);
  exit(0); /* BP:exit */
}
