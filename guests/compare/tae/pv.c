/* Trap-and-emulate hypervisor (tae): the paravirtual interface of
 * guests/compare/include/pv.h, for the small kernel built with -DPARAVIRT.
 *
 * The PV kernel runs in U-mode like the unmodified one, with the same shadow
 * paging, but keeps its virtual-CPU state in a shared page (struct pv_shared)
 * instead of CSRs. tae mirrors that page into struct vcpu at every trap
 * (pv_pull) and back before resuming (pv_push), so trap.c's virtual CPU (timer,
 * interrupt pending/enable, the mode) serves both kinds of kernel. Delivery of
 * a trap (vcpu_reflect -> pv_deliver) stores the interrupted x1..x31 in the
 * pv_frame at shared->frame_gpa and enters the handler registered by INIT;
 * TRAP_RETURN is the SRET equivalent. */
#include "tae.h"
#include "pv.h"
#include "sbi.h"

#define A0 10
#define A1 11
#define A2 12
#define A3 13

static struct pv_shared *shared;     /* host address of the registered page */

static void *hpa_of(uint64_t gpa, uint64_t len)
{
  uint64_t hpa, last;
  if (len == 0 || !gpa_to_hpa(gpa, &hpa) || !gpa_to_hpa(gpa + len - 1, &last)) return NULL;
  return (void *)hpa;
}

void pv_pull(struct vcpu *v)
{
  if (!v->pv) return;
  v->sepc = shared->sepc;
  v->scause = shared->scause;
  v->stval = shared->stval;
  v->sstatus = (v->sstatus & ~(SST_SIE | SST_SPIE | SST_SPP)) |
               (shared->sstatus & (SST_SIE | SST_SPIE | SST_SPP));
  v->sie = shared->sie & ((1UL << IRQ_SSIP) | (1UL << IRQ_STIP) | (1UL << IRQ_SEIP));
}

void pv_push(struct vcpu *v)
{
  if (!v->pv) return;
  shared->sepc = v->sepc;
  shared->scause = v->scause;
  shared->stval = v->stval;
  shared->sstatus = v->sstatus & (SST_SIE | SST_SPIE | SST_SPP);
  shared->sip = v->sip;
}

/* Called by vcpu_reflect after the virtual trap entry (sepc, scause, stval,
 * sstatus, mode S): the frame, the stack, the handler. from_user: the mode the
 * trap came from. */
void pv_deliver(struct vcpu *v, bool from_user)
{
  struct pv_frame *f = hpa_of(shared->frame_gpa, sizeof(*f));
  if (f == NULL) tae_panic("pv: bad frame_gpa 0x%lx", shared->frame_gpa);
  for (int i = 1; i < 32; i++) f->x[i] = v->r.x[i];
  if (from_user) v->r.x[2] = shared->kernel_sp;
  v->r.pc = v->pv_handler;
}

static long mmu_update(struct vcpu *v, uint64_t gpa, uint64_t count, long *done)
{
  (void)v;
  struct pv_mmu_update *u = hpa_of(gpa, count * sizeof(*u));
  if (u == NULL) return SBI_ERR_INVALID_ADDRESS;
  for (uint64_t i = 0; i < count; i++) {
    uint64_t pte_gpa = u[i].pte_gpa;
    volatile uint64_t *pte = hpa_of(pte_gpa, 8);
    if (pte == NULL || (pte_gpa & 7) != 0) return SBI_ERR_INVALID_ADDRESS;
    uint64_t old = *pte;
    *pte = u[i].val;
    shadow_pt_written(pte_gpa, old);
    (*done)++;
  }
  return SBI_SUCCESS;
}

static long blk_io(struct vcpu *v)
{
  uint64_t sector = v->r.x[A0], gpa = v->r.x[A1], count = v->r.x[A2], op = v->r.x[A3];
  if (op == PV_BLK_FLUSH) return hostblk_flush() == 0 ? SBI_SUCCESS : SBI_ERR_FAILED;
  if (op != PV_BLK_READ && op != PV_BLK_WRITE) return SBI_ERR_INVALID_PARAM;
  void *buf = hpa_of(gpa, count * 512);
  if (buf == NULL || count == 0) return SBI_ERR_INVALID_ADDRESS;
  v->st.pvblk++;
  /* Guest RAM is contiguous and identity-mapped for tae: the board's device
   * moves the data straight to/from the kernel's buffer. */
  return hostblk_io(sector, buf, (uint32_t)count, op == PV_BLK_WRITE) == 0 ? SBI_SUCCESS
                                                                         : SBI_ERR_FAILED;
}

void pv_hypercall(struct vcpu *v)
{
  uint64_t fn = v->r.x[16], a0 = v->r.x[A0], a1 = v->r.x[A1];
  long err = SBI_SUCCESS, val = 0;
  /* Hypercalls other than delivery work before INIT too: the kernel builds its
   * page tables (MMU_UPDATE) and turns paging on (SET_SATP) before it registers. */
  switch (fn) {
  case PV_FN_INIT:
    shared = hpa_of(a0, sizeof(*shared));
    if (shared == NULL || (a0 & (PAGE_SIZE - 1)) != 0) tae_panic("pv: bad shared page 0x%lx", a0);
    v->pv = true;
    v->pv_shared_gpa = a0;
    v->pv_handler = a1;
    pv_push(v);
    break;
  case PV_FN_SET_SATP:
    if ((a0 >> 60) != 0 && (a0 >> 60) != 8) { err = SBI_ERR_INVALID_PARAM; break; }
    v->satp = a0;
    shadow_flush_all();
    break;
  case PV_FN_SFENCE:
    if (a1 == 1) shadow_flush_all();
    else shadow_flush_va(a0);
    break;
  case PV_FN_MMU_UPDATE:
    err = mmu_update(v, a0, a1, &val);
    break;
  case PV_FN_TRAP_RETURN: {
    struct pv_frame *f = hpa_of(a0, sizeof(*f));
    if (f == NULL) tae_panic("pv: TRAP_RETURN with bad frame 0x%lx", a0);
    for (int i = 1; i < 32; i++) v->r.x[i] = f->x[i];
    v->r.pc = v->sepc;
    enum vmode to = (v->sstatus & SST_SPP) ? VMODE_S : VMODE_U;
    v->sstatus &= ~(SST_SIE | SST_SPP);
    if (v->sstatus & SST_SPIE) v->sstatus |= SST_SIE;
    v->sstatus |= SST_SPIE;
    vcpu_set_mode(v, to);
    return;                          /* registers are the frame's: no result */
  }
  case PV_FN_IDLE:
    vcpu_wait(v);
    break;
  case PV_FN_CONSOLE_WRITE: {
    const char *p = hpa_of(a0, a1);
    if (p == NULL && a1 != 0) { err = SBI_ERR_INVALID_ADDRESS; break; }
    for (uint64_t i = 0; i < a1; i++) tae_console_putc(p[i]);
    val = (long)a1;
    break;
  }
  case PV_FN_BLK_IO:
    err = blk_io(v);
    break;
  case PV_FN_IRQ_CHECK:
    break;                           /* tae_handle_trap delivers before resuming */
  default:
    err = SBI_ERR_NOT_SUPPORTED;
    break;
  }
  v->r.x[A0] = (uint64_t)err;
  v->r.x[A1] = (uint64_t)val;
}
