/* Reference hypervisor (guests/hypervisor): RISC-V CSR access and the bit
 * definitions shared by the HS-mode hypervisor (hv/) and the VS-mode guest
 * kernel (guest/). Privileged spec 20211203: chapter 4 (S-mode), chapter 8
 * (H extension), and the Sstc extension (stimecmp/vstimecmp).
 *
 * CSR names are given to the assembler as names; hypervisor CSRs (hstatus,
 * hgatp, vsatp, ...) need the `h` extension in the assembler's -march
 * (hypervisor.mk passes -Wa,-march=..._h to the hypervisor's sources only). */
#ifndef HV_REF_RISCV_H
#define HV_REF_RISCV_H

#include <stdint.h>

#define csr_read(csr) ({ unsigned long __v; \
  __asm__ volatile("csrr %0, " #csr : "=r"(__v) : : "memory"); __v; })
#define csr_write(csr, val) ({ unsigned long __v = (unsigned long)(val); \
  __asm__ volatile("csrw " #csr ", %0" : : "rK"(__v) : "memory"); })
#define csr_set(csr, val) ({ unsigned long __v = (unsigned long)(val); \
  __asm__ volatile("csrs " #csr ", %0" : : "rK"(__v) : "memory"); })
#define csr_clear(csr, val) ({ unsigned long __v = (unsigned long)(val); \
  __asm__ volatile("csrc " #csr ", %0" : : "rK"(__v) : "memory"); })

static inline uint64_t read_time(void) { return csr_read(time); }
static inline void wfi(void) { __asm__ volatile("wfi" : : : "memory"); }

/* sstatus / vsstatus (4.1.1) */
#define SSTATUS_SIE   (1UL << 1)
#define SSTATUS_SPIE  (1UL << 5)
#define SSTATUS_SPP   (1UL << 8)
#define SSTATUS_FS    (3UL << 13)
#define SSTATUS_SUM   (1UL << 18)

/* hstatus (8.2.1) */
#define HSTATUS_GVA   (1UL << 6)
#define HSTATUS_SPV   (1UL << 7)
#define HSTATUS_SPVP  (1UL << 8)
#define HSTATUS_VTVM  (1UL << 20)
#define HSTATUS_VTW   (1UL << 21)
#define HSTATUS_VTSR  (1UL << 22)
#define HSTATUS_VSXL_SHIFT 32
#define HSTATUS_VSXL  (3UL << HSTATUS_VSXL_SHIFT)

/* Interrupt numbers (scause with bit 63 set; bit positions in sip/sie/hvip) */
#define IRQ_S_SOFT    1
#define IRQ_VS_SOFT   2
#define IRQ_S_TIMER   5
#define IRQ_VS_TIMER  6
#define IRQ_S_EXT     9
#define IRQ_VS_EXT    10
#define SCAUSE_INTERRUPT (1UL << 63)

/* Exception codes (8.6.1, table "hcauses") */
#define EXC_INSN_MISALIGNED   0
#define EXC_INSN_ACCESS       1
#define EXC_ILLEGAL_INSN      2
#define EXC_BREAKPOINT        3
#define EXC_LOAD_MISALIGNED   4
#define EXC_LOAD_ACCESS       5
#define EXC_STORE_MISALIGNED  6
#define EXC_STORE_ACCESS      7
#define EXC_ECALL_U           8
#define EXC_ECALL_HS          9
#define EXC_ECALL_VS          10
#define EXC_INSN_PAGE_FAULT   12
#define EXC_LOAD_PAGE_FAULT   13
#define EXC_STORE_PAGE_FAULT  15
#define EXC_INSN_GUEST_PAGE_FAULT  20
#define EXC_LOAD_GUEST_PAGE_FAULT  21
#define EXC_VIRTUAL_INSN           22
#define EXC_STORE_GUEST_PAGE_FAULT 23

/* henvcfg / menvcfg (Sstc: STCE is bit 63) */
#define ENVCFG_STCE   (1UL << 63)

/* hcounteren / scounteren */
#define COUNTEREN_CY  (1UL << 0)
#define COUNTEREN_TM  (1UL << 1)
#define COUNTEREN_IR  (1UL << 2)

/* satp / vsatp (4.1.11) and hgatp (8.2.10) */
#define SATP_MODE_SV39     (8UL << 60)
#define HGATP_MODE_SV39X4  (8UL << 60)
#define HGATP_VMID_SHIFT   44

/* Page-table entry bits (4.4.1), used by the VS stage and the G stage. */
#define PTE_V  (1UL << 0)
#define PTE_R  (1UL << 1)
#define PTE_W  (1UL << 2)
#define PTE_X  (1UL << 3)
#define PTE_U  (1UL << 4)
#define PTE_G  (1UL << 5)
#define PTE_A  (1UL << 6)
#define PTE_D  (1UL << 7)
#define PTE_PPN_SHIFT 10

#define PAGE_SIZE  4096UL

#endif
