/* Trap-and-emulate hypervisor (tae): the virtual CPU.
 *
 * Every trap from the guest (which always runs in real U-mode) arrives in
 * tae_handle_trap. The guest's virtual privilege (v->mode) decides what it
 * means:
 *   - illegal instruction in virtual S: a privileged instruction the kernel
 *     executed (CSR access, SRET, WFI, SFENCE.VMA): emulated against the
 *     virtual CSRs in struct vcpu, pc advanced. In virtual U it is the
 *     guest's own illegal-instruction trap: reflected.
 *   - ECALL in virtual S: an SBI call to tae (vsbi_handle) or a PV hypercall;
 *     in virtual U: a system call, reflected to the guest kernel.
 *   - page faults: shadow_page_fault (fill, MMIO, page-table store, or reflect).
 *   - the S timer interrupt: the guest's SBI deadline passed (virtual STIP).
 *   - anything else: reflected as the same cause.
 * Reflection (priv. spec 4.1.1, "trap entry"): sepc, scause, stval, sstatus
 * SPP = previous mode, SPIE = SIE, SIE = 0; virtual mode S; pc = stvec.
 * Before returning, pending enabled virtual interrupts are delivered (4.1.3:
 * taken in U always, in S when sstatus.SIE) and the view's satp is loaded. */
#include "tae.h"
#include "sbi.h"
#include "pv.h"

#define SIP_STIP (1UL << IRQ_STIP)
#define SIP_SSIP (1UL << IRQ_SSIP)
#define SIP_SEIP (1UL << IRQ_SEIP)
#define VSSTATUS_MASK (SST_SIE | SST_SPIE | SST_SPP | SST_SUM | SST_MXR)

static uint64_t host_armed = ~0UL;
static uint64_t real_scounteren = 7;   /* main.c sets 7 at boot */

void vcpu_set_mode(struct vcpu *v, enum vmode m)
{
  v->mode = m;
}

/* The guest's deadline against real time: raise virtual STIP, or arm tae's
 * own timer (SBI set_timer to OpenSBI) for it. */
void vcpu_update_timer(struct vcpu *v)
{
  if (v->deadline != ~0UL && read_time() >= v->deadline) {
    v->sip |= SIP_STIP;
    v->deadline = ~0UL;
  }
  if (host_armed != v->deadline) {
    host_armed = v->deadline;
    host_set_timer(v->deadline);
  }
}

void vcpu_set_timer(struct vcpu *v, uint64_t when)
{
  v->deadline = when;
  v->sip &= ~SIP_STIP;            /* SBI: set_timer clears the pending timer interrupt */
  vcpu_update_timer(v);
}

void vcpu_reflect(struct vcpu *v, uint64_t cause, uint64_t tval)
{
  bool from_user = v->mode == VMODE_U;
  v->sepc = v->r.pc;
  v->scause = cause;
  v->stval = tval;
  v->sstatus &= ~(SST_SPP | SST_SPIE);
  if (v->mode == VMODE_S) v->sstatus |= SST_SPP;
  if (v->sstatus & SST_SIE) v->sstatus |= SST_SPIE;
  v->sstatus &= ~SST_SIE;
  vcpu_set_mode(v, VMODE_S);
  uint64_t base = v->stvec & ~3UL;
  if ((v->stvec & 3) == 1 && (cause & CAUSE_INTR)) base += 4 * (cause & ~CAUSE_INTR);
  v->r.pc = base;
  if (v->pv) pv_deliver(v, from_user);
}

static uint64_t pending_irqs(struct vcpu *v)
{
  uint64_t pend = v->sip & v->sie;
  if (pend == 0) return 0;
  if (v->mode == VMODE_S && (v->sstatus & SST_SIE) == 0) return 0;
  return pend;
}

void vcpu_deliver_pending(struct vcpu *v)
{
  uint64_t pend = pending_irqs(v);
  if (pend == 0) return;
  /* Priority (4.1.3): SEI, SSI, STI. */
  unsigned irq = (pend & SIP_SEIP) ? IRQ_SEIP : (pend & SIP_SSIP) ? IRQ_SSIP : IRQ_STIP;
  v->st.irqs++;
  vcpu_reflect(v, CAUSE_INTR | irq, 0);
}

/* WFI (virtual S, or PV IDLE): wait until a virtual interrupt is pending and
 * enabled in sie (4.1.3: WFI ignores sstatus.SIE). tae's own wfi wakes on its
 * timer interrupt even with its sstatus.SIE = 0. */
void vcpu_wait(struct vcpu *v)
{
  for (;;) {
    vcpu_update_timer(v);
    if (v->sip & v->sie) return;
    if (v->deadline == ~0UL) return;    /* nothing can arrive: no deadlock */
    __asm__ volatile("wfi");
  }
}

/* ---- CSRs ---- */

enum { CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SCOUNTEREN = 0x106,
       CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142,
       CSR_STVAL = 0x143, CSR_SIP = 0x144, CSR_STIMECMP = 0x14d, CSR_SATP = 0x180,
       CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02 };

static bool csr_get(struct vcpu *v, unsigned csr, uint64_t *val)
{
  switch (csr) {
  case CSR_SSTATUS: {
    uint64_t fs = csr_read(sstatus) & SST_FS;
    *val = v->sstatus | fs | SST_UXL64 | (fs == SST_FS ? SST_SD : 0);
    return true;
  }
  case CSR_SIE:        *val = v->sie; return true;
  case CSR_STVEC:      *val = v->stvec; return true;
  case CSR_SCOUNTEREN: *val = v->scounteren; return true;
  case CSR_SENVCFG:    *val = v->senvcfg; return true;
  case CSR_SSCRATCH:   *val = v->sscratch; return true;
  case CSR_SEPC:       *val = v->sepc; return true;
  case CSR_SCAUSE:     *val = v->scause; return true;
  case CSR_STVAL:      *val = v->stval; return true;
  case CSR_SIP:        vcpu_update_timer(v); *val = v->sip; return true;
  case CSR_STIMECMP:   *val = v->deadline; return true;
  case CSR_SATP:       *val = v->satp; return true;
  case CSR_CYCLE:      *val = csr_read(cycle); return true;
  case CSR_TIME:       *val = read_time(); return true;
  case CSR_INSTRET:    *val = csr_read(instret); return true;
  default: return false;
  }
}

static bool csr_put(struct vcpu *v, unsigned csr, uint64_t val)
{
  switch (csr) {
  case CSR_SSTATUS: {
    uint64_t old = v->sstatus;
    v->sstatus = val & VSSTATUS_MASK;
    /* FS is the real field: the guest's FP state lives in the real registers. */
    csr_clear(sstatus, SST_FS);
    csr_set(sstatus, val & SST_FS);
    /* Kernel-view leaves of user pages exist only while SUM = 1; MXR changes
     * what is readable (4.1.1.2): rebuild the shadows lazily. */
    if (((old & SST_SUM) && !(val & SST_SUM)) || ((old ^ val) & SST_MXR)) shadow_flush_all();
    return true;
  }
  case CSR_SIE:        v->sie = val & (SIP_SSIP | SIP_STIP | SIP_SEIP); return true;
  case CSR_STVEC:      v->stvec = val & ~2UL; return true;
  case CSR_SCOUNTEREN: v->scounteren = val & 0xffffffffUL; return true;
  case CSR_SENVCFG:    v->senvcfg = val & 1; return true;    /* FIOM only */
  case CSR_SSCRATCH:   v->sscratch = val; return true;
  case CSR_SEPC:       v->sepc = val & ~1UL; return true;
  case CSR_SCAUSE:     v->scause = val; return true;
  case CSR_STVAL:      v->stval = val; return true;
  case CSR_SIP:        v->sip = (v->sip & ~SIP_SSIP) | (val & SIP_SSIP); return true;
  case CSR_STIMECMP:   vcpu_set_timer(v, val); return true;
  case CSR_SATP: {
    uint64_t mode = val >> 60;
    if (mode != 0 && mode != 8) return true;   /* unsupported modes: no effect (4.1.11) */
    v->satp = val;
    shadow_flush_all();
    return true;
  }
  default: return false;
  }
}

static void emulate_system(struct vcpu *v, uint32_t insn)
{
  unsigned funct3 = (insn >> 12) & 7, rd = (insn >> 7) & 31, rs1 = (insn >> 15) & 31;
  if (funct3 == 0) {
    if (insn == 0x10200073) {                          /* SRET (3.3.2) */
      v->st.sret++;
      v->r.pc = v->sepc;
      enum vmode to = (v->sstatus & SST_SPP) ? VMODE_S : VMODE_U;
      v->sstatus &= ~(SST_SIE | SST_SPP);
      if (v->sstatus & SST_SPIE) v->sstatus |= SST_SIE;
      v->sstatus |= SST_SPIE;
      vcpu_set_mode(v, to);
      return;
    }
    if (insn == 0x10500073) {                          /* WFI */
      v->st.wfi++;
      v->r.pc += 4;
      vcpu_wait(v);
      return;
    }
    if ((insn >> 25) == 0x09 && rd == 0) {             /* SFENCE.VMA rs1, rs2 */
      v->st.sfence++;
      if (rs1 == 0) shadow_flush_all();
      else shadow_flush_va(v->r.x[rs1]);
      v->r.pc += 4;
      return;
    }
    v->st.reflected++;
    vcpu_reflect(v, EXC_ILLEGAL, insn);
    return;
  }
  if (funct3 == 4) {
    v->st.reflected++;
    vcpu_reflect(v, EXC_ILLEGAL, insn);
    return;
  }
  /* Zicsr: CSRRW/S/C and the immediate forms. */
  unsigned csr = insn >> 20;
  uint64_t src = (funct3 & 4) ? rs1 : v->r.x[rs1];
  uint64_t old = 0;
  bool writes = (funct3 & 3) == 1 || rs1 != 0;
  if (!csr_get(v, csr, &old) || (writes && (csr >> 10) == 3)) {
    v->st.reflected++;
    vcpu_reflect(v, EXC_ILLEGAL, insn);
    return;
  }
  v->st.csr++;
  if (writes) {
    uint64_t val = (funct3 & 3) == 1 ? src : (funct3 & 3) == 2 ? (old | src) : (old & ~src);
    csr_put(v, csr, val);
  }
  if (rd != 0) v->r.x[rd] = old;
  v->r.pc += 4;
}

static void illegal_instruction(struct vcpu *v)
{
  uint32_t insn = (uint32_t)v->r.stval;
  if (insn == 0 || (insn & 3) != 3) {
    /* stval does not hold the instruction (QEMU may leave it 0): fetch it. */
    uint16_t half = 0;
    if (!guest_read_va(v, v->r.pc, &half, 2)) tae_panic("cannot fetch the illegal instruction");
    insn = half;
    if ((half & 3) == 3 && !guest_read_va(v, v->r.pc, &insn, 4))
      tae_panic("cannot fetch the illegal instruction");
  }
  if (v->mode != VMODE_S || (insn & 0x7f) != 0x73) {
    v->st.reflected++;
    vcpu_reflect(v, EXC_ILLEGAL, insn);
    return;
  }
  emulate_system(v, insn);
}

struct vcpu *tae_handle_trap(struct vcpu *v)
{
  uint64_t cause = v->r.scause;
  v->st.traps++;
  pv_pull(v);
  if (cause & CAUSE_INTR) {
    if ((cause & ~CAUSE_INTR) != IRQ_STIP) tae_panic("unexpected interrupt 0x%lx", cause);
    v->st.timer++;
    vcpu_update_timer(v);
  } else {
    switch (cause) {
    case EXC_ILLEGAL:
      illegal_instruction(v);
      break;
    case EXC_ECALL_U:
      if (v->mode == VMODE_S) {
        v->st.sbi++;
        vsbi_handle(v);
      } else {
        v->st.reflected++;
        vcpu_reflect(v, EXC_ECALL_U, 0);
      }
      break;
    case EXC_INSN_PF:
    case EXC_LOAD_PF:
    case EXC_STORE_PF:
      shadow_page_fault(v, cause, v->r.stval);
      break;
    default:
      v->st.reflected++;
      vcpu_reflect(v, cause, v->r.stval);
      break;
    }
  }
  vcpu_deliver_pending(v);
  pv_push(v);
  shadow_activate(v);
  /* Counters: the kernel (virtual S) may read them all (as under OpenSBI's
   * mcounteren); its user mode only what the virtual scounteren allows. */
  uint64_t cen = v->mode == VMODE_U ? (v->scounteren & 7) : 7;
  if (cen != real_scounteren) {
    real_scounteren = cen;
    csr_write(scounteren, cen);
  }
  return v;
}

/* ---- SBI for the guest kernel (ECALL from virtual S) ---- */

#define A0 10
#define A1 11
#define A2 12
#define A6 16
#define A7 17

struct vcpu *vsbi_handle(struct vcpu *v)
{
  uint64_t eid = v->r.x[A7], fid = v->r.x[A6], a0 = v->r.x[A0];
  long err = SBI_ERR_NOT_SUPPORTED, val = 0;
  v->r.pc += 4;
  switch (eid) {
  case SBI_EXT_HYPERSTEP_PV:
    v->st.pv++;
    pv_hypercall(v);
    return v;
  case SBI_EXT_LEGACY_PUTCHAR:
    tae_console_putc((char)a0);
    v->r.x[A0] = 0;
    return v;
  case SBI_EXT_LEGACY_SET_TIMER:
    vcpu_set_timer(v, a0);
    v->r.x[A0] = 0;
    return v;
  case SBI_EXT_BASE:
    err = SBI_SUCCESS;
    switch (fid) {
    case SBI_BASE_GET_SPEC_VERSION: val = (long)SBI_SPEC_VERSION(2, 0); break;
    case SBI_BASE_GET_IMPL_ID: val = SBI_IMPL_ID_HV_REF; break;
    case SBI_BASE_GET_IMPL_VERSION: val = 1; break;
    case SBI_BASE_PROBE_EXT:
      val = a0 == SBI_EXT_BASE || a0 == SBI_EXT_TIME || a0 == SBI_EXT_DBCN ||
            a0 == SBI_EXT_SRST || a0 == SBI_EXT_LEGACY_PUTCHAR || a0 == SBI_EXT_HYPERSTEP_PV;
      break;
    case SBI_BASE_GET_MVENDORID: case SBI_BASE_GET_MARCHID: case SBI_BASE_GET_MIMPID: break;
    default: err = SBI_ERR_NOT_SUPPORTED; break;
    }
    break;
  case SBI_EXT_TIME:
    if (fid == SBI_TIME_SET_TIMER) {
      vcpu_set_timer(v, a0);
      err = SBI_SUCCESS;
    }
    break;
  case SBI_EXT_DBCN:
    if (fid == SBI_DBCN_CONSOLE_WRITE) {
      uint64_t len = a0, gpa = v->r.x[A1];
      char c;
      for (uint64_t i = 0; i < len; i++) {
        if (guest_read_gpa(v, gpa + i, &c, 1) != 0) break;
        tae_console_putc(c);
        val++;
      }
      err = SBI_SUCCESS;
    } else if (fid == SBI_DBCN_CONSOLE_WRITE_BYTE) {
      tae_console_putc((char)a0);
      err = SBI_SUCCESS;
    } else if (fid == SBI_DBCN_CONSOLE_READ) {
      err = SBI_SUCCESS;
    }
    break;
  case SBI_EXT_SRST:
    if (fid == SBI_SRST_SYSTEM_RESET) {
      tae_console_flush();
      tae_printf("tae: guest requested %s%s\n", a0 == SBI_SRST_TYPE_SHUTDOWN ? "shutdown" : "reboot",
                 v->r.x[A1] == SBI_SRST_REASON_FAILURE ? " (system failure)" : "");
      tae_shutdown(v->r.x[A1] == SBI_SRST_REASON_FAILURE);
    }
    err = SBI_ERR_INVALID_PARAM;
    break;
  default:
    break;
  }
  v->r.x[A0] = (uint64_t)err;
  v->r.x[A1] = (uint64_t)val;
  return v;
}
