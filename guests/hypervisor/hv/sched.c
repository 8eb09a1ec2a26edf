/* Reference hypervisor: scheduling, world switch and timers.
 *
 * Round robin over the runnable guests with a fixed slice of HV_SLICE_TICKS.
 * The hypervisor's own timer is stimecmp when Sstc is usable from HS-mode
 * (menvcfg.STCE = 1, probed in main.c), otherwise the SBI TIME call to
 * OpenSBI. Its interrupt (supervisor timer, cause 5 | interrupt bit) arrives
 * while a guest runs — HS-level interrupts are always enabled while V=1
 * (priv. spec 8.4, and 4.1.1 on lower-privilege interrupts) — so it is a VM
 * exit; handle_vm_exit passes it to sched_on_timer.
 *
 * World switch (sched_switch): save the outgoing guest's VS CSRs and
 * per-guest H CSRs (its GPRs are already in struct guest_regs), then load the
 * incoming guest's in the order the spec recommends ("Memory-Management
 * Fences", 8.5.3 note): zero vsatp, write hgatp (new VMID), write henvcfg,
 * and write the new vsatp last. Each guest has its own VMID and its G stage
 * never changes after boot, so no HFENCE is needed on a switch.
 *
 * Guest timers (SBI set_timer from a guest, vtimer_set):
 *   - vstimecmp (Sstc, henvcfg.STCE = 1): the deadline is written to
 *     vstimecmp, which raises VSTIP by itself when the guest's time
 *     (time + htimedelta) reaches it; it is part of the switched state.
 *   - hvip (no Sstc, or built with -DHV_FORCE_HVIP): the hypervisor keeps the
 *     deadline, arms its own timer for min(slice end, deadline) and sets
 *     hvip.VSTIP when the deadline has passed (checked on every timer exit
 *     and whenever the guest is switched in). */
#include "hv.h"
#include "riscv.h"
#include "sbi.h"

#define VSTIP (1UL << IRQ_VS_TIMER)
#define NO_DEADLINE (~0UL)

static struct vcpu *current;
static uint64_t slice_end;

static void hs_timer_arm(uint64_t when)
{
  if (hv_have_sstc) csr_write(stimecmp, when);
  else sbi_set_timer(when);
}

static void save_csrs(struct vcpu *v)
{
  struct guest_csrs *c = &v->csr;
  c->vsstatus = csr_read(vsstatus);
  c->vsie = csr_read(vsie);
  c->vstvec = csr_read(vstvec);
  c->vsscratch = csr_read(vsscratch);
  c->vsepc = csr_read(vsepc);
  c->vscause = csr_read(vscause);
  c->vstval = csr_read(vstval);
  c->vsatp = csr_read(vsatp);
  c->hvip = csr_read(hvip);
  if (hv_use_vstimecmp) c->vstimecmp = csr_read(vstimecmp);
  c->htimedelta = csr_read(htimedelta);
  c->henvcfg = csr_read(henvcfg);
  c->hcounteren = csr_read(hcounteren);
  c->hgatp = csr_read(hgatp);
  c->senvcfg = csr_read(senvcfg);
  c->scounteren = csr_read(scounteren);
}

static void load_csrs(struct vcpu *v)
{
  struct guest_csrs *c = &v->csr;
  csr_write(vsatp, 0);              /* 1. no VS-stage translation ... */
  csr_write(hgatp, c->hgatp);       /* 2. ... while the VMID changes */
  csr_write(henvcfg, c->henvcfg);   /*    (PBMTE between the two, 8.5.3) */
  csr_write(vsstatus, c->vsstatus);
  csr_write(vsie, c->vsie);
  csr_write(vstvec, c->vstvec);
  csr_write(vsscratch, c->vsscratch);
  csr_write(vsepc, c->vsepc);
  csr_write(vscause, c->vscause);
  csr_write(vstval, c->vstval);
  csr_write(hvip, c->hvip);
  csr_write(htimedelta, c->htimedelta);
  if (hv_use_vstimecmp) csr_write(vstimecmp, c->vstimecmp);
  csr_write(hcounteren, c->hcounteren);
  csr_write(senvcfg, c->senvcfg);
  csr_write(scounteren, c->scounteren);
  csr_write(vsatp, c->vsatp);       /* 3. the new guest's vsatp last */
}

/* hvip mode: pend the guest's timer interrupt once its deadline has passed. */
static void vtimer_check(struct vcpu *v, uint64_t now)
{
  if (hv_use_vstimecmp || v->timer_deadline == NO_DEADLINE) return;
  if (now + v->csr.htimedelta >= v->timer_deadline) csr_set(hvip, VSTIP);
}

/* Arm the hypervisor's timer: the slice end, or earlier for a guest deadline
 * in hvip mode. */
static void arm_timer(struct vcpu *v)
{
  uint64_t when = slice_end;
  if (!hv_use_vstimecmp && v->timer_deadline != NO_DEADLINE &&
      (csr_read(hvip) & VSTIP) == 0) {
    uint64_t host_deadline = v->timer_deadline - v->csr.htimedelta;
    if (host_deadline < when) when = host_deadline;
  }
  hs_timer_arm(when);
}

void vtimer_set(struct vcpu *v, uint64_t deadline)
{
  v->timer_deadline = deadline;
  if (hv_use_vstimecmp) {
    csr_write(vstimecmp, deadline);
    return;
  }
  csr_clear(hvip, VSTIP);
  vtimer_check(v, read_time());
  arm_timer(v);
}

static struct vcpu *pick_next(struct vcpu *cur)
{
  int start = cur != NULL ? cur->id - 1 : hv_nr_vcpus - 1;
  for (int i = 1; i <= hv_nr_vcpus; i++) {
    struct vcpu *c = &hv_vcpus[(start + i) % hv_nr_vcpus];
    if (c->state == VCPU_RUNNABLE) return c;
  }
  return NULL;
}

/* Make next the running guest with a fresh slice (a world switch if it is
 * not the current one). With no runnable guest left, the run is over. */
static struct vcpu *sched_switch(struct vcpu *next)
{
  if (next == NULL) hv_finish();
  if (next != current) {
    if (current != NULL) save_csrs(current);
    load_csrs(next);
    current = next;
    hv_world_switches++;
  }
  uint64_t now = read_time();
  slice_end = now + HV_SLICE_TICKS;
  vtimer_check(next, now);
  arm_timer(next);
  return next;
}

struct vcpu *sched_on_timer(struct vcpu *v)
{
  uint64_t now = read_time();
  if (now < slice_end) {            /* hvip mode: a guest deadline, not the slice */
    vtimer_check(v, now);
    arm_timer(v);
    return v;
  }
  v->stats.preempt++;
  return sched_switch(pick_next(v));
}

struct vcpu *sched_stop_vcpu(struct vcpu *v, enum vcpu_state why)
{
  v->state = why;
  vcpu_console_flush(v);
  return sched_switch(pick_next(v));
}

struct vcpu *sched_handoff(struct vcpu *v, enum vcpu_state why, struct vcpu *next)
{
  v->state = why;
  next->state = VCPU_RUNNABLE;
  return sched_switch(next);
}

void sched_start(void)
{
  hv_enter_guest(sched_switch(pick_next(NULL)));
}
