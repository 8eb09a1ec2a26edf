/* Small kernel: lx_main (reached from lx_start.S with paging on, at the
 * kernel's linked addresses) and the trap handler.
 *
 * lx_main drops the boot identity map, installs the trap entry, enables the
 * timer interrupt (sie.STIE; sstatus.SIE stays 0 in the kernel except in
 * arch_irq_window), finds the disk, loads the workload and enters it in U-mode.
 * From then on the kernel runs only in lx_trap: system calls (ECALL from U),
 * demand-zero page faults, and the timer interrupt that ends a nanosleep. The
 * workload's exit powers the machine off (SBI SRST). */
#include "arch.h"

volatile int lx_timer_fired;

#ifdef PARAVIRT
#define LX_BUILD " (paravirtual)"
#else
#define LX_BUILD ""
#endif

void lx_panic(const char *what, uint64_t a, uint64_t b)
{
  lx_printf("lx: panic: %s (0x%lx, 0x%lx)\n", what, a, b);
  arch_poweroff(1);
}

void lx_exit(int status)
{
  if (status != 0) lx_printf("lx: the workload exited with status %d\n", status);
  arch_poweroff(status);
}

void lx_trap(struct lx_frame *f)
{
  uint64_t cause = f->scause;
  if ((cause & SCAUSE_INTERRUPT) != 0) {
    if ((cause & ~SCAUSE_INTERRUPT) == IRQ_S_TIMER) {
      lx_timer_fired = 1;
      arch_set_timer(~0UL);             /* clears the pending timer interrupt */
      return;
    }
    lx_panic("unexpected interrupt", cause, f->sepc);
  }
  if ((f->sstatus & SSTATUS_SPP) != 0) {
    lx_printf("lx: kernel trap: scause 0x%lx sepc 0x%lx stval 0x%lx\n", cause, f->sepc, f->stval);
    arch_poweroff(1);
  }
  switch (cause) {
  case EXC_ECALL_U:
    f->sepc += 4;
    lx_syscall(f);
    return;
  case EXC_INSN_PAGE_FAULT:
  case EXC_LOAD_PAGE_FAULT:
  case EXC_STORE_PAGE_FAULT:
    if (lx_demand_fault(f->stval, cause == EXC_STORE_PAGE_FAULT, cause == EXC_INSN_PAGE_FAULT) == 0) return;
    lx_printf("lx: segmentation fault: address 0x%lx, pc 0x%lx\n", f->stval, f->sepc);
    lx_exit(139);
  default:
    lx_printf("lx: workload trap: scause 0x%lx sepc 0x%lx stval 0x%lx\n", cause, f->sepc, f->stval);
    lx_exit(132);
  }
}

void lx_main(unsigned long hartid)
{
  lx_paging_done();
  arch_trap_init((uint64_t)lx_stack_top);
  arch_console_init();
  arch_timer_irq_enable();
  lx_blk_init();
  lx_printf("lx: small kernel%s, hart %lu, %lu KiB free; starting the workload\n",
            LX_BUILD, hartid, lx_pages_free * (LX_PAGE / 1024));
  struct lx_frame *f = (struct lx_frame *)((uint64_t)lx_stack_top - LX_FRAME_SIZE);
  lx_load_workload(f);
  lx_trap_return(f);
}
