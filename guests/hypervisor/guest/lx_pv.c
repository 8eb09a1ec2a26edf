/* Small kernel, paravirtual build only (-DPARAVIRT, guests/compare/include/pv.h):
 * the shared virtual-CPU page, the frame the hypervisor delivers traps in, the
 * batch of page-table updates (PV_FN_MMU_UPDATE) and the trap return
 * (PV_FN_TRAP_RETURN). Everything else of the PV build is in arch.h. */
#include "arch.h"

#define MMU_BATCH 64

volatile struct pv_shared lx_pv_shared __attribute__((aligned(4096)));
struct pv_frame lx_pv_frame __attribute__((aligned(64)));
static struct pv_mmu_update mmu_queue[MMU_BATCH] __attribute__((aligned(64)));
static unsigned mmu_count;

void lx_pv_mmu_commit(void)
{
  if (mmu_count == 0) return;
  __asm__ volatile("" ::: "memory");
  struct pv_ret r = pv_call(PV_FN_MMU_UPDATE, lx_kptr_to_pa(mmu_queue), mmu_count, 0, 0);
  if (r.error != 0 || (unsigned long)r.value != mmu_count) {
    /* No console call here: it could recurse into a commit. */
    arch_poweroff(1);
  }
  mmu_count = 0;
}

void lx_pv_mmu_queue(uint64_t pte_pa, uint64_t val)
{
  if (mmu_count == MMU_BATCH) lx_pv_mmu_commit();
  mmu_queue[mmu_count].pte_gpa = pte_pa;
  mmu_queue[mmu_count].val = val;
  mmu_count++;
}

/* The SRET equivalent: x1..x31 through lx_pv_frame, pc and mode through the
 * shared page. Pending page-table updates go first (the context may use them). */
void lx_trap_return(struct lx_frame *f)
{
  lx_pv_mmu_commit();
  for (int i = 1; i < 32; i++) lx_pv_frame.x[i] = f->x[i];
  lx_pv_shared.sepc = f->sepc;
  lx_pv_shared.sstatus = (lx_pv_shared.sstatus & ~(SSTATUS_SPP | SSTATUS_SPIE)) |
                         (f->sstatus & (SSTATUS_SPP | SSTATUS_SPIE));
  pv_call(PV_FN_TRAP_RETURN, lx_kptr_to_pa(&lx_pv_frame), 0, 0, 0);
  for (;;) {
  }
}
