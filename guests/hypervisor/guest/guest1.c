/* Reference hypervisor: guest1's part of the guest kernel. Each round it
 * sums the first round+2 squares and prints "guest1: round N sum S" through
 * the (emulated) UART. Call depth guest_main → guest_work → sum_of_squares
 * → square, with locals at each level, for stack-unwinding tests. */
#include "guest.h"

const char guest_name[] = "guest1";
int counter;

__attribute__((noinline)) static long square(long x)
{
  long result = x * x;
  return result;
}

__attribute__((noinline)) static long sum_of_squares(int n)
{
  long sum = 0;
  for (int i = 1; i <= n; i++) sum += square(i);
  return sum;
}

void guest_work(int round)
{
  int n = round + 2;
  long sum = sum_of_squares(n);
  counter += round;
  kprintf("guest1: round %d sum %ld\n", round, sum);
}
