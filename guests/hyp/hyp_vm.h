/*
 * Two-stage translation helpers for guests/hyp (G-stage and VS-stage tables,
 * priv spec 20211203, 8.5). Builds on guests/priv/vm_common.h (PTE bits,
 * MKPTE, SETPTE_L/SETPTE_A, SETPTR). Tables are written from M-mode.
 *
 * G-stage leaves need U = 1: every G-stage access is a user-level access
 * (8.5.1, "the current privilege mode is always taken to be U-mode").
 * The Sv39x4/Sv48x4 root table is 16 KiB (2048 entries) and 16 KiB aligned.
 */
#ifndef HYPERSTEP_HYP_VM_H
#define HYPERSTEP_HYP_VM_H

#include "vm_common.h"

#define GPTE_RWX   (PTE_RWX_AD | PTE_U)          /* G-stage leaf, all permissions */
#define GPTE_RW    (PTE_RW_AD | PTE_U)
#define GPTE_R     (PTE_R_AD | PTE_U)
#define GPTE_X     (PTE_V | PTE_X | PTE_A | PTE_U)

/* hgatp = mode | vmid << 44 | root >> 12, then fence all G-stage state */
#define SET_HGATP(mode, vmid, root)                                        \
        la t0, root; srli t0, t0, 12; li t1, (mode) | ((vmid) << 44);      \
        or t0, t0, t1; csrw hgatp, t0; hfence.gvma
/* vsatp = mode | asid << 44 | root >> 12 (root: a guest physical label), fence */
#define SET_VSATP(mode, asid, root)                                        \
        la t0, root; srli t0, t0, 12; li t1, (mode) | ((asid) << 44);      \
        or t0, t0, t1; csrw vsatp, t0; hfence.vvma
#define HGATP_OFF  csrwi hgatp, 0; hfence.gvma
#define VSATP_OFF  csrwi vsatp, 0; hfence.vvma

/* reg = (address) >> 2, the encoding of htval/mtval2 */
#define GPA_SHR2(reg, addr_reg)  srli reg, addr_reg, 2

#endif
