# Svnapot and Svpbmt under Sv39 (priv spec 20211203 chapters 5 and 6), plus the
# Svinval fence sequence (chapter 7) in S-mode:
#  - a 64 KiB NAPOT leaf (N = 1, ppn[3:0] = 1000) translates every 4 KiB page inside
#    it to the matching page of its 64 KiB frame;
#  - reserved NAPOT encodings (ppn[3:0] = 0100 or 0000, N on a megapage, N on a
#    non-leaf PTE) raise page faults;
#  - sfence.vma / sinval.vma of one page of a NAPOT range drops the translations of
#    all its pages;
#  - PBMT != 0 with menvcfg.PBMTE = 0, PBMT = 3, and PBMT on a non-leaf PTE raise
#    page faults; NC and IO leaves work with PBMTE = 1 (memory types change nothing).
#include "priv_test.h"
#include "vm_common.h"

#define NAPOT_VA  0x10000              /* p[16..31] */
#define MENVCFG_PBMTE (1 << 62)

#define S_FAULT(cause, ...)                                                \
        RUN_IN(PRV_S, 1: __VA_ARGS__); CHECK_MTRAP(cause, 1b); CHECKR(s3, a0)
#define S_OK(...)  RUN_IN(PRV_S, __VA_ARGS__); CHECK_MTRAP(9, 96b)
/* table[idx] = PTE for the physical address in t1 with flags and high bits in a5 */
#define SETPTE_HI(table, idx, flags)                                       \
        MKPTE(t0, t1, flags); or t0, t0, a5; la t1, table; sd t0, ((idx) * 8)(t1)
/* all 16 PTEs p[16..31] = NAPOT PTE for the 64 KiB frame at label */
#define SET_NAPOT(label)                                                   \
        la t1, label; srli t1, t1, 12; ori t1, t1, 8; slli t1, t1, 10;     \
        ori t1, t1, PTE_RW_AD; li t0, PTE_N; or t1, t1, t0;                \
        la t2, p + 16 * 8; li t3, 16;                                      \
1:      sd t1, 0(t2); addi t2, t2, 8; addi t3, t3, -1; bnez t3, 1b

PRIV_BEGIN
        .option norvc
        .option arch, +svinval
        # Every page i of the two 64 KiB frames holds 0x1000 + i (frame1) / 0x2000 + i.
        la t1, frame1; li t2, 0x1000; li t3, 32
1:      sd t2, 0(t1); li t0, 4096; add t1, t1, t0; addi t2, t2, 1
        li t0, 0x1010; bne t2, t0, 2f; li t2, 0x2000
2:      addi t3, t3, -1; bnez t3, 1b
        SETPTE_A(root, 2, 0x80000000, PTE_RWX_AD)          # code and data: gigapage
        SETPTR(root, 0, m)
        SETPTR(m, 0, p)
        SET_NAPOT(frame1)
        # p[32]: N with ppn[3:0] = 0100 (reserved 32 KiB size)
        la t1, frame1; li t2, 0x4000; or t1, t1, t2; li a5, PTE_N; SETPTE_HI(p, 32, PTE_RW_AD)
        # p[33]: N with ppn[3:0] = 0000
        la t1, frame1; li a5, PTE_N; SETPTE_HI(p, 33, PTE_RW_AD)
        # p[34]: PBMT = NC, p[35]: PBMT = 3, p[36]: PBMT = IO (all -> pageA)
        la t1, pageA; li a5, PTE_PBMT_NC; SETPTE_HI(p, 34, PTE_RW_AD)
        la t1, pageA; li a5, 3 << 61; SETPTE_HI(p, 35, PTE_RW_AD)
        la t1, pageA; li a5, PTE_PBMT_IO; SETPTE_HI(p, 36, PTE_RW_AD)
        # m[1]: megapage leaf with N; m[2] / m[3]: pointers to p2 with N / with PBMT = NC
        li t1, 0x80000000; li a5, PTE_N; SETPTE_HI(m, 1, PTE_RW_AD)
        la t1, p2; li a5, PTE_N; SETPTE_HI(m, 2, PTE_V)
        la t1, p2; li a5, PTE_PBMT_NC; SETPTE_HI(m, 3, PTE_V)
        SETPTR(m, 4, p2)
        SETPTE_L(p2, 0, pageA, PTE_RW_AD)
        li t0, MENVCFG_PBMTE; csrc menvcfg, t0
        SET_SATP(SATP_SV39, 0, root)
        sfence.vma

  CASE(1)                                         # every page of the NAPOT range
        li a0, NAPOT_VA; li a2, 0x1000; li a3, 16; li a4, 0
        S_OK(3: ld a1, 0(a0); beq a1, a2, 4f; addi a4, a4, 1;
             4: li t0, 4096; add a0, a0, t0; addi a2, a2, 1; addi a3, a3, -1; bnez a3, 3b)
        CHECK(a4, 0)
  CASE(2)                                         # offsets inside a page; store, A/D kept
        li a0, NAPOT_VA + 0xa000; li a2, 0x5a
        S_OK(sd a2, 0x238(a0); ld a1, 0(a0))
        CHECK(a1, 0x100a)
        la t0, frame1 + 0xa238; ld a1, 0(t0); CHECK(a1, 0x5a)
        GETPTE(a1, p, 26); srli a1, a1, 63; CHECK(a1, 1)
  CASE(3)                                         # sfence.vma of one other page drops all
        li a0, NAPOT_VA + 0xc000; li a5, NAPOT_VA + 0x3000
        S_OK(ld a1, 0(a0); ld a2, 0(a5))                 # cache pages 12 and 3
        CHECK(a1, 0x100c); CHECK(a2, 0x1003)
        SET_NAPOT(frame2)
        li a0, NAPOT_VA + 0xc000; li a3, NAPOT_VA + 0x5000; li a5, NAPOT_VA + 0x3000
        S_OK(sfence.vma a3, zero; ld a1, 0(a0); ld a2, 0(a5))
        CHECK(a1, 0x200c); CHECK(a2, 0x2003)
  CASE(4)                                         # the same with the Svinval sequence
        SET_NAPOT(frame1)
        li a0, NAPOT_VA + 0xf000; li a3, NAPOT_VA
        S_OK(sfence.w.inval; sinval.vma a3, zero; sfence.inval.ir; ld a1, 0(a0))
        CHECK(a1, 0x100f)
  CASE(5)
        li a0, 0x20000; S_FAULT(13, ld a1, 0(a0))          # N, ppn[3:0] = 0100
  CASE(6)
        li a0, 0x21008; S_FAULT(15, sd a1, 0(a0))          # N, ppn[3:0] = 0000
  CASE(7)
        li a0, 0x200010; S_FAULT(13, ld a1, 0(a0))         # N on a megapage
  CASE(8)
        li a0, 0x400000; S_FAULT(13, ld a1, 0(a0))         # N on a non-leaf PTE
  CASE(9)                                         # control: the same table via m[4]
        li a0, 0x800000; S_OK(ld a1, 0(a0))
        CHECK(a1, 0xAAAA0001)
/* QEMU 7.2 ignores menvcfg.PBMTE = 0 in walks (PBMT is not treated as reserved). */
#ifndef QEMU72_QUIRKS
  CASE(10)
        li a0, 0x22000; S_FAULT(13, ld a1, 0(a0))          # PBMT = NC, PBMTE = 0
  CASE(11)
        li a0, 0x24000; S_FAULT(13, ld a1, 0(a0))          # PBMT = IO, PBMTE = 0
#endif
  CASE(12)                                        # PBMTE = 1: NC and IO leaves work
        li t0, MENVCFG_PBMTE; csrs menvcfg, t0
        csrr a1, menvcfg; srli a1, a1, 62; andi a1, a1, 1; CHECK(a1, 1)
        sfence.vma
        li a0, 0x22000; li a3, 0x24000; li a4, 0x66
        S_OK(ld a1, 0(a0); sd a4, 8(a3); ld a2, 8(a0))
        CHECK(a1, 0xAAAA0001); CHECK(a2, 0x66)
#ifndef QEMU72_QUIRKS                             /* QEMU 7.2 accepts PBMT = 3 */
  CASE(13)
        li a0, 0x23000; S_FAULT(13, ld a1, 0(a0))          # PBMT = 3 (reserved)
#endif
  CASE(14)
        li a0, 0x600000; S_FAULT(13, ld a1, 0(a0))         # PBMT on a non-leaf PTE
#ifndef QEMU72_QUIRKS
  CASE(15)                                        # PBMTE back to 0: the NC leaf faults
        li t0, MENVCFG_PBMTE; csrc menvcfg, t0
        sfence.vma
        li a0, 0x22000; S_FAULT(13, ld a1, 0(a0))
#endif
        csrwi satp, 0
        j pass
PRIV_END

        .data
        .balign 4096
pageA:  .dword 0xAAAA0001
        .balign 4096

        .bss
        .balign 65536
frame1: .skip 65536
frame2: .skip 65536
root:   .skip 4096
m:      .skip 4096
p:      .skip 4096
p2:     .skip 4096
