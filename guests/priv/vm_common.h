/*
 * Page-table helpers shared by the Sv39/Sv48/Sv57 programs (guests/priv/vm_*.S).
 * Tables are built at run time from M-mode (untranslated).
 */
#ifndef HYPERSTEP_PRIV_VM_COMMON_H
#define HYPERSTEP_PRIV_VM_COMMON_H

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_G 0x20
#define PTE_A 0x40
#define PTE_D 0x80
#define PTE_RWX_AD (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define PTE_RW_AD  (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define PTE_R_AD   (PTE_V | PTE_R | PTE_A | PTE_D)

#define SATP_SV39 (8 << 60)
#define SATP_SV48 (9 << 60)
#define SATP_SV57 (10 << 60)
#define PTE_N     (1 << 63)
#define PTE_PBMT_NC (1 << 61)
#define PTE_PBMT_IO (2 << 61)

/* reg = PTE for the physical address in pa_reg with flags (flags < 0x800) */
#define MKPTE(reg, pa_reg, flags) srli reg, pa_reg, 12; slli reg, reg, 10; ori reg, reg, flags
/* table[idx] = leaf/pointer PTE to a label / a constant physical address */
#define SETPTE_L(table, idx, label, flags)                                 \
        la t1, label; MKPTE(t0, t1, flags); la t1, table; sd t0, ((idx) * 8)(t1)
#define SETPTE_A(table, idx, pa, flags)                                    \
        li t1, pa; MKPTE(t0, t1, flags); la t1, table; sd t0, ((idx) * 8)(t1)
#define SETPTR(table, idx, next)  SETPTE_L(table, idx, next, PTE_V)
#define CLRPTE(table, idx)        la t1, table; sd zero, ((idx) * 8)(t1)
/* a0 = PTE table[idx] */
#define GETPTE(reg, table, idx)   la t1, table; ld reg, ((idx) * 8)(t1)
/* satp = mode | asid << 44 | root >> 12 */
#define SET_SATP(mode, asid, root)                                         \
        la t0, root; srli t0, t0, 12; li t1, (mode) | ((asid) << 44);      \
        or t0, t0, t1; csrw satp, t0

#endif
