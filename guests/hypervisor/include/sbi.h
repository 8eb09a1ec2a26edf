/* Reference hypervisor: the RISC-V Supervisor Binary Interface (SBI) subset
 * used on both sides of the hypervisor.
 *
 *   - The hypervisor (HS-mode) calls OpenSBI (M-mode) with ECALL: TIME
 *     set_timer when Sstc is absent, SRST system_reset at the end.
 *   - The guests (VS-mode) call the hypervisor with ECALL (cause 10, a VM
 *     exit: hypercalls); hv/vsbi.c implements BASE, TIME, DBCN, SRST and the
 *     legacy console putchar for them.
 *
 * Calling convention (SBI spec v2.0, chapter 3): a7 = extension ID (EID),
 * a6 = function ID (FID), a0..a5 = arguments; returns a0 = error, a1 = value.
 * Legacy extensions (EID 0x00..0x0F) return their result in a0 only. */
#ifndef HV_REF_SBI_H
#define HV_REF_SBI_H

#include <stdint.h>

/* Extension IDs */
#define SBI_EXT_LEGACY_SET_TIMER     0x00
#define SBI_EXT_LEGACY_PUTCHAR       0x01
#define SBI_EXT_LEGACY_GETCHAR       0x02
#define SBI_EXT_BASE                 0x10
#define SBI_EXT_TIME                 0x54494D45   /* "TIME" */
#define SBI_EXT_SRST                 0x53525354   /* "SRST" */
#define SBI_EXT_DBCN                 0x4442434E   /* "DBCN" */

/* BASE functions */
#define SBI_BASE_GET_SPEC_VERSION    0
#define SBI_BASE_GET_IMPL_ID         1
#define SBI_BASE_GET_IMPL_VERSION    2
#define SBI_BASE_PROBE_EXT           3
#define SBI_BASE_GET_MVENDORID       4
#define SBI_BASE_GET_MARCHID         5
#define SBI_BASE_GET_MIMPID          6

/* TIME, SRST, DBCN functions */
#define SBI_TIME_SET_TIMER           0
#define SBI_SRST_SYSTEM_RESET        0
#define SBI_SRST_TYPE_SHUTDOWN       0
#define SBI_SRST_TYPE_COLD_REBOOT    1
#define SBI_SRST_TYPE_WARM_REBOOT    2
#define SBI_SRST_REASON_NONE         0
#define SBI_SRST_REASON_FAILURE      1
#define SBI_DBCN_CONSOLE_WRITE       0
#define SBI_DBCN_CONSOLE_READ        1
#define SBI_DBCN_CONSOLE_WRITE_BYTE  2

/* Errors */
#define SBI_SUCCESS                  0
#define SBI_ERR_FAILED              (-1)
#define SBI_ERR_NOT_SUPPORTED       (-2)
#define SBI_ERR_INVALID_PARAM       (-3)
#define SBI_ERR_INVALID_ADDRESS     (-5)

/* Version encoding of get_spec_version: major << 24 | minor */
#define SBI_SPEC_VERSION(major, minor) (((unsigned long)(major) << 24) | (minor))

/* The implementation ID the reference hypervisor reports to its guests
 * (unregistered; "HS" in ASCII). */
#define SBI_IMPL_ID_HV_REF           0x4853

struct sbiret { long error; long value; };

static inline struct sbiret sbi_call(unsigned long eid, unsigned long fid,
                                     unsigned long arg0, unsigned long arg1,
                                     unsigned long arg2)
{
  register unsigned long a0 __asm__("a0") = arg0;
  register unsigned long a1 __asm__("a1") = arg1;
  register unsigned long a2 __asm__("a2") = arg2;
  register unsigned long a6 __asm__("a6") = fid;
  register unsigned long a7 __asm__("a7") = eid;
  __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
  return (struct sbiret){ (long)a0, (long)a1 };
}

static inline long sbi_legacy_putchar(int ch)
{
  return sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned long)ch, 0, 0).error;
}

static inline struct sbiret sbi_set_timer(uint64_t stime_value)
{
  return sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, stime_value, 0, 0);
}

static inline struct sbiret sbi_system_reset(unsigned long type, unsigned long reason)
{
  return sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, type, reason, 0);
}

static inline long sbi_probe_extension(unsigned long eid)
{
  struct sbiret r = sbi_call(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, eid, 0, 0);
  return r.error == SBI_SUCCESS ? r.value : 0;
}

#endif
