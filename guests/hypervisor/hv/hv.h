/* Reference hypervisor (HS-mode, OpenSBI payload): the shared declarations of
 * the hypervisor's C files — the per-guest state (struct vcpu), its
 * save-area layout that the assembly trap entry (hv/entry.S) fills, and the
 * interfaces between the files:
 *
 *   entry.S    boot, VM-exit entry/exit (saves guest GPRs and trap CSRs into
 *              struct guest_regs, calls handle_vm_exit), HS-mode trap entry
 *   main.c     hv_main: probe H/Sstc, set up delegation, load the guests
 *   vmexit.c   handle_vm_exit: dispatch of every VM exit by cause; HS traps
 *   sched.c    round-robin scheduler, world switch, timers (slice, guest)
 *   vsbi.c     the SBI the guests see (hypercalls)
 *   mmio.c     decoding of faulting loads/stores (htinst or HLVX.HU)
 *   vuart.c    the emulated 16550 at GUEST_UART_GPA
 *   gstage.c   Sv39x4 G-stage tables and guest-physical → host-physical
 *   console.c  the hypervisor's console (host UART) and guest line buffers
 *   cmp_vblk.c, cmp_dom0.c  compare builds only (-DHV_COMPARE; cmp.h): the
 *              emulated virtio-blk (hw-assisted), forwarding to dom0 (dom0) */
#ifndef HV_REF_HV_H
#define HV_REF_HV_H

#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include "hv_offsets.h"
#include "memop.h"

#define HV_MAX_GUESTS  2

/* Scheduler time slice, in timebase ticks (10 MHz on virt: 50 ms). Long
 * enough that QEMU's wall-clock timers keep the guests' rounds alternating
 * even on a loaded host (guest/kernel.h, GUEST_TIMER_PERIOD). */
#ifndef HV_SLICE_TICKS
#define HV_SLICE_TICKS 500000UL
#endif

/*
 * Saved guest state at a VM exit: what handle_vm_exit receives (as the first
 * member of struct vcpu, a struct vcpu * is also a struct guest_regs *).
 * entry.S uses the offsets GR_* of hv_offsets.h (checked below).
 */
struct guest_regs {
  uint64_t x[32];     /* 0x000 x0..x31 as the guest left them (x[0] is 0, x[2] = sp) */
  uint64_t sepc;      /* 0x100 guest pc of the exit; the pc to resume at */
  uint64_t sstatus;   /* 0x108 HS sstatus at the exit (SPP = 1: from VS) */
  uint64_t hstatus;   /* 0x110 hstatus at the exit (SPV = 1, SPVP, GVA) */
  uint64_t scause;    /* 0x118 exit cause */
  uint64_t stval;     /* 0x120 guest virtual address (faults) or 0 */
  uint64_t htval;     /* 0x128 guest physical address >> 2 (guest-page faults) */
  uint64_t htinst;    /* 0x130 transformed instruction or 0 (8.6.3) */
};

_Static_assert(offsetof(struct guest_regs, sepc) == GR_SEPC, "GR_SEPC");
_Static_assert(offsetof(struct guest_regs, sstatus) == GR_SSTATUS, "GR_SSTATUS");
_Static_assert(offsetof(struct guest_regs, hstatus) == GR_HSTATUS, "GR_HSTATUS");
_Static_assert(offsetof(struct guest_regs, scause) == GR_SCAUSE, "GR_SCAUSE");
_Static_assert(offsetof(struct guest_regs, stval) == GR_STVAL, "GR_STVAL");
_Static_assert(offsetof(struct guest_regs, htval) == GR_HTVAL, "GR_HTVAL");
_Static_assert(offsetof(struct guest_regs, htinst) == GR_HTINST, "GR_HTINST");

/* The VS-level and per-guest H CSRs swapped by the world switch (sched.c). */
struct guest_csrs {
  uint64_t vsstatus, vsie, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
  uint64_t hvip, vstimecmp, htimedelta, henvcfg, hcounteren, hgatp;
  uint64_t senvcfg, scounteren;   /* S CSRs without a VS copy (8.2) */
};

/* The emulated 16550's registers (vuart.c). */
struct vuart {
  uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
};

/* VM exits handled, by kind (printed in the summary). */
struct exit_stats {
  uint64_t total;
  uint64_t hypercall;       /* ECALL from VS (cause 10) */
  uint64_t load_gpf;        /* load guest-page fault (21) */
  uint64_t store_gpf;       /* store/AMO guest-page fault (23) */
  uint64_t timer;           /* supervisor timer interrupt while V=1 */
  uint64_t other;           /* anything else: the guest is stopped */
  uint64_t preempt;         /* timer exits that ended the slice */
  uint64_t mmio_htinst;     /* MMIO accesses decoded from htinst */
  uint64_t mmio_hlvx;       /* MMIO accesses decoded by reading the guest's code (HLVX.HU) */
  uint64_t sbi_base, sbi_time, sbi_dbcn, sbi_putchar, sbi_srst, sbi_unknown;
};

/* VCPU_BLOCKED (compare builds, dom0): waiting for the other VM (a guest for
 * dom0's device-model answer, dom0 for the next request). */
enum vcpu_state { VCPU_RUNNABLE, VCPU_OFF, VCPU_CRASHED, VCPU_BLOCKED };

#define VCPU_LINE_MAX 160

struct vcpu {
  struct guest_regs regs;        /* must stay first (entry.S) */
  struct guest_csrs csr;
  int id;                        /* 1, 2 — also the VMID */
  const char *name;
  enum vcpu_state state;
  uint64_t hpa_base;             /* host-physical backing of guest RAM */
  uint64_t *gstage_root;         /* Sv39x4 root (16 KiB) */
  uint64_t timer_deadline;       /* guest's SBI set_timer value (guest time) */
  struct vuart uart;
  char line[VCPU_LINE_MAX];      /* console output waiting for '\n' */
  unsigned line_len;
  struct exit_stats stats;
};

/* ---- state shared between files ---- */
extern struct vcpu hv_vcpus[HV_MAX_GUESTS];
extern int hv_nr_vcpus;
extern bool hv_have_sstc;        /* stimecmp accessible (menvcfg.STCE = 1) */
extern bool hv_use_vstimecmp;    /* guests' timers via vstimecmp (else hvip.VSTIP) */
extern uint64_t hv_world_switches;

/* entry.S */
void hv_trap_vector(void);
__attribute__((noreturn)) void hv_enter_guest(struct vcpu *v);

/* vmexit.c */
struct vcpu *handle_vm_exit(struct vcpu *vcpu);
struct hs_frame;
void hs_trap_handler(struct hs_frame *f);
bool hv_probe_csr_begin(void);
bool hv_probe_csr_end(void);    /* true if an illegal-instruction trap happened */
__attribute__((noreturn)) void hv_panic(const char *fmt, ...);

/* main.c */
__attribute__((noreturn)) void hv_finish(void);

/* sched.c */
__attribute__((noreturn)) void sched_start(void);
struct vcpu *sched_on_timer(struct vcpu *v);
struct vcpu *sched_stop_vcpu(struct vcpu *v, enum vcpu_state why);
/* v gets state why (without flushing its console line); next becomes runnable
 * and is switched to. */
struct vcpu *sched_handoff(struct vcpu *v, enum vcpu_state why, struct vcpu *next);
void vtimer_set(struct vcpu *v, uint64_t deadline);

/* vsbi.c */
struct vcpu *vsbi_handle(struct vcpu *v);

/* mmio.c: returns the vcpu to resume (another one when the access is
 * forwarded to dom0), or NULL if the access cannot be emulated. */
struct vcpu *mmio_handle(struct vcpu *v, bool is_store);
/* Completes a decoded access: a load's value into rd (sign-extended per op),
 * sepc past the instruction. */
void mmio_complete(struct vcpu *v, const struct mem_op *op, uint64_t load_value);

#ifdef HV_COMPARE
/* compare builds (guests/compare/compare.mk): cmp_vblk.c (hw-assisted: the
 * contract's virtio-blk emulated here) and cmp_dom0.c (dom0: every device
 * access forwarded to the management guest). */
void cmp_setup(void);                      /* after the guests are loaded */
void cmp_summary(void);                    /* at the end, before power-off */
uint64_t cmp_vblk_access(struct vcpu *v, uint64_t off, const struct mem_op *op, uint64_t val);
struct vcpu *cmp_forward(struct vcpu *v, uint64_t gpa, const struct mem_op *op);
struct vcpu *cmp_dom0_call(struct vcpu *v);  /* dom0's hypercalls (vsbi.c) */
#endif

/* vuart.c */
uint8_t vuart_read(struct vcpu *v, unsigned off);
void vuart_write(struct vcpu *v, unsigned off, uint8_t val);

/* gstage.c */
void gstage_build(struct vcpu *v);
void gstage_map(struct vcpu *v, uint64_t gpa, uint64_t hpa, uint64_t size, uint64_t perm);
bool gstage_translate(struct vcpu *v, uint64_t gpa, uint64_t *hpa);

/* common/string.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

/* console.c */
void hv_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hv_console_write(const char *s, size_t n);
void vcpu_console_putc(struct vcpu *v, char c);
void vcpu_console_flush(struct vcpu *v);

#endif
