/* HyperStep debug guest: the program the DAP scenario tests (test/dap/) debug.
 *
 * Built three times (debug/debug.mk): prog_o0.elf (-O0 -g, DWARF 5),
 * prog_og.elf (-Og -g -fasynchronous-unwind-tables) and prog_dw4.elf
 * (-O0 -gdwarf-4), each together with shapes.c (a second compilation unit).
 *
 * Tests find line numbers by scanning this file for the markers written as
 * comments at the end of lines (BP:<name>); keep each marker unique. Prints
 * "hello from prog" and a summary line on the UART, then powers off with
 * exit(7) (SiFive test finisher FAIL | 7 << 16: the runner reports code 7). */
#include "virt.h"
#include "shapes.h"

/* ---- globals of several kinds ---- */
struct point g_origin = {3, 4};
struct shape g_shape = {"triangle", COLOR_BLUE, 3, {{0, 0}, {4, 0}, {0, 3}}};

union value {
  int i;
  float f;
  unsigned char bytes[4];
};
union value g_value = {.i = 0x3f800000};        /* f = 1.0 */

enum color g_color = COLOR_GREEN;

typedef unsigned long counter_t;
counter_t g_typed = 42;
point_t g_typedef_pt = {-1, 2};

int g_array[5] = {10, 20, 30, 40, 50};
const char *g_greeting = "hello";
double g_ratio = 0.75;

volatile int g_counter;                         /* data breakpoint target */
int g_last_sum;

__attribute__((noinline)) int add(int a, int b)
{ /* BP:addOpen */
  int sum = a + b; /* BP:add */
  g_last_sum = sum;
  return sum; /* BP:addRet */
}

/* Locals of several types; returns a value depending on all of them so the
 * optimised builds keep them alive. */
__attribute__((noinline)) static long locals_demo(struct point *pp)
{
  int i_val = -42;
  long l_val = 1234567890123L;
  unsigned char uc = 200;
  double d = 2.5;
  float f = 1.5f;
  char c = 'A';
  struct point *p = pp;
  int arr[3] = {7, 8, 9};
  const char *msg = "hi there";
  struct point local_pt = {5, 6};
  long r = i_val + l_val + uc + (long)d + (long)f + c + p->x + arr[1] + msg[0] + local_pt.y; /* BP:locals */
  return r; /* BP:localsRet */
}

int main(void)
{
  printf("hello from prog\n"); /* BP:hello */
  int first = add(2, 3); /* BP:callAdd */
  int total = first; /* BP:afterAdd */
  for (int i = 0; i < 10; i++) {
    total = add(total, i); /* BP:loop */
  }
  total += g_array[1];
  /* BP:nocode */
  long r = locals_demo(&g_origin); /* BP:afterNocode */
  for (int k = 0; k < 3; k++) { /* BP:counterFor */
    g_counter = g_counter + k + 1; /* BP:counter */
  }
  int per = shape_perimeter_sq(&g_shape); /* BP:callShape */
  int area = shape_area2(&g_shape);
  printf("total=%d r=%ld per=%d area=%d counter=%d color=%d typed=%lu %s %d\n",
         total, r, per, area, g_counter, (int)g_color, g_typed, g_greeting,
         g_value.bytes[3] + g_typedef_pt.x);
  exit(7); /* BP:exit */
}
