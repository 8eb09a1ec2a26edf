# Sv48 virtual memory (priv spec 1.12, 4.5): four-level walks with 512 GiB
# terapages, 1 GiB gigapages, 2 MiB megapages and 4 KiB pages; misaligned
# terapage, reserved PTE bits, non-canonical addresses (bits 63:48 must equal
# bit 47) and addresses that are canonical in Sv48 but not in Sv39; U-bit and
# A/D on a terapage; SATP MODE 9 read back.
#include "priv_test.h"
#include "vm_common.h"

#define TERA      0x8000000000          /* 512 GiB */
#define GIGA_VA   (2 * TERA)            /* root[2] -> g[0]: gigapage -> 0x80000000 */
#define MEGA_VA   (2 * TERA + 0x40000000)     /* g[1] -> m[0]: megapage -> 0x80000000 */
#define P4K(i)    (2 * TERA + 0x40200000 + (i) * 0x1000)  /* m[1] -> p[i] */

#define S_FAULT(cause, ...)                                                \
        RUN_IN(PRV_S, 1: __VA_ARGS__); CHECK_MTRAP(cause, 1b); CHECKR(s3, a0)
#define S_OK(...)  RUN_IN(PRV_S, __VA_ARGS__); CHECK_MTRAP(9, 96b)
/* a0 = VA of `label` seen through the superpage mapping `base` -> 0x80000000 */
#define VA_VIA(label, base) la a0, label; li t0, 0x80000000; sub a0, a0, t0; \
                            li t0, base; add a0, a0, t0

PRIV_BEGIN
        .option norvc
        SETPTE_A(root, 0, 0, PTE_RWX_AD)                   # identity terapage
        SETPTE_A(root, 1, 0, PTE_R_AD)                     # alias at 512 GiB, R only
        SETPTR(root, 2, g)
        SETPTE_A(g, 0, 0x80000000, PTE_R_AD)               # gigapage
        SETPTR(g, 1, m)
        SETPTE_A(m, 0, 0x80000000, PTE_R_AD)               # megapage
        SETPTR(m, 1, p)
        SETPTE_L(p, 0, pageA, PTE_RW_AD)                   # 4 KiB
        SETPTE_A(root, 3, 0x80000000, PTE_R_AD)            # misaligned terapage
        li t1, 0; MKPTE(t0, t1, PTE_R_AD); li t1, 1; slli t1, t1, 58; or t0, t0, t1
        la t1, root; sd t0, 32(t1)                         # root[4]: reserved bit 58
        SETPTE_A(root, 5, 0, PTE_RW_AD | PTE_U)            # user terapage
        SETPTE_A(root, 6, 0, PTE_V | PTE_R | PTE_W)        # A = D = 0
        SETPTE_A(g, 2, 0x80200000, PTE_R_AD)               # misaligned gigapage
        SET_SATP(SATP_SV48, 0, root)
        sfence.vma

  CASE(1)
        csrr a1, satp; srli a0, a1, 60; CHECK(a0, 9)
  CASE(2)                                         # identity terapage: code + data
        la a0, pageA; S_OK(ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)
  CASE(3)                                         # second terapage
        VA_VIA(pageB, TERA + 0x80000000)
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(4)
        VA_VIA(pageB, GIGA_VA); S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(5)
        VA_VIA(pageB, MEGA_VA); S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(6)
        li a0, P4K(0); li a2, 0x66
        S_OK(ld a1, 0(a0); sd a2, 8(a0))
        CHECK(a1, 0xAAAA0001)
        la t0, pageA; ld a0, 8(t0); CHECK(a0, 0x66)
  CASE(7)
        li a0, P4K(1); S_FAULT(13, ld a1, 0(a0))           # invalid level-0 PTE
  CASE(8)
        VA_VIA(pageB, TERA + 0x80000000); S_FAULT(15, sd a1, 0(a0))   # read-only terapage
  CASE(9)
        li a0, 3 * TERA + 0x80000000; S_FAULT(13, ld a1, 0(a0))  # misaligned terapage
  CASE(10)
        li a0, 4 * TERA; S_FAULT(13, ld a1, 0(a0))         # reserved PTE bit
  CASE(11)
        li a0, GIGA_VA + 2 * 0x40000000; S_FAULT(13, ld a1, 0(a0))   # misaligned gigapage
  CASE(12)                                        # non-canonical: bit 47 set, upper clear
        li a0, 0x0000800000000000; S_FAULT(13, ld a1, 0(a0))
  CASE(13)
        li a0, 0xffff000080000000; S_FAULT(15, sd a1, 0(a0))
  CASE(14)
        li a0, 0x0001000080000000
        RUN_IN(PRV_S, jr a0)
        CHECK(s2, 12); CHECKR(s3, a0)
  CASE(15)                                        # canonical negative VA: root[256] invalid
        li a0, 0xffff800000000000; S_FAULT(13, ld a1, 0(a0))
  CASE(16)                                        # U terapage from S without SUM
        li a0, 5 * TERA + 0x80000000; S_FAULT(13, ld a1, 0(a0))
  CASE(17)
        li t0, MSTATUS_SUM; csrs mstatus, t0
        VA_VIA(pageB, 5 * TERA + 0x80000000); S_OK(ld a1, 0(a0))
        li t0, MSTATUS_SUM; csrc mstatus, t0
        CHECK(a1, 0xBBBB0002)
  CASE(18)                                        # A/D set on a terapage leaf
        VA_VIA(pageB, 6 * TERA + 0x80000000); li a2, 0x21
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
        GETPTE(a3, root, 6); andi a3, a3, PTE_A | PTE_D; CHECK(a3, PTE_A)
        S_OK(sd a2, 16(a0))
        GETPTE(a3, root, 6); andi a3, a3, PTE_A | PTE_D; CHECK(a3, PTE_A | PTE_D)
  CASE(19)                                        # bit 38 set is canonical in Sv48:
        li a0, 0x4000000000                       # no page fault, but no memory there
        S_FAULT(5, ld a1, 0(a0))                  # -> load access fault
  CASE(20)                                        # MPRV with MPP = S through Sv48
        li t0, MSTATUS_MPP; csrc mstatus, t0
        li t0, (PRV_S << 11) | MSTATUS_MPRV; csrs mstatus, t0
        li a0, P4K(0)
        ld a1, 0(a0)
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK(a1, 0xAAAA0001)
        csrwi satp, 0
        j pass
PRIV_END

        .data
        .balign 4096
pageA:  .dword 0xAAAA0001
        .balign 4096
pageB:  .dword 0xBBBB0002
        .balign 4096

        .bss
        .balign 4096
root:   .skip 4096
g:      .skip 4096
m:      .skip 4096
p:      .skip 4096
