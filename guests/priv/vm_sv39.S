# Sv39 virtual memory (priv spec 1.12, 4.1.11, 4.2.1, 4.3, 4.4, 3.1.6.3):
# 4 KiB pages, 2 MiB megapages and 1 GiB gigapages; page faults 12/13/15 with
# stval/mtval = the faulting virtual address for invalid PTEs, W without R,
# missing R/W/X, U-bit rules (S without SUM, S fetching a U page even with SUM,
# U touching an S page), SUM, MXR, misaligned superpages, non-canonical
# addresses, reserved PTE bits 54-63, a pointer PTE at level 0; hardware A/D
# updates; AMOs fault as stores; sfence.vma in its four forms, ASIDs and global
# mappings (only what the spec guarantees: after the fence the new PTE is used);
# MPRV with MPP = S/U for M-mode loads and stores; delegated page faults.
#include "priv_test.h"
#include "vm_common.h"

#define U_OFF     0x40000000            /* code alias for U-mode: VA = PA - U_OFF */
#define MEGA_VA   0xC0000000            /* l1[0]: 2 MiB megapage -> 0x80000000 */
#define P4K(i)    (0xC0200000 + (i) * 0x1000)   /* l1[1] -> l0[i] */
#define MEGA_MIS  0xC0400000            /* l1[2]: megapage with PPN[0] != 0 */
#define L0PTR_VA  0xC0600000            /* l1[3] -> l0b, l0b[0] is a pointer */
#define GIGA_MIS  0x100000000           /* root[4]: gigapage with PPN[1:0] != 0 */
#define NONCANON  0x4000000000          /* bit 38 set, bits 63:39 clear */
#define VA_OF(label) ((label) - 0x80000000 + MEGA_VA)

/* a0 = VA; run `insn` in S-mode; expect exception `cause` with tval = VA */
#define S_FAULT(cause, ...)                                                \
        RUN_IN(PRV_S, 1: __VA_ARGS__); CHECK_MTRAP(cause, 1b); CHECKR(s3, a0)
#define S_OK(...)  RUN_IN(PRV_S, __VA_ARGS__); CHECK_MTRAP(9, 96b)
/* U-mode code runs at the alias; a7 = its entry. Checks compare with alias. */
#define U_RUN(...)                                                         \
        la a7, 97f; li t0, U_OFF; sub a7, a7, t0; RUN_AT(PRV_U, a7, __VA_ARGS__)
#define CHECK_UEPC(lbl) la t6, lbl; li t0, U_OFF; sub t6, t6, t0; CHECKR(s4, t6)

/* AMOs raise store/AMO faults (15). QEMU 7.2 reports a load page fault (13)
 * for an AMO whose PTE is invalid. */
#ifdef QEMU72_QUIRKS
#define AMO_INVALID_CAUSE 13
#else
#define AMO_INVALID_CAUSE 15
#endif

PRIV_BEGIN
        .option norvc
        # --------------------------------------------------- page tables
        SETPTE_A(root, 2, 0x80000000, PTE_RWX_AD)          # identity, S
        SETPTE_A(root, 1, 0x80000000, PTE_RWX_AD | PTE_U)  # U alias of RAM
        SETPTE_A(root, 0, 0x00000000, PTE_RW_AD)           # devices (S)
        SETPTR(root, 3, l1)
        SETPTE_A(l1, 0, 0x80000000, PTE_R_AD)              # megapage, read-only
        SETPTE_A(root2, 2, 0x80000000, PTE_RWX_AD)         # second address space:
        SETPTE_A(root2, 0, 0x00000000, PTE_RW_AD)          # same code, P4K(11) -> pageA
        SETPTR(root2, 3, l1b)
        SETPTR(l1b, 1, l0c)
        SETPTE_L(l0c, 11, pageA, PTE_RW_AD)
        SETPTR(l1, 1, l0)
        SETPTE_A(l1, 2, 0x80001000, PTE_R_AD)              # misaligned megapage
        SETPTR(l1, 3, l0b)
        SETPTR(l0b, 0, l0)                                 # non-leaf at level 0
        SETPTE_A(root, 4, 0x80200000, PTE_R_AD)            # misaligned gigapage
        SETPTE_L(l0, 0, pageA, PTE_RW_AD)
        SETPTE_L(l0, 1, pageB, PTE_R_AD)                   # read-only
        SETPTE_L(l0, 2, pageA, PTE_V | PTE_X | PTE_A)      # execute-only
        SETPTE_L(l0, 3, pageA, PTE_V | PTE_W | PTE_A | PTE_D) # W without R (reserved)
        SETPTE_L(l0, 4, pageA, PTE_RW_AD | PTE_U)          # user page
        SETPTE_L(l0, 5, pageC, PTE_V | PTE_R | PTE_W)      # A = D = 0
        CLRPTE(l0, 6)                                      # invalid
        SETPTE_L(l0, 7, pageB, PTE_RW_AD | PTE_X | PTE_U)  # user code/data
        # l0[8]: reserved bit 54 set; l0[9]: bit 63 (N, Svnapot not implemented)
        la t1, pageA; MKPTE(t0, t1, PTE_RW_AD); li t1, 1; slli t1, t1, 54; or t0, t0, t1
        la t1, l0; sd t0, 64(t1)
        la t1, pageA; MKPTE(t0, t1, PTE_RW_AD); li t1, 1; slli t1, t1, 63; or t0, t0, t1
        la t1, l0; sd t0, 72(t1)
        SETPTE_L(l0, 10, pageA, PTE_V | PTE_R | PTE_A)     # R-only, D = 0 ...
        sfence.vma

  # ------------------------------------------------------------- satp
  CASE(1)
        SET_SATP(SATP_SV39, 5, root)
        csrr a1, satp; srli a0, a1, 60; CHECK(a0, 8)
        srli a0, a1, 44; andi a0, a0, 0xff; CHECK(a0, 5)   # ASID bits written (ASIDLEN >= 3)
        la t0, root; srli t0, t0, 12; slli a0, a1, 20; srli a0, a0, 20; CHECKR(a0, t0)
        li t0, (5 << 60); csrw satp, t0                     # reserved MODE: no effect
        csrr a0, satp; CHECKR(a0, a1)
        SET_SATP(SATP_SV39, 0, root)
        sfence.vma

  # ------------------------------------------------- successful walks
  CASE(2)                                         # gigapage (identity code + data)
        la a0, pageA
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)
  CASE(3)                                         # megapage
        la a0, pageB; li t0, MEGA_VA - 0x80000000; add a0, a0, t0
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(4)                                         # 4 KiB page, load and store
        li a0, P4K(0); li a2, 0x1234
        S_OK(ld a1, 0(a0); sd a2, 8(a0))
        CHECK(a1, 0xAAAA0001)
        la t0, pageA; ld a0, 8(t0); CHECK(a0, 0x1234)
  CASE(5)                                         # offset within the page is kept
        li a0, P4K(1) + 0x808
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xB808)
  CASE(6)                                         # fetch from a 4 KiB executable U page in U
        la t0, ucode; la t1, pageB; sub t0, t0, t1; li t1, P4K(7); add a6, t0, t1
        U_RUN(jalr ra, 0(a6))
        CHECK(s2, 8); CHECK(a5, 0x55)             # ucode: li a5, 0x55; ecall

  # ------------------------------------------------------ page faults
  CASE(7)
        li a0, P4K(6); S_FAULT(13, ld a1, 0(a0))          # invalid PTE: load
  CASE(8)
        li a0, P4K(6); S_FAULT(15, sd a1, 0(a0))          # invalid PTE: store
  CASE(9)
        li a0, P4K(6) + 0x10; S_FAULT(AMO_INVALID_CAUSE, amoadd.d a1, a2, (a0))   # AMO -> store fault
  CASE(10)                                        # invalid PTE: fetch (mepc = mtval = VA)
        li a0, P4K(6) + 0x20
        RUN_IN(PRV_S, jr a0)
        CHECK(s2, 12); CHECKR(s3, a0); CHECKR(s4, a0)
  CASE(11)
        li a0, P4K(3); S_FAULT(13, ld a1, 0(a0))          # W without R
  CASE(12)
        li a0, P4K(3); S_FAULT(15, sd a1, 0(a0))
  CASE(13)
        li a0, P4K(1) + 8; S_FAULT(15, sd a1, 0(a0))      # read-only page
  CASE(14)
        li a0, P4K(1) + 8; S_FAULT(15, amoswap.w a1, a2, (a0))
  CASE(15)
        li a0, P4K(6) + 8; S_FAULT(AMO_INVALID_CAUSE, amoor.d a1, a2, (a0))   # AMO on invalid PTE
  CASE(16)
        li a0, P4K(2); S_FAULT(13, ld a1, 0(a0))          # execute-only: load faults
  CASE(17)                                        # ... unless MXR
        li t0, MSTATUS_MXR; csrs mstatus, t0
        li a0, P4K(2); S_OK(ld a1, 0(a0))
        li t0, MSTATUS_MXR; csrc mstatus, t0
        CHECK(a1, 0xAAAA0001)
  CASE(18)                                        # MXR does not allow stores
        li t0, MSTATUS_MXR; csrs mstatus, t0
        li a0, P4K(2); S_FAULT(15, sd a1, 0(a0))
        li t0, MSTATUS_MXR; csrc mstatus, t0
  CASE(19)                                        # fetch from a non-executable page
        li a0, P4K(0)
        RUN_IN(PRV_S, jr a0)
        CHECK(s2, 12); CHECKR(s3, a0); CHECKR(s4, a0)
  CASE(20)                                        # megapage with R only: fetch faults
        la a0, ucode; li t0, MEGA_VA - 0x80000000; add a0, a0, t0
        RUN_IN(PRV_S, jr a0)
        CHECK(s2, 12); CHECKR(s3, a0)

  # ------------------------------------------------------- U-bit rules
  CASE(21)
        li a0, P4K(4); S_FAULT(13, ld a1, 0(a0))          # S load from U page, SUM = 0
  CASE(22)
        li a0, P4K(4); S_FAULT(15, sd a1, 0(a0))
  CASE(23)                                        # SUM = 1: S may load/store U pages
        li t0, MSTATUS_SUM; csrs mstatus, t0
        li a0, P4K(4); li a2, 0x77
        S_OK(ld a1, 0(a0); sd a2, 16(a0))
        CHECK(a1, 0xAAAA0001)
        la t0, pageA; ld a0, 16(t0); CHECK(a0, 0x77)
  CASE(24)                                        # ... but never execute them
        li a0, P4K(7)
        RUN_IN(PRV_S, jr a0)
        li t0, MSTATUS_SUM; csrc mstatus, t0
        CHECK(s2, 12); CHECKR(s3, a0)
  CASE(25)                                        # U load from S page
        li a0, P4K(0)
        U_RUN(1: ld a1, 0(a0))
        CHECK(s2, 13); CHECKR(s3, a0); CHECK_UEPC(1b)
  CASE(26)                                        # U store to S page (SUM irrelevant)
        li t0, MSTATUS_SUM; csrs mstatus, t0
        li a0, P4K(0)
        U_RUN(1: sd a1, 0(a0))
        li t0, MSTATUS_SUM; csrc mstatus, t0
        CHECK(s2, 15); CHECKR(s3, a0); CHECK_UEPC(1b)
  CASE(27)                                        # U fetch from S page (identity code)
        RUN_IN(PRV_U, nop)
        CHECK(s2, 12); la t6, 97b; CHECKR(s3, t6); CHECKR(s4, t6)
  CASE(28)                                        # U load/store on U page
        li a0, P4K(4); li a2, 0x99
        U_RUN(ld a1, 0(a0); sd a2, 24(a0))
        CHECK(s2, 8); CHECK(a1, 0xAAAA0001)
        la t0, pageA; ld a0, 24(t0); CHECK(a0, 0x99)

  # --------------------------------------- malformed PTEs / addresses
  CASE(29)
        li a0, MEGA_MIS + 0x10; S_FAULT(13, ld a1, 0(a0))  # misaligned megapage
  CASE(30)
        li a0, GIGA_MIS; S_FAULT(13, ld a1, 0(a0))         # misaligned gigapage
  CASE(31)
        li a0, GIGA_MIS; S_FAULT(15, sd a1, 0(a0))
  CASE(32)
        li a0, L0PTR_VA; S_FAULT(13, ld a1, 0(a0))         # pointer PTE at level 0
  CASE(33)
        li a0, P4K(8); S_FAULT(13, ld a1, 0(a0))           # reserved bit 54
  CASE(34)
        li a0, P4K(9); S_FAULT(13, ld a1, 0(a0))           # N bit without Svnapot
  CASE(35)                                        # non-canonical: bit 38 set, upper clear
        li a0, NONCANON; S_FAULT(13, ld a1, 0(a0))
  CASE(36)
        li a0, NONCANON; S_FAULT(15, sd a1, 0(a0))
  CASE(37)                                        # bits 63:39 set, bit 38 clear
        li a0, 0xffffff8080000000
        S_FAULT(13, ld a1, 0(a0))
  CASE(38)                                        # fetch from a non-canonical address
        li a0, 0x8000000080000000
        RUN_IN(PRV_S, jr a0)
        CHECK(s2, 12); CHECKR(s3, a0)
  CASE(39)                                        # canonical negative VA, unmapped root[511]
        li a0, 0xffffffffc0000000; S_FAULT(13, ld a1, 0(a0))

  # ------------------------------------------------------- A/D bits
  CASE(40)
        li a0, P4K(5)
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xCCCC0003)
        GETPTE(a2, l0, 5); andi a0, a2, PTE_A | PTE_D; CHECK(a0, PTE_A)
  CASE(41)
        li a0, P4K(5); li a2, 0x42
        S_OK(sd a2, 8(a0))
        GETPTE(a2, l0, 5); andi a0, a2, PTE_A | PTE_D; CHECK(a0, PTE_A | PTE_D)
        la t0, pageC; ld a0, 8(t0); CHECK(a0, 0x42)
  CASE(42)                                        # store to A=1, D=0 page sets D
        SETPTE_L(l0, 5, pageC, PTE_V | PTE_R | PTE_W | PTE_A); sfence.vma
        li a0, P4K(5); li a2, 0x43
        S_OK(sd a2, 8(a0))
        GETPTE(a2, l0, 5); andi a0, a2, PTE_A | PTE_D; CHECK(a0, PTE_A | PTE_D)
  CASE(43)                                        # a faulting store leaves D clear
        li a0, P4K(10); S_FAULT(15, sd a1, 0(a0))
        GETPTE(a2, l0, 10); andi a0, a2, PTE_D; CHECK(a0, 0)

  # ------------------------------------------------------ sfence.vma
  CASE(44)                                        # sfence.vma x0, x0
        SETPTE_L(l0, 11, pageA, PTE_RW_AD); sfence.vma
        li a0, P4K(11)
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)
        SETPTE_L(l0, 11, pageB, PTE_RW_AD)
        S_OK(sfence.vma; ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(45)                                        # sfence.vma va, x0
        SETPTE_L(l0, 11, pageC, PTE_RW_AD)
        S_OK(sfence.vma a0, x0; ld a1, 0(a0))
        CHECK(a1, 0xCCCC0003)
  CASE(46)                                        # sfence.vma x0, asid (current ASID 0)
        SETPTE_L(l0, 11, pageA, PTE_RW_AD)
        S_OK(li a3, 0; sfence.vma x0, a3; ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)
  CASE(47)                                        # sfence.vma va, asid; ASID 3 in use
        SET_SATP(SATP_SV39, 3, root); sfence.vma
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)
        SETPTE_L(l0, 11, pageB, PTE_RW_AD)
        li a3, 3
        S_OK(sfence.vma a0, a3; ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
        SETPTE_L(l0, 11, pageC, PTE_RW_AD)
        S_OK(sfence.vma x0, a3; ld a1, 0(a0))
        CHECK(a1, 0xCCCC0003)
  CASE(48)                                        # global mapping, flushed with rs2 = x0
        SETPTE_L(l0, 12, pageA, PTE_RW_AD | PTE_G); sfence.vma
        li a0, P4K(12)
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)
        SETPTE_L(l0, 12, pageB, PTE_RW_AD | PTE_G)
        S_OK(sfence.vma a0, zero; ld a1, 0(a0))
        CHECK(a1, 0xBBBB0002)
  CASE(49)                                        # a new invalid->valid PTE after sfence
        CLRPTE(l0, 13); sfence.vma
        li a0, P4K(13); S_FAULT(13, ld a1, 0(a0))
        SETPTE_L(l0, 13, pageC, PTE_RW_AD)
        S_OK(sfence.vma a0, zero; ld a1, 0(a0))
        CHECK(a1, 0xCCCC0003)
  CASE(50)                                        # two ASIDs with different tables, no fence
        SET_SATP(SATP_SV39, 1, root); sfence.vma
        li a0, P4K(11)
        S_OK(ld a1, 0(a0))                        # ASID 1: pageC
        CHECK(a1, 0xCCCC0003)
        SET_SATP(SATP_SV39, 2, root2)             # never used before
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)                     # root2: l0c[11] -> pageA
        SET_SATP(SATP_SV39, 1, root)
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xCCCC0003)
  CASE(51)                                        # satp written by S (TVM = 0) takes effect
        SET_SATP(SATP_SV39, 2, root2)
        csrr a4, satp
        SET_SATP(SATP_SV39, 1, root)
        S_OK(csrw satp, a4; sfence.vma; ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)
        SET_SATP(SATP_SV39, 0, root); sfence.vma

  # --------------------------------------------- MPRV (M-mode loads)
  CASE(52)                                        # MPP = S: translated with S rights
        li t0, MSTATUS_MPP; csrc mstatus, t0
        li t0, (PRV_S << 11) | MSTATUS_MPRV; csrs mstatus, t0
        li a0, P4K(0)
        ld a1, 0(a0)
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK(a1, 0xAAAA0001)
  CASE(53)                                        # store through MPRV
        li t0, MSTATUS_MPRV; csrs mstatus, t0
        li a0, P4K(0); li a2, 0x5a5a
        sd a2, 32(a0)
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        la t0, pageA; ld a1, 32(t0); CHECK(a1, 0x5a5a)
  CASE(54)                                        # MPRV: S rights -> U page faults (SUM = 0)
        CLEAR_REC; la s8, 98f
        li t0, MSTATUS_MPRV; csrs mstatus, t0
        li a0, P4K(4)
1:      ld a1, 0(a0)
        j fail
98:     li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK(s2, 13); CHECKR(s3, a0); la t6, 1b; CHECKR(s4, t6)
        CHECK_FIELD(s5, 11, 3, 3)                 # trap from M: MPP now M
  CASE(55)                                        # MPP = U: S page faults
        li t0, MSTATUS_MPP; csrc mstatus, t0      # MPP = U
        CLEAR_REC; la s8, 98f
        li t0, MSTATUS_MPRV; csrs mstatus, t0
        li a0, P4K(0)
1:      sd a1, 0(a0)
        j fail
98:     li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK(s2, 15); CHECKR(s3, a0)
  CASE(56)                                        # MPP = U, U page: fine
        li t0, MSTATUS_MPP; csrc mstatus, t0
        li t0, MSTATUS_MPRV; csrs mstatus, t0
        li a0, P4K(4)
        ld a1, 0(a0)
        li t0, MSTATUS_MPRV; csrc mstatus, t0
        CHECK(a1, 0xAAAA0001)
  CASE(57)                                        # MPRV + MXR, MPP = S
        li t0, (PRV_S << 11) | MSTATUS_MPRV | MSTATUS_MXR; csrs mstatus, t0
        li a0, P4K(2)
        ld a1, 0(a0)
        li t0, MSTATUS_MPRV | MSTATUS_MXR; csrc mstatus, t0
        CHECK(a1, 0xAAAA0001)
  CASE(58)                                        # M-mode without MPRV: untranslated
        la a0, pageB; ld a1, 0(a0); CHECK(a1, 0xBBBB0002)

  # --------------------------------------- delegated page faults (to S)
  CASE(59)
        li t0, (1 << 13) | (1 << 15) | (1 << 12); csrw medeleg, t0
        li a0, P4K(6) + 0x18
        RUN_IN(PRV_S, 1: ld a1, 0(a0))
        CHECK_STRAP(13, 1b); CHECKR(s10, a0); CHECK(s2, 9)
  CASE(60)
        li a0, P4K(1)
        U_RUN(1: sw a1, 0(a0))                    # U store to S read-only page
        CHECK(s9, 15); CHECKR(s10, a0)
        la t6, 1b; li t0, U_OFF; sub t6, t6, t0; CHECKR(s11, t6)
        CHECK_FIELD(s7, 8, 1, 0)                  # SPP = U
  CASE(61)
        li a0, P4K(6)
        RUN_IN(PRV_S, jr a0)
        CHECK(s9, 12); CHECKR(s10, a0); CHECKR(s11, a0)
        csrwi medeleg, 0
  CASE(62)                                        # Bare mode in S: no translation
        csrwi satp, 0; sfence.vma
        la a0, pageC
        S_OK(ld a1, 0(a0))
        CHECK(a1, 0xCCCC0003)
        j pass

        .balign 4
PRIV_END

        .data
        .balign 4096
pageA:  .dword 0xAAAA0001
        .balign 4096
pageB:  .dword 0xBBBB0002
        .org pageB + 0x808
        .dword 0xB808
        .org pageB + 0x900
ucode:  li a5, 0x55                     # U code in pageB (mapped U|X at P4K(7))
        ecall
        .balign 4096
pageC:  .dword 0xCCCC0003
        .balign 4096

        .bss
        .balign 4096
root:   .skip 4096
l1:     .skip 4096
l0:     .skip 4096
l0b:    .skip 4096
root2:  .skip 4096
l1b:    .skip 4096
l0c:    .skip 4096
