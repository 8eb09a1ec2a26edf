/* HyperStep debug guest: prints "spinning" and then spins forever (for the
 * DAP pause test). */
#include "virt.h"

volatile unsigned long spin_count;

int main(void)
{
  printf("spinning\n");
  for (;;)
    spin_count++; /* BP:spin */
}
