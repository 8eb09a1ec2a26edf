/* Reference hypervisor: the SBI implementation the guests call with ECALL
 * from VS-mode (cause 10, a VM exit; medeleg bit 10 is set by OpenSBI, so
 * these reach HS-mode). Arguments are in the saved guest registers
 * (a7 = EID, a6 = FID, a0.. = arguments); the result goes back into the
 * saved a0/a1 and sepc moves past the ECALL.
 *
 *   BASE (0x10)         spec version 2.0, implementation SBI_IMPL_ID_HV_REF,
 *                       probe_extension, machine IDs (0)
 *   TIME (0x54494D45)   set_timer → vtimer_set (sched.c): vstimecmp or hvip
 *   DBCN (0x4442434E)   console_write (guest-physical buffer, translated via
 *                       the G stage), console_write_byte; console_read → 0
 *   SRST (0x53525354)   system_reset: the guest powers off (its vCPU stops)
 *   legacy 0x01         console_putchar
 * Anything else returns SBI_ERR_NOT_SUPPORTED. */
#include "hv.h"
#include "riscv.h"
#include "sbi.h"
#ifdef HV_DOM0
#include "dom0_if.h"
#endif

#define A0 10
#define A1 11
#define A2 12
#define A6 16
#define A7 17

static long base_call(struct vcpu *v, unsigned long fid, long *value)
{
  uint64_t arg0 = v->regs.x[A0];
  switch (fid) {
  case SBI_BASE_GET_SPEC_VERSION: *value = (long)SBI_SPEC_VERSION(2, 0); return SBI_SUCCESS;
  case SBI_BASE_GET_IMPL_ID:      *value = SBI_IMPL_ID_HV_REF; return SBI_SUCCESS;
  case SBI_BASE_GET_IMPL_VERSION: *value = 1; return SBI_SUCCESS;
  case SBI_BASE_PROBE_EXT:
    *value = arg0 == SBI_EXT_BASE || arg0 == SBI_EXT_TIME || arg0 == SBI_EXT_DBCN ||
             arg0 == SBI_EXT_SRST || arg0 == SBI_EXT_LEGACY_PUTCHAR;
    return SBI_SUCCESS;
  case SBI_BASE_GET_MVENDORID:
  case SBI_BASE_GET_MARCHID:
  case SBI_BASE_GET_MIMPID:       *value = 0; return SBI_SUCCESS;
  default: return SBI_ERR_NOT_SUPPORTED;
  }
}

/* DBCN console_write: num_bytes in a0, the buffer's guest-physical address in
 * a1 (low) / a2 (high, 0 on RV64). Copies page by page through the G stage. */
static long dbcn_write(struct vcpu *v, long *written)
{
  uint64_t len = v->regs.x[A0], gpa = v->regs.x[A1];
  uint64_t done = 0;
  if (v->regs.x[A2] != 0) return SBI_ERR_INVALID_PARAM;
  while (done < len) {
    uint64_t hpa;
    if (!gstage_translate(v, gpa + done, &hpa)) {
      if (done == 0) return SBI_ERR_INVALID_PARAM;
      break;
    }
    uint64_t chunk = PAGE_SIZE - ((gpa + done) & (PAGE_SIZE - 1));
    if (chunk > len - done) chunk = len - done;
    const char *p = (const char *)hpa;
    for (uint64_t i = 0; i < chunk; i++) vcpu_console_putc(v, p[i]);
    done += chunk;
  }
  *written = (long)done;
  return SBI_SUCCESS;
}

struct vcpu *vsbi_handle(struct vcpu *v)
{
  unsigned long eid = v->regs.x[A7], fid = v->regs.x[A6];
  long error = SBI_ERR_NOT_SUPPORTED, value = 0;
  v->regs.sepc += 4;                         /* ECALL has no compressed form */

  switch (eid) {
  case SBI_EXT_BASE:
    v->stats.sbi_base++;
    error = base_call(v, fid, &value);
    break;
  case SBI_EXT_TIME:
    v->stats.sbi_time++;
    if (fid == SBI_TIME_SET_TIMER) {
      vtimer_set(v, v->regs.x[A0]);
      error = SBI_SUCCESS;
    }
    break;
  case SBI_EXT_DBCN:
    v->stats.sbi_dbcn++;
    if (fid == SBI_DBCN_CONSOLE_WRITE) {
      error = dbcn_write(v, &value);
    } else if (fid == SBI_DBCN_CONSOLE_WRITE_BYTE) {
      vcpu_console_putc(v, (char)v->regs.x[A0]);
      error = SBI_SUCCESS;
    } else if (fid == SBI_DBCN_CONSOLE_READ) {
      error = SBI_SUCCESS;                   /* no input: 0 bytes read */
    }
    break;
  case SBI_EXT_LEGACY_PUTCHAR:
    v->stats.sbi_putchar++;
    vcpu_console_putc(v, (char)v->regs.x[A0]);
    v->regs.x[A0] = 0;                       /* legacy calls return in a0 only */
    return v;
  case SBI_EXT_SRST:
    v->stats.sbi_srst++;
    if (fid == SBI_SRST_SYSTEM_RESET && v->regs.x[A0] <= SBI_SRST_TYPE_WARM_REBOOT) {
      vcpu_console_flush(v);
      /* Shutdown and reboot both end this guest: the hypervisor has no reboot. */
      bool failed = v->regs.x[A1] == SBI_SRST_REASON_FAILURE;
      hv_printf("hv: %s requested %s%s\n", v->name,
                v->regs.x[A0] == SBI_SRST_TYPE_SHUTDOWN ? "shutdown" : "reboot",
                failed ? " (system failure)" : "");
      return sched_stop_vcpu(v, failed ? VCPU_CRASHED : VCPU_OFF);
    }
    error = SBI_ERR_INVALID_PARAM;
    break;
  default:
#ifdef HV_DOM0
    if (eid == SBI_EXT_HYPERSTEP_DOM0) return cmp_dom0_call(v);
#endif
    v->stats.sbi_unknown++;
    break;
  }
  v->regs.x[A0] = (uint64_t)error;
  v->regs.x[A1] = (uint64_t)value;
  return v;
}
