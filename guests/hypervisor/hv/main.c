/* Reference hypervisor: hv_main, the HS-mode start after OpenSBI, and
 * hv_finish, the end of the run.
 *
 * hv_main
 *   1. probes the hart: the H extension (hstatus readable) and Sstc
 *      (stimecmp readable from HS-mode only when OpenSBI set menvcfg.STCE);
 *   2. configures the H extension:
 *        hedeleg  = misaligned fetch, illegal instruction, breakpoint, ECALL
 *                   from VU, instruction/load/store page faults: the guest
 *                   kernel handles these itself (8.2.2);
 *        hideleg  = VS software/timer/external interrupts (they reach the
 *                   guest as supervisor interrupts 1/5/9, 8.2.2);
 *        hcounteren = cycle, time, instret readable by guests;
 *        henvcfg.STCE = 1 when Sstc exists (guests' timers via vstimecmp);
 *        sie.STIE = 1 for the slice timer (sstatus.SIE stays 0: HS-level
 *        interrupts are taken only while a guest runs);
 *   3. loads each guest: copies its flat image to its host-physical RAM,
 *      clears the rest, builds its G stage (gstage.c) with VMID = guest id;
 *      the guest starts at GUEST_ENTRY_GPA in VS-mode with vsatp = 0;
 *   4. HFENCE.GVMA, then the scheduler enters the first guest.
 *
 * Host-physical memory (virt, RAM at 0x80000000, at least 128 MiB):
 *   0x80000000  OpenSBI                0x80200000  this hypervisor
 *   0x82200000  FDT (fw_jump)          0x84000000  guest1 RAM (4 MiB)
 *   0x85000000  guest2 RAM (4 MiB)
 * (GUEST_RAM_SIZE each; the compare builds run the small kernel as guest 1
 * and, in the dom0 build, dom0 as guest 2.) */
#include "hv.h"
#include "platform.h"
#include "riscv.h"
#include "sbi.h"
#include "vm_layout.h"

#define GUEST1_HPA 0x84000000UL
#define GUEST2_HPA 0x85000000UL

struct vcpu hv_vcpus[HV_MAX_GUESTS];
int hv_nr_vcpus;
bool hv_have_sstc;
bool hv_use_vstimecmp;
uint64_t hv_world_switches;

extern const char guest1_image[], guest1_image_end[];
extern const char guest2_image[], guest2_image_end[];
#ifdef HV_COMPARE
#include "cmp.h"
#endif

/* The guests: two demo kernels; in the compare builds (guests/compare/
 * compare.mk) the small kernel alone (hw-assisted) or with dom0. */
static const struct guest_def {
  const char *name;
  const char *image, *image_end;
  uint64_t hpa;
} guest_defs[] = {
#if defined(HV_DOM0)
  { "kernel", guest1_image, guest1_image_end, GUEST1_HPA },
  { "dom0", guest2_image, guest2_image_end, GUEST2_HPA },
#elif defined(HV_COMPARE)
  { "kernel", guest1_image, guest1_image_end, GUEST1_HPA },
#else
  { "guest1", guest1_image, guest1_image_end, GUEST1_HPA },
  { "guest2", guest2_image, guest2_image_end, GUEST2_HPA },
#endif
};
_Static_assert(sizeof guest_defs / sizeof guest_defs[0] <= HV_MAX_GUESTS, "HV_MAX_GUESTS");
_Static_assert(GUEST1_HPA + GUEST_RAM_SIZE <= GUEST2_HPA, "guest RAM overlaps");

#define HEDELEG_GUEST ((1UL << EXC_INSN_MISALIGNED) | (1UL << EXC_ILLEGAL_INSN) | \
                       (1UL << EXC_BREAKPOINT) | (1UL << EXC_ECALL_U) | \
                       (1UL << EXC_INSN_PAGE_FAULT) | (1UL << EXC_LOAD_PAGE_FAULT) | \
                       (1UL << EXC_STORE_PAGE_FAULT))
#define HIDELEG_GUEST ((1UL << IRQ_VS_SOFT) | (1UL << IRQ_VS_TIMER) | (1UL << IRQ_VS_EXT))

static void probe_hart(void)
{
  hv_probe_csr_begin();
  (void)csr_read(hstatus);
  if (hv_probe_csr_end()) hv_panic("this hart has no H extension (hstatus is not accessible)");

  hv_probe_csr_begin();
  (void)csr_read(stimecmp);
  hv_have_sstc = !hv_probe_csr_end();
  if (hv_have_sstc) {
    csr_write(stimecmp, ~0UL);        /* no slice timer pending yet */
    csr_set(henvcfg, ENVCFG_STCE);    /* reads back 0 unless menvcfg.STCE = 1 */
    hv_use_vstimecmp = (csr_read(henvcfg) & ENVCFG_STCE) != 0;
  }
#ifdef HV_FORCE_HVIP
  csr_clear(henvcfg, ENVCFG_STCE);
  hv_use_vstimecmp = false;
#endif
}

static void setup_hypervisor_csrs(void)
{
  csr_write(hedeleg, HEDELEG_GUEST);
  csr_write(hideleg, HIDELEG_GUEST);
  csr_write(hcounteren, COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR);
  csr_write(hvip, 0);
  csr_write(htimedelta, 0);
  csr_write(sie, 1UL << IRQ_S_TIMER);
  csr_clear(sstatus, SSTATUS_SIE);
}

static void load_guest(struct vcpu *v, int index)
{
  const struct guest_def *g = &guest_defs[index];
  uint64_t size = (uint64_t)(g->image_end - g->image);
  if (size > GUEST_RAM_SIZE) hv_panic("%s: image of %lu bytes does not fit", g->name, size);

  v->id = index + 1;
  v->name = g->name;
  v->state = VCPU_RUNNABLE;
  v->hpa_base = g->hpa;
  memcpy((void *)g->hpa, g->image, size);
  memset((void *)(g->hpa + size), 0, GUEST_RAM_SIZE - size);
  gstage_build(v);

  /* First entry: pc = entry, a0 = virtual hart id 0, a1 = 0 (no FDT). */
  v->regs.sepc = GUEST_ENTRY_GPA;
  v->regs.sstatus = (csr_read(sstatus) | SSTATUS_SPP) & ~(SSTATUS_SPIE | SSTATUS_SIE);
  v->regs.hstatus = (2UL << HSTATUS_VSXL_SHIFT) | HSTATUS_SPV | HSTATUS_SPVP;
  v->csr.henvcfg = csr_read(henvcfg);
  v->csr.hcounteren = csr_read(hcounteren);
  v->csr.vstimecmp = ~0UL;
  v->timer_deadline = ~0UL;

  hv_printf("hv: %s: vmid %d, %lu-byte image, guest-physical 0x%lx-0x%lx -> host-physical 0x%lx, "
            "hgatp 0x%lx\n", v->name, v->id, size, GUEST_RAM_GPA, GUEST_RAM_GPA + GUEST_RAM_SIZE - 1,
            v->hpa_base, v->csr.hgatp);
}

void hv_main(unsigned long hartid, unsigned long fdt)
{
  hv_printf("hv: reference hypervisor on hart %lu (fdt 0x%lx)\n", hartid, fdt);
  probe_hart();
  hv_printf("hv: Sstc %s; guest timers via %s; slice %lu ticks\n",
            hv_have_sstc ? "yes (stimecmp)" : "no (SBI set_timer)",
            hv_use_vstimecmp ? "vstimecmp" : "hvip.VSTIP", (unsigned long)HV_SLICE_TICKS);
  setup_hypervisor_csrs();

  hv_nr_vcpus = (int)(sizeof guest_defs / sizeof guest_defs[0]);
  for (int i = 0; i < hv_nr_vcpus; i++) load_guest(&hv_vcpus[i], i);
#ifdef HV_COMPARE
  cmp_setup();
#endif
  __asm__ volatile("hfence.gvma zero, zero" : : : "memory");
  sched_start();
}

static void print_stats(const char *name, int vmid, const struct exit_stats *s)
{
  if (vmid > 0) hv_printf("hv: %s (vmid %d):", name, vmid);
  else hv_printf("hv: %s:", name);
  hv_printf(" %lu exits = %lu hypercalls + %lu load guest-page faults + %lu store guest-page"
            " faults + %lu timer interrupts + %lu other\n",
            s->total, s->hypercall, s->load_gpf, s->store_gpf, s->timer, s->other);
  hv_printf("hv: %s: %lu preemptions; MMIO decoded from htinst %lu, from guest memory (HLVX) %lu;"
            " SBI base %lu, time %lu, dbcn %lu, putchar %lu, srst %lu, unsupported %lu\n",
            name, s->preempt, s->mmio_htinst, s->mmio_hlvx, s->sbi_base, s->sbi_time, s->sbi_dbcn,
            s->sbi_putchar, s->sbi_srst, s->sbi_unknown);
}

void hv_finish(void)
{
  struct exit_stats all = { 0 };
  bool failed = false;
  hv_printf("hv: all guests stopped after %lu world switches\n", hv_world_switches);
  for (int i = 0; i < hv_nr_vcpus; i++) {
    struct vcpu *v = &hv_vcpus[i];
    const uint64_t *src = (const uint64_t *)&v->stats;
    uint64_t *dst = (uint64_t *)&all;
    for (size_t k = 0; k < sizeof(all) / sizeof(uint64_t); k++) dst[k] += src[k];
    failed |= v->state == VCPU_CRASHED;
    print_stats(v->name, v->id, &v->stats);
  }
  print_stats("total", 0, &all);
#ifdef HV_COMPARE
  cmp_summary();
#endif
  if (failed) hv_panic("a guest crashed");
  hv_printf("hv: powering off\n");
  sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, SBI_SRST_REASON_NONE);
  hv_panic("SBI system_reset returned");
}
