/* HyperStep example: a bare-metal C program for the emulated `virt` board.
 *
 * It loops a few times, calls a function that has a local variable and prints
 * through the UART (guests/lib/virt.c), then exits through the test finisher.
 * Open it in VS Code, set a breakpoint in main() or square() and press F5:
 * HyperStep finds hello.elf by its debug information. `make` rebuilds it. */
#include "virt.h"

static int square(int n)
{
  int result = n * n;
  return result;
}

int main(void)
{
  int total = 0;
  for (int i = 1; i <= 3; i++) {
    int sq = square(i);
    total += sq;
    printf("hello %d: %d squared is %d\n", i, i, sq);
  }
  printf("total %d\n", total);
  return 0;
}
