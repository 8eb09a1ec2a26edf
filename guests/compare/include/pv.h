/* Paravirtual interface between the small kernel built with -DPARAVIRT (mode
 * `paravirt`) and the trap-and-emulate hypervisor `tae` (guests/compare/README.md).
 *
 * The kernel runs deprivileged in U-mode. Instead of executing privileged
 * instructions (each of which would trap and be emulated), writing page tables
 * the hypervisor must shadow (each write a write-protection fault), or touching
 * device registers (each access a fault to decode), it makes hypercalls, as Xen
 * PV guests do. A hypercall is `ecall` with a7 = SBI_EXT_HYPERSTEP_PV, a6 = the
 * function, arguments in a0..a3; the result is in a0 (0 or a negative SBI
 * error), a1 holds a value where noted. The standard SBI (TIME set_timer, SRST,
 * BASE) stays available with its usual extension IDs.
 *
 * Virtual-CPU state that a native kernel keeps in CSRs lives in a shared page
 * (struct pv_shared) that the kernel registers with PV_FN_INIT and reads and
 * writes as ordinary memory, without traps. */
#ifndef COMPARE_PV_H
#define COMPARE_PV_H

#include <stdint.h>

/* SBI experimental extension range 0x08000000-0x08ffffff: "HPV". */
#define SBI_EXT_HYPERSTEP_PV 0x08485056UL

/* a0 = GPA of the (page-aligned) struct pv_shared, a1 = VA of the trap handler.
 * Returns 0. Until INIT, traps of the kernel are fatal. */
#define PV_FN_INIT           0
/* a0 = the value a native kernel would write to satp (MODE | ASID | PPN of the
 * guest-physical root). Implies a full flush (as SFENCE.VMA x0, x0). */
#define PV_FN_SET_SATP       1
/* a0 = VA, a1 = 0: flush one page; a1 = 1: flush all (SFENCE.VMA). */
#define PV_FN_SFENCE         2
/* a0 = GPA of an array of struct pv_mmu_update, a1 = count: write each PTE
 * (the hypervisor validates and keeps its shadow in step). Returns the number done. */
#define PV_FN_MMU_UPDATE     3
/* Return from a trap delivered by the hypervisor (the SRET equivalent):
 * a0 = GPA of a struct pv_frame. The hypervisor loads x1..x31 from the frame,
 * resumes at shared->sepc in the virtual mode shared->sstatus.SPP (0 = user,
 * 1 = kernel) and sets the virtual SIE from SPIE. Does not return. */
#define PV_FN_TRAP_RETURN    4
/* Wait for a virtual interrupt (the WFI equivalent). Returns when one is pending
 * (it is then delivered at once if shared->sstatus.SIE is set). */
#define PV_FN_IDLE           5
/* a0 = GPA, a1 = length: console output. Returns 0. */
#define PV_FN_CONSOLE_WRITE  6
/* a0 = first 512-byte sector, a1 = GPA of the buffer, a2 = sector count,
 * a3 = PV_BLK_READ / PV_BLK_WRITE / PV_BLK_FLUSH. Completes before it returns. */
#define PV_FN_BLK_IO         7
/* The kernel set shared->sstatus.SIE (or shared->sie) and shared->sip shows a
 * pending enabled interrupt: deliver it now. Returns 0 (after the delivery). */
#define PV_FN_IRQ_CHECK      8

#define PV_BLK_READ  0
#define PV_BLK_WRITE 1
#define PV_BLK_FLUSH 2

/* Shared virtual-CPU state (one page, guest-physical, registered by PV_FN_INIT).
 * Bits of sstatus/sip/sie use the positions of the real CSRs (SIE bit 1, SPIE
 * bit 5, SPP bit 8; STIP/STIE bit 5). */
struct pv_shared {
  uint64_t sepc;       /* set by the hypervisor on delivery, read by TRAP_RETURN */
  uint64_t scause;     /* set on delivery */
  uint64_t stval;      /* set on delivery */
  uint64_t sstatus;    /* SIE, SPIE, SPP: the virtual mode and interrupt enable */
  uint64_t sip;        /* pending virtual interrupts (set by the hypervisor) */
  uint64_t sie;        /* enabled virtual interrupts (written by the kernel) */
  uint64_t frame_gpa;  /* where the hypervisor stores the interrupted x1..x31 */
  uint64_t kernel_sp;  /* sp given to the handler when the trap came from user */
};

/* Delivery of a trap to the PV kernel: the hypervisor stores x1..x31 of the
 * interrupted context in the struct pv_frame at shared->frame_gpa, sets sepc,
 * scause, stval, sstatus (SPP = the mode it came from, SPIE = SIE, SIE = 0),
 * sets x2 = shared->kernel_sp if the trap came from user mode (else x2 is the
 * interrupted kernel sp) and jumps to the handler registered by INIT, in the
 * kernel's address space. Other registers keep their values. The handler must
 * copy the frame before anything that may trap again. */
struct pv_frame {
  uint64_t x[32];      /* x[0] unused */
};

struct pv_mmu_update {
  uint64_t pte_gpa;    /* guest-physical address of the 8-byte PTE */
  uint64_t val;        /* the new PTE */
};

#endif
