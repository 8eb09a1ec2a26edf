# Sv57 virtual memory (priv spec 1.12, 4.6): five-level walks with 256 TiB
# petapages, 512 GiB terapages, 1 GiB gigapages, 2 MiB megapages and 4 KiB pages;
# a walk through all five levels of the upper half (0xffffffff80000000);
# misaligned petapage, reserved PTE bits, non-canonical addresses (bits 63:57 must
# equal bit 56) and addresses canonical in Sv57 but not in Sv48; U bit and A/D on a
# petapage; satp MODE 10 read back; a reserved MODE (11) leaves satp unchanged.
#include "priv_test.h"
#include "vm_common.h"

#define PETA      0x1000000000000       /* 256 TiB */
#define TERA      0x8000000000          /* 512 GiB */
#define TERA_VA   (2 * PETA)                          /* root[2] -> t[0]: terapage -> 0 */
#define GIGA_VA   (2 * PETA + TERA)                   /* t[1] -> g[0]: gigapage -> 0x80000000 */
#define MEGA_VA   (2 * PETA + TERA + 0x40000000)      /* g[1] -> m[0]: megapage -> 0x80000000 */
#define P4K(i)    (2 * PETA + TERA + 0x40200000 + (i) * 0x1000)  /* m[1] -> p[i] */
#define HIGH_VA   0xffffffff80000000                  /* root[511] -> ht[511] -> hg[510] */

#define S_FAULT(cause, ...)                                                \
        RUN_IN(PRV_S, 1: __VA_ARGS__); CHECK_MTRAP(cause, 1b); CHECKR(s3, a0)
#define S_OK(...)  RUN_IN(PRV_S, __VA_ARGS__); CHECK_MTRAP(9, 96b)
/* a0 = VA of `label` seen through the mapping `base` -> 0x80000000 */
#define VA_VIA(label, base) la a0, label; li t0, 0x80000000; sub a0, a0, t0; \
                            li t0, base; add a0, a0, t0

PRIV_BEGIN
        .option norvc
        SETPTE_A(root, 0, 0, PTE_RWX_AD)                   # identity petapage
        SETPTE_A(root, 1, 0, PTE_R_AD)                     # alias at 256 TiB, R only
        SETPTR(root, 2, t)
        SETPTE_A(t, 0, 0, PTE_R_AD)                        # terapage
        SETPTR(t, 1, g)
        SETPTE_A(g, 0, 0x80000000, PTE_R_AD)               # gigapage
        SETPTR(g, 1, m)
        SETPTE_A(m, 0, 0x80000000, PTE_R_AD)               # megapage
        SETPTR(m, 1, p)
        SETPTE_L(p, 0, pageA, PTE_RW_AD)                   # 4 KiB
        SETPTE_A(root, 3, TERA, PTE_R_AD)                  # misaligned petapage
        li t1, 0; MKPTE(t0, t1, PTE_R_AD); li t1, 1; slli t1, t1, 55; or t0, t0, t1
        la t1, root; sd t0, 32(t1)                         # root[4]: reserved bit 55
        SETPTE_A(root, 5, 0, PTE_RW_AD | PTE_U)            # user petapage
        SETPTE_A(root, 6, 0, PTE_V | PTE_R | PTE_W)        # A = D = 0
        SETPTE_A(t, 2, 0x80000000, PTE_R_AD)               # misaligned terapage
        la t1, ht; MKPTE(t0, t1, PTE_V); la t1, root + 511 * 8; sd t0, 0(t1)
        la t1, hg; MKPTE(t0, t1, PTE_V); la t1, ht + 511 * 8; sd t0, 0(t1)
        li t1, 0x80000000; MKPTE(t0, t1, PTE_RW_AD)
        la t1, hg + 510 * 8; sd t0, 0(t1)                  # upper-half gigapage
        SET_SATP(SATP_SV57, 0, root)
        sfence.vma

  CASE(1)
        csrr a1, satp; srli a0, a1, 60; CHECK(a0, 10)
  CASE(2)                                         # MODE 11 is reserved: satp unchanged
        csrr a1, satp; li t0, 11; slli t0, t0, 60; csrw satp, t0
        csrr a2, satp; CHECKR(a2, a1)
  CASE(3)                                         # identity petapage: code + data
        la a0, pageA; S_OK(ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)
  CASE(4)                                         # second petapage
        VA_VIA(pageB, PETA + 0x80000000)
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(5)
        VA_VIA(pageB, TERA_VA + 0x80000000); S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(6)
        VA_VIA(pageB, GIGA_VA); S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(7)
        VA_VIA(pageB, MEGA_VA); S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(8)                                         # 4 KiB page: load and store
        li a0, P4K(0); li a2, 0x77
        S_OK(ld a1, 0(a0); sd a2, 8(a0))
        CHECK(a1, 0xAAAA0001)
        la t0, pageA; ld a0, 8(t0); CHECK(a0, 0x77)
  CASE(9)                                         # five-level walk in the upper half
        VA_VIA(pageB, HIGH_VA); li a2, 0x99
        S_OK(ld a1, 0(a0); sw a2, 12(a0); lbu a3, 12(a0))
        CHECK(a1, 0xBBBB0002); CHECK(a3, 0x99)
  CASE(10)
        li a0, P4K(1); S_FAULT(13, ld a1, 0(a0))           # invalid level-0 PTE
  CASE(11)
        VA_VIA(pageB, PETA + 0x80000000); S_FAULT(15, sd a1, 0(a0))   # read-only petapage
  CASE(12)
        li a0, 3 * PETA + 0x80000000; S_FAULT(13, ld a1, 0(a0))  # misaligned petapage
  CASE(13)
        li a0, 4 * PETA; S_FAULT(13, ld a1, 0(a0))         # reserved PTE bit 55
  CASE(14)
        li a0, TERA_VA + 2 * TERA; S_FAULT(13, ld a1, 0(a0))     # misaligned terapage
  CASE(15)                                        # non-canonical: bit 56 set, upper clear
        li a0, 0x0100000000000000; S_FAULT(13, ld a1, 0(a0))
  CASE(16)                                        # bits 63:57 set, bit 56 clear
        li a0, 0xfe00000000000000; S_FAULT(15, sd a1, 0(a0))
  CASE(17)
        li a0, 0x0200000000000000
        RUN_IN(PRV_S, jr a0)
        CHECK(s2, 12); CHECKR(s3, a0)
  CASE(18)                                        # canonical negative VA: root[256] invalid
        li a0, 0xff00000000000000; S_FAULT(13, ld a1, 0(a0))
  CASE(19)                                        # U petapage from S without SUM
        li a0, 5 * PETA + 0x80000000; S_FAULT(13, ld a1, 0(a0))
  CASE(20)
        li t0, MSTATUS_SUM; csrs mstatus, t0
        VA_VIA(pageB, 5 * PETA + 0x80000000); S_OK(ld a1, 0(a0))
        li t0, MSTATUS_SUM; csrc mstatus, t0
        CHECK(a1, 0xBBBB0002)
  CASE(21)                                        # A/D set on a petapage leaf
        VA_VIA(pageB, 6 * PETA + 0x80000000); li a2, 0x21
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
        GETPTE(a3, root, 6); andi a3, a3, PTE_A | PTE_D; CHECK(a3, PTE_A)
        S_OK(sd a2, 16(a0))
        GETPTE(a3, root, 6); andi a3, a3, PTE_A | PTE_D; CHECK(a3, PTE_A | PTE_D)
  CASE(22)                                        # bit 47 set is canonical in Sv57 (not
        li a0, 0x0000800000000000                 # in Sv48): no page fault, no memory
        S_FAULT(5, ld a1, 0(a0))                  # -> load access fault
  CASE(23)                                        # MPRV with MPP = S through Sv57
        li t0, MSTATUS_MPP; csrc mstatus, t0
        li t0, (PRV_S << 11) | MSTATUS_MPRV; csrs mstatus, t0
        li a0, P4K(0)
        ld a1, 0(a0)
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK(a1, 0xAAAA0001)
  CASE(24)                                        # Sv48 still works after Sv57
        SET_SATP(SATP_SV48, 0, root)
        sfence.vma
        csrr a1, satp; srli a1, a1, 60; CHECK(a1, 9)
        la a0, pageA; S_OK(ld a1, 0(a0))           # root[0]: 512 GiB terapage in Sv48
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
t:      .skip 4096
g:      .skip 4096
m:      .skip 4096
p:      .skip 4096
ht:     .skip 4096
hg:     .skip 4096
