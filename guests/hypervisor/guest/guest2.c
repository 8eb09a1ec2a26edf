/* Reference hypervisor: guest2's part of the guest kernel. Each round it
 * computes a Fibonacci number and prints "guest2: round N fib(K) = F"
 * through the (emulated) UART. Call depth guest_main → guest_work → fib →
 * fib_step, with locals at each level, for stack-unwinding tests. */
#include "guest.h"

const char guest_name[] = "guest2";
int counter;

__attribute__((noinline)) static void fib_step(unsigned long *a, unsigned long *b)
{
  unsigned long next = *a + *b;
  *a = *b;
  *b = next;
}

__attribute__((noinline)) static unsigned long fib(int k)
{
  unsigned long a = 0, b = 1;
  for (int i = 0; i < k; i++) fib_step(&a, &b);
  return a;
}

void guest_work(int round)
{
  int k = round * 5;
  unsigned long f = fib(k);
  counter += 10;
  kprintf("guest2: round %d fib(%d) = %lu\n", round, k, f);
}
