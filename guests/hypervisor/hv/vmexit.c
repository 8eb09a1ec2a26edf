/* Reference hypervisor: handle_vm_exit, the C handler of every VM exit, and
 * the handler of traps taken while the hypervisor itself runs.
 *
 * handle_vm_exit(vcpu) is called by hv/entry.S with the exiting guest's saved
 * state (struct guest_regs: x0..x31, sepc, sstatus, hstatus, scause, stval,
 * htval, htinst — see hv.h) and returns the vcpu to resume, which is a
 * different one after a world switch. A debugger that stops here sees the
 * guest's registers in *vcpu. Exits by cause (scause):
 *
 *   interrupt 5   supervisor timer: the slice timer (sched_on_timer)
 *   10            ECALL from VS-mode: an SBI call (vsbi_handle)
 *   21, 23        load / store guest-page fault: MMIO to the emulated UART
 *                 (mmio_handle)
 *   anything else the guest is stopped as crashed (its traps that a guest
 *                 kernel handles itself are delegated with hedeleg, main.c)
 */
#include <stdarg.h>
#include "hv.h"
#include "fmt.h"
#include "platform.h"
#include "riscv.h"
#include "sbi.h"

struct hs_frame {
  uint64_t x[32];
  uint64_t sepc, scause, stval, pad;
};
_Static_assert(offsetof(struct hs_frame, sepc) == HS_SEPC, "HS_SEPC");
_Static_assert(offsetof(struct hs_frame, scause) == HS_SCAUSE, "HS_SCAUSE");
_Static_assert(offsetof(struct hs_frame, stval) == HS_STVAL, "HS_STVAL");
_Static_assert(sizeof(struct hs_frame) == HS_FRAME_SIZE, "HS_FRAME_SIZE");

static volatile bool probe_active, probe_trapped;

static struct vcpu *guest_crash(struct vcpu *v, const char *what)
{
  struct guest_regs *r = &v->regs;
  vcpu_console_flush(v);
  hv_printf("hv: %s: %s (scause 0x%lx sepc 0x%lx stval 0x%lx htval 0x%lx htinst 0x%lx); "
            "stopping it\n", v->name, what, r->scause, r->sepc, r->stval, r->htval, r->htinst);
  return sched_stop_vcpu(v, VCPU_CRASHED);
}

struct vcpu *handle_vm_exit(struct vcpu *vcpu)
{
  struct guest_regs *regs = &vcpu->regs;
  uint64_t cause = regs->scause;
  struct vcpu *next;
  vcpu->stats.total++;

  if ((cause & SCAUSE_INTERRUPT) != 0) {
    if ((cause & ~SCAUSE_INTERRUPT) == IRQ_S_TIMER) {
      vcpu->stats.timer++;
      return sched_on_timer(vcpu);
    }
    vcpu->stats.other++;
    return guest_crash(vcpu, "unexpected interrupt");
  }

  switch (cause) {
  case EXC_ECALL_VS:
    vcpu->stats.hypercall++;
    return vsbi_handle(vcpu);
  case EXC_LOAD_GUEST_PAGE_FAULT:
    vcpu->stats.load_gpf++;
    if ((next = mmio_handle(vcpu, false)) != NULL) return next;
    return guest_crash(vcpu, "load from an unmapped guest-physical address");
  case EXC_STORE_GUEST_PAGE_FAULT:
    vcpu->stats.store_gpf++;
    if ((next = mmio_handle(vcpu, true)) != NULL) return next;
    return guest_crash(vcpu, "store to an unmapped guest-physical address");
  default:
    vcpu->stats.other++;
    return guest_crash(vcpu, "unhandled VM exit");
  }
}

/* ---- traps taken in HS-mode (V=0) ---- */

/* CSR probes: between begin and end, an illegal-instruction trap skips the
 * (4-byte) CSR instruction instead of stopping the hypervisor. */
bool hv_probe_csr_begin(void)
{
  probe_trapped = false;
  probe_active = true;
  return true;
}

bool hv_probe_csr_end(void)
{
  probe_active = false;
  return probe_trapped;
}

void hs_trap_handler(struct hs_frame *f)
{
  if (probe_active && f->scause == EXC_ILLEGAL_INSN) {
    probe_trapped = true;
    f->sepc += 4;
    return;
  }
  hv_panic("unexpected trap in HS-mode: scause 0x%lx sepc 0x%lx stval 0x%lx",
           f->scause, f->sepc, f->stval);
}

static void hv_vpanic_sink(void *ctx, char c)
{
  (void)ctx;
  hv_console_write(&c, 1);
}

void hv_panic(const char *fmt, ...)
{
  va_list ap;
  hv_printf("hv: PANIC: ");
  va_start(ap, fmt);
  fmt_vformat(hv_vpanic_sink, NULL, fmt, ap);
  va_end(ap);
  hv_printf("\n");
  /* Exit status 1 through the SiFive test finisher (S-mode may write it:
   * OpenSBI's root domain leaves it accessible), else SBI shutdown. */
  *(volatile uint32_t *)VIRT_TEST_BASE = FINISHER_FAIL | (1U << 16);
  sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_FAILURE);
  for (;;) wfi();
}
