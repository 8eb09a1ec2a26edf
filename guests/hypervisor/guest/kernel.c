/* Reference hypervisor, guest kernel: guest_main (the C entry point, reached
 * from start.S with paging on) and the trap handler.
 *
 * guest_main: drop the boot identity mapping, set up the console, greet
 * through SBI DBCN, then run the main loop — one round per iteration:
 *     guest_work(round)          (guest1.c / guest2.c: prints through the UART)
 *     wait for the next tick     (SBI set_timer, then WFI until the VS timer
 *                                 interrupt arrives)
 * and after GUEST_ROUNDS rounds print a summary through the legacy SBI
 * console and power off with SBI SRST. The guest never sees the hypervisor's
 * slice timer; it only sees time pass. */
#include <stdbool.h>
#include "kernel.h"
#include "guest.h"
#include "riscv.h"
#include "sbi.h"

static volatile unsigned long ticks;    /* VS timer interrupts taken */

void guest_poweroff(int failed)
{
  sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, failed ? SBI_SRST_REASON_FAILURE : SBI_SRST_REASON_NONE);
  for (;;) wfi();                       /* not reached: the hypervisor stops this vCPU */
}

void guest_trap(struct trap_frame *tf)
{
  if ((tf->scause & SCAUSE_INTERRUPT) != 0 && (tf->scause & ~SCAUSE_INTERRUPT) == IRQ_S_TIMER) {
    ticks++;
    sbi_set_timer(~0UL);                /* clears the pending timer interrupt */
    return;
  }
  legacy_printf("%s: unexpected trap: scause 0x%lx sepc 0x%lx stval 0x%lx\n",
                guest_name, tf->scause, tf->sepc, tf->stval);
  guest_poweroff(1);
}

static void wait_for_tick(void)
{
  unsigned long target = ticks + 1;
  sbi_set_timer(read_time() + GUEST_TIMER_PERIOD);
  while (ticks < target) wfi();
}

void guest_main(unsigned long hartid)
{
  vs_paging_drop_identity();
  console_init();

  struct sbiret ver = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION, 0, 0, 0);
  struct sbiret impl = sbi_call(SBI_EXT_BASE, SBI_BASE_GET_IMPL_ID, 0, 0, 0);
  sbi_printf("%s: hello from VS-mode, hart %lu, SBI v%ld.%ld (impl 0x%lx), Sv39 root at gpa 0x%lx\n",
             guest_name, hartid, (ver.value >> 24) & 0x7f, ver.value & 0xffffff, impl.value,
             vs_paging_root_pa());

  csr_set(sie, 1UL << IRQ_S_TIMER);     /* VS: vsie.STIE, i.e. hie.VSTIE */
  csr_set(sstatus, SSTATUS_SIE);

  int round;
  for (round = 1; GUEST_ROUNDS == 0 || round <= GUEST_ROUNDS; round++) {
    guest_work(round);
    if (round != GUEST_ROUNDS) wait_for_tick();
  }
  legacy_printf("%s: done after %d rounds, counter %d, %lu timer interrupts\n",
                guest_name, round - 1, counter, ticks);
  guest_poweroff(0);
}
