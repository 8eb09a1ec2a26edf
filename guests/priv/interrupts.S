# Interrupts (priv spec 1.12, 3.1.9, 3.3.3, 4.1.3; Sstc): every source of the
# virt board — MSI (CLINT msip), MTI (CLINT mtimecmp), MEI and SEI (PLIC, with
# the UART THR-empty interrupt, IRQ 10, as the device), SSI and STI written by
# M-mode in mip, STI from Sstc stimecmp — the priority order
# MEI > MSI > MTI > SEI > SSI > STI, global enables per mode (M interrupts are
# always enabled below M, S interrupts are enabled in U, MIE/SIE gate their own
# mode), delegation through mideleg, sip/sie views, mcause/scause with the
# interrupt bit, vectored mtvec/stvec, and WFI (wakes on a pending-and-enabled
# interrupt even when MIE = 0, then continues; TW).
#include "priv_test.h"

#define MIP_SSIP (1 << IRQ_SSI)
#define MIP_MSIP (1 << IRQ_MSI)
#define MIP_STIP (1 << IRQ_STI)
#define MIP_MTIP (1 << IRQ_MTI)
#define MIP_SEIP (1 << IRQ_SEI)
#define MIP_MEIP (1 << IRQ_MEI)
#define MIP_SALL (MIP_SSIP | MIP_STIP | MIP_SEIP)

/* ---- devices */
#define MSIP_SET        li t0, CLINT_MSIP; li t1, 1; sw t1, 0(t0)
#define MSIP_CLR        li t0, CLINT_MSIP; sw zero, 0(t0)
#define MTIMECMP_SET(v) li t0, CLINT_MTIMECMP; li t1, v; sd t1, 0(t0)
#define MTIP_SET        MTIMECMP_SET(0)
#define MTIP_CLR        MTIMECMP_SET(-1)
#define UART_IER(v)     li t0, UART_BASE + 1; li t1, v; sb t1, 0(t0)
#define PLIC_PRIO(src, v) li t0, PLIC_BASE + 4 * (src); li t1, v; sw t1, 0(t0)
#define PLIC_ENABLE(ctx, m) li t0, PLIC_BASE + 0x2000 + 0x80 * (ctx); li t1, m; sw t1, 0(t0)
#define PLIC_THRESH(ctx, v) li t0, PLIC_BASE + 0x200000 + 0x1000 * (ctx); li t1, v; sw t1, 0(t0)
#define PLIC_CLAIM(ctx, r)  li t0, PLIC_BASE + 0x200004 + 0x1000 * (ctx); lw r, 0(t0)
#define PLIC_COMPLETE(ctx, r) li t0, PLIC_BASE + 0x200004 + 0x1000 * (ctx); sw r, 0(t0)
/* UART interrupt off; complete a claim if the PLIC still had it pending. */
#define UART_IRQ_OFF(ctx) UART_IER(0); PLIC_CLAIM(ctx, a4); beqz a4, 95f;  \
                          PLIC_COMPLETE(ctx, a4); 95: PLIC_ENABLE(ctx, 0)

#define CLR_MEI           UART_IRQ_OFF(0)
#define CLR_MSI           MSIP_CLR
#define CLR_MTI           MTIP_CLR
#define CLR_SEI           li t0, MIP_SEIP; csrc mip, t0
#define CLR_SSI           li t0, MIP_SSIP; csrc mip, t0
#define CLR_STI           li t0, MIP_STIP; csrc mip, t0

#define MIP_BIT(irq)      csrr a0, mip; srli a0, a0, irq; andi a0, a0, 1

/* M-mode: set MIE and expect interrupt `irq` right away (mepc = 97b). */
#define M_EXPECT_IRQ(irq)                                                  \
        CLEAR_REC; la s8, 98f; csrsi mstatus, MSTATUS_MIE;                 \
97:     nop; nop; nop; nop; nop; nop; nop; nop; j fail;                    \
98:     CHECK(s2, INTR | (irq)); la t6, 97b; CHECKR(s4, t6)
/* M-mode: MIE = 1 for a while, nothing may be taken (s8 = 0 fails any trap). */
#define M_NO_IRQ          li s8, 0; csrsi mstatus, MSTATUS_MIE;             \
                          nop; nop; nop; nop; nop; nop; nop; nop;          \
                          csrci mstatus, MSTATUS_MIE
#define NOPS8             nop; nop; nop; nop; nop; nop; nop; nop

PRIV_BEGIN
        .option norvc
        li t0, MSTATUS_MPIE | MSTATUS_SPIE | MSTATUS_SIE | MSTATUS_MIE
        csrc mstatus, t0
        MTIP_CLR
        MSIP_CLR

  # ------------------------------------------------------------- MSI
  CASE(1)
        MIP_BIT(IRQ_MSI); CHECK(a0, 0)
        MSIP_SET
        MIP_BIT(IRQ_MSI); CHECK(a0, 1)
        li t0, MIP_MSIP; csrc mip, t0             # MSIP is read-only in mip
        MIP_BIT(IRQ_MSI); CHECK(a0, 1)
  CASE(2)
        li t0, MIP_MSIP; csrw mie, t0
        li s8, 0; NOPS8                           # MIE = 0: not taken
        csrwi mie, 0
        M_NO_IRQ                                  # pending, MIE = 1 but mie.MSIE = 0
        li t0, MIP_MSIP; csrw mie, t0
        M_EXPECT_IRQ(IRQ_MSI)
        CHECK_FIELD(s5, 7, 1, 1)                  # MPIE = 1 (MIE was 1)
        CHECK_FIELD(s5, 11, 3, 3)
        MSIP_CLR
        MIP_BIT(IRQ_MSI); CHECK(a0, 0)
        M_NO_IRQ
        csrwi mie, 0

  # ------------------------------------------------------------- MTI
  CASE(3)
        MIP_BIT(IRQ_MTI); CHECK(a0, 0)
        MTIP_SET
        MIP_BIT(IRQ_MTI); CHECK(a0, 1)
        li t0, MIP_MTIP; csrc mip, t0             # read-only in mip
        MIP_BIT(IRQ_MTI); CHECK(a0, 1)
  CASE(4)
        li t0, MIP_MTIP; csrw mie, t0
        M_EXPECT_IRQ(IRQ_MTI)
        MTIP_CLR
        MIP_BIT(IRQ_MTI); CHECK(a0, 0)
        M_NO_IRQ
        csrwi mie, 0
  CASE(5)                                         # mtimecmp in the future: not pending
        li t0, CLINT_MTIME; ld a1, 0(t0)
        li t1, 100000000; add a1, a1, t1          # 10 s ahead
        li t0, CLINT_MTIMECMP; sd a1, 0(t0)
        MIP_BIT(IRQ_MTI); CHECK(a0, 0)
        li t0, CLINT_MTIMECMP; ld a2, 0(t0); CHECKR(a2, a1)
        MTIP_CLR

  # ------------------------------------------------------ MEI via PLIC
  CASE(6)
        PLIC_PRIO(UART_IRQ, 1); PLIC_THRESH(0, 0); PLIC_THRESH(1, 0)
        PLIC_ENABLE(0, 1 << UART_IRQ); PLIC_ENABLE(1, 0)
        MIP_BIT(IRQ_MEI); CHECK(a0, 0)
        UART_IER(2)                               # THR empty interrupt -> IRQ 10
        MIP_BIT(IRQ_MEI); CHECK(a0, 1)
        MIP_BIT(IRQ_SEI); CHECK(a0, 0)            # S context not enabled
        PLIC_THRESH(0, 1)                         # threshold >= priority masks it
        MIP_BIT(IRQ_MEI); CHECK(a0, 0)
        PLIC_THRESH(0, 0)
        MIP_BIT(IRQ_MEI); CHECK(a0, 1)
  CASE(7)
        li t0, MIP_MEIP; csrw mie, t0
        M_EXPECT_IRQ(IRQ_MEI)
        PLIC_CLAIM(0, a1); CHECK(a1, UART_IRQ)
        UART_IER(0)
        PLIC_COMPLETE(0, a1)
        MIP_BIT(IRQ_MEI); CHECK(a0, 0)
        PLIC_CLAIM(0, a1); CHECK(a1, 0)           # nothing pending
        M_NO_IRQ
        csrwi mie, 0
        PLIC_ENABLE(0, 0)

  # ------------------------------------------------------ SEI via PLIC
  CASE(8)
        PLIC_ENABLE(1, 1 << UART_IRQ)
        UART_IER(2)
        MIP_BIT(IRQ_SEI); CHECK(a0, 1)
        MIP_BIT(IRQ_MEI); CHECK(a0, 0)
        li t0, MIP_SEIP; csrc mip, t0             # clears only the software SEIP
        MIP_BIT(IRQ_SEI); CHECK(a0, 1)
  CASE(9)
        li t0, MIP_SEIP; csrw mideleg, t0; csrw mie, t0
        RUN_IN(PRV_S, csrsi sstatus, MSTATUS_SIE; 1: NOPS8)
        CHECK_STRAP(INTR | IRQ_SEI, 1b)
        CHECK(s10, 0)                             # stval = 0 for interrupts
        CHECK_FIELD(s7, 8, 1, 1)                  # SPP = S
        CHECK_FIELD(s7, 5, 1, 1)                  # SPIE = 1
        CHECK_FIELD(s7, 1, 1, 0)                  # SIE = 0
        PLIC_CLAIM(1, a1); CHECK(a1, UART_IRQ)
        UART_IER(0)
        PLIC_COMPLETE(1, a1)
        MIP_BIT(IRQ_SEI); CHECK(a0, 0)
        PLIC_ENABLE(1, 0)
        csrwi mie, 0; csrwi mideleg, 0
  # ---- software-written SEIP (M-mode) is an S external interrupt too
  CASE(10)
        li t0, MIP_SEIP; csrs mip, t0
        MIP_BIT(IRQ_SEI); CHECK(a0, 1)
        li t0, MIP_SEIP; csrw mideleg, t0; csrw mie, t0
        RUN_IN(PRV_U, 1: NOPS8)                   # S interrupts are enabled in U
        CHECK_STRAP(INTR | IRQ_SEI, 1b)
        CHECK_FIELD(s7, 8, 1, 0)                  # SPP = U
        li t0, MIP_SEIP; csrc mip, t0
        MIP_BIT(IRQ_SEI); CHECK(a0, 0)
        csrwi mie, 0; csrwi mideleg, 0

  # ------------------------------------------------------------- SSI
  CASE(11)
        li t0, MIP_SSIP; csrw mideleg, t0; csrw mie, t0
        csrs mip, t0
        RUN_IN(PRV_S, csrsi sstatus, MSTATUS_SIE; 1: NOPS8)
        CHECK_STRAP(INTR | IRQ_SSI, 1b)
        MIP_BIT(IRQ_SSI); CHECK(a0, 1)            # still pending (handler did not clear)
        li t0, MIP_SSIP; csrc mip, t0
  CASE(12)                                        # S sets and clears sip.SSIP itself
        RUN_IN(PRV_S, csrci sstatus, MSTATUS_SIE; csrsi sip, MIP_SSIP; csrr a1, sip;
                      csrsi sstatus, MSTATUS_SIE; 1: NOPS8)
        CHECK_STRAP(INTR | IRQ_SSI, 1b)
        andi a1, a1, MIP_SSIP; CHECK(a1, MIP_SSIP)
        RUN_IN(PRV_S, csrci sip, MIP_SSIP; csrr a1, sip)
        CHECK_MTRAP(9, 96b)
        andi a1, a1, MIP_SSIP; CHECK(a1, 0)
        MIP_BIT(IRQ_SSI); CHECK(a0, 0)
        csrwi mie, 0; csrwi mideleg, 0

  # ------------------------------------------- STI (mip.STIP by M-mode)
  CASE(13)
        li t0, MIP_STIP; csrw mideleg, t0; csrw mie, t0
        csrs mip, t0
        MIP_BIT(IRQ_STI); CHECK(a0, 1)
        RUN_IN(PRV_S, csrsi sstatus, MSTATUS_SIE; 1: NOPS8)
        CHECK_STRAP(INTR | IRQ_STI, 1b)
        RUN_IN(PRV_S, li a1, MIP_STIP; 1: csrc sip, a1)   # STIP is read-only in sip
        CHECK_MTRAP(9, 96b)
        MIP_BIT(IRQ_STI); CHECK(a0, 1)
        li t0, MIP_STIP; csrc mip, t0
        MIP_BIT(IRQ_STI); CHECK(a0, 0)
        csrwi mie, 0; csrwi mideleg, 0

  # ------------------------------------------------- STI from Sstc
  CASE(14)
        li t0, -1; csrw stimecmp, t0
        li t0, 1; slli t0, t0, 63; csrs menvcfg, t0   # STCE
        csrr a1, menvcfg; srli a1, a1, 63; CHECK(a1, 1)
        MIP_BIT(IRQ_STI); CHECK(a0, 0)
        li t0, MIP_STIP; csrs mip, t0             # STIP not writable while STCE = 1
        MIP_BIT(IRQ_STI); CHECK(a0, 0)
        csrwi stimecmp, 0
        MIP_BIT(IRQ_STI); CHECK(a0, 1)
        li t0, -1; csrw stimecmp, t0
        MIP_BIT(IRQ_STI); CHECK(a0, 0)
  CASE(15)                                        # S programs stimecmp itself
        csrwi mcounteren, 2                       # TM: S may access time/stimecmp
        li t0, MIP_STIP; csrw mideleg, t0; csrw mie, t0
        RUN_IN(PRV_S, csrsi sstatus, MSTATUS_SIE; csrr a1, time; csrw stimecmp, a1; 1: NOPS8)
        CHECK_STRAP(INTR | IRQ_STI, 1b)
        RUN_IN(PRV_S, li a1, -1; csrw stimecmp, a1; csrr a2, sip)
        CHECK_MTRAP(9, 96b)
        andi a2, a2, MIP_STIP; CHECK(a2, 0)
        csrwi mie, 0; csrwi mideleg, 0
  CASE(16)                                        # TM = 0: stimecmp illegal in S
        csrwi mcounteren, 0
        RUN_IN(PRV_S, 1: csrr a1, stimecmp)
        CHECK_MTRAP(2, 1b)
        csrwi mcounteren, 2
        li t0, 1; slli t0, t0, 63; csrc menvcfg, t0   # STCE = 0: illegal in S too
        RUN_IN(PRV_S, 1: csrr a1, stimecmp)
        CHECK_MTRAP(2, 1b)
        csrwi mcounteren, 0

  # ------------------------------------------- priorities (all to M)
  CASE(17)
        li t0, MIP_SSIP | MIP_STIP | MIP_SEIP; csrs mip, t0
        MSIP_SET; MTIP_SET
        PLIC_ENABLE(0, 1 << UART_IRQ); UART_IER(2)
        li t0, 0xaaa; csrw mie, t0
        csrr a0, mip; li t0, 0xaaa; and a0, a0, t0; CHECK(a0, 0xaaa)
#ifndef QEMU72_QUIRKS
        M_EXPECT_IRQ(IRQ_MEI); CLR_MEI
  CASE(18); M_EXPECT_IRQ(IRQ_MSI); CLR_MSI
  CASE(19); M_EXPECT_IRQ(IRQ_MTI); CLR_MTI
  CASE(20); M_EXPECT_IRQ(IRQ_SEI); CLR_SEI        # S-level, not delegated: taken in M
  CASE(21); M_EXPECT_IRQ(IRQ_SSI); CLR_SSI
  CASE(22); M_EXPECT_IRQ(IRQ_STI); CLR_STI
#else   /* QEMU 7.2 without AIA takes the lowest-numbered interrupt first */
        M_EXPECT_IRQ(IRQ_SSI); CLR_SSI
  CASE(18); M_EXPECT_IRQ(IRQ_MSI); CLR_MSI
  CASE(19); M_EXPECT_IRQ(IRQ_STI); CLR_STI
  CASE(20); M_EXPECT_IRQ(IRQ_MTI); CLR_MTI
  CASE(21); M_EXPECT_IRQ(IRQ_SEI); CLR_SEI
  CASE(22); M_EXPECT_IRQ(IRQ_MEI); CLR_MEI
#endif
        M_NO_IRQ
  # ---- priorities among delegated interrupts, taken in S
  CASE(23)
        li t0, MIP_SALL; csrw mideleg, t0; csrw mie, t0; csrs mip, t0
        li t0, MSTATUS_SPIE; csrc mstatus, t0
#ifndef QEMU72_QUIRKS
        RUN_IN(PRV_U, 1: NOPS8); CHECK_STRAP(INTR | IRQ_SEI, 1b); CLR_SEI
        RUN_IN(PRV_U, 1: NOPS8); CHECK_STRAP(INTR | IRQ_SSI, 1b); CLR_SSI
        RUN_IN(PRV_U, 1: NOPS8); CHECK_STRAP(INTR | IRQ_STI, 1b); CLR_STI
#else
        RUN_IN(PRV_U, 1: NOPS8); CHECK_STRAP(INTR | IRQ_SSI, 1b); CLR_SSI
        RUN_IN(PRV_U, 1: NOPS8); CHECK_STRAP(INTR | IRQ_STI, 1b); CLR_STI
        RUN_IN(PRV_U, 1: NOPS8); CHECK_STRAP(INTR | IRQ_SEI, 1b); CLR_SEI
#endif
  # ---- an M-level interrupt beats a delegated one in S
  CASE(24)
        li t0, MIP_STIP; csrs mip, t0
        li t0, MIP_SALL | MIP_MTIP; csrw mie, t0
        MTIP_SET
        RUN_IN(PRV_S, csrsi sstatus, MSTATUS_SIE; 1: NOPS8)
        CHECK(s9, -1); CHECK(s2, INTR | IRQ_MTI)  # M-level first, even with SIE set
        CHECK_FIELD(s5, 11, 3, 1)
        MTIP_CLR
        li t0, MIP_STIP; csrc mip, t0
        csrwi mie, 0; csrwi mideleg, 0

  # --------------------------------------------------- enable rules
  CASE(25)                                        # M interrupt in S with MIE = 0: taken
        li t0, MSTATUS_MPIE; csrc mstatus, t0
        MSIP_SET; li t0, MIP_MSIP; csrw mie, t0
        RUN_IN(PRV_S, 1: NOPS8)
        CHECK_MTRAP(INTR | IRQ_MSI, 97b)
        CHECK_FIELD(s5, 11, 3, 1); CHECK_FIELD(s5, 7, 1, 0)
  CASE(26)                                        # ... and in U
        RUN_IN(PRV_U, 1: NOPS8)
        CHECK_MTRAP(INTR | IRQ_MSI, 97b)
        CHECK_FIELD(s5, 11, 3, 0)
        MSIP_CLR; csrwi mie, 0
  CASE(27)                                        # non-delegated S interrupt in S, SIE = 0: to M
        li t0, MIP_SSIP; csrs mip, t0; csrw mie, t0
        li t0, MSTATUS_SIE; csrc mstatus, t0
        RUN_IN(PRV_S, 1: NOPS8)
        CHECK_MTRAP(INTR | IRQ_SSI, 97b); CHECK(s9, -1)
  CASE(28)                                        # delegated, in S with SIE = 0: pending only
        li t0, MIP_SSIP; csrw mideleg, t0
        RUN_IN(PRV_S, NOPS8)
        CHECK_MTRAP(9, 96b); CHECK(s9, -1)
  CASE(29)                                        # delegated, in M with MIE = SIE = 1: not taken
        csrsi mstatus, MSTATUS_SIE
        M_NO_IRQ
        csrci mstatus, MSTATUS_SIE
        MIP_BIT(IRQ_SSI); CHECK(a0, 1)            # still pending
  CASE(30)                                        # delegated, sie.SSIE = 0: not taken in U
        csrwi mie, 0
        RUN_IN(PRV_U, NOPS8)
        CHECK_MTRAP(8, 96b); CHECK(s9, -1)
  # ---- sip / sie show only delegated bits
  CASE(31)
        li t0, MIP_SSIP; csrw mie, t0             # SSIP pending + enabled, delegated
        RUN_IN(PRV_S, csrr a1, sip; csrr a2, sie)
        CHECK(a1, MIP_SSIP); CHECK(a2, MIP_SSIP)
        csrwi mideleg, 0
        li t0, MIP_SSIP; csrc mip, t0             # not delegated: STIP pending (not
        li t0, MIP_STIP; csrs mip, t0             # enabled) and SSIE enabled are invisible
        RUN_IN(PRV_S, csrr a1, sip; csrr a2, sie; li a3, 0x222; csrs sie, a3)
        CHECK_MTRAP(9, 96b)
        CHECK(a1, 0); CHECK(a2, 0)
        csrr a0, mie; CHECK(a0, MIP_SSIP)         # sie write did not reach mie
        li t0, MIP_STIP; csrc mip, t0
        csrwi mie, 0

  # -------------------------------------------------------- vectored
  CASE(32)
        la t0, mvec; ori t0, t0, 1; csrw mtvec, t0
        csrr a0, mtvec; andi a0, a0, 3; CHECK(a0, 1)
        li s6, -1
        MTIP_SET; li t0, MIP_MTIP; csrw mie, t0
        M_EXPECT_IRQ(IRQ_MTI)
        CHECK(s6, IRQ_MTI)                        # went through base + 4 * 7
        MTIP_CLR; csrwi mie, 0
        li s6, -1
        RUN_IN(PRV_U, nop)                        # exceptions use base
        CHECK(s2, 8); CHECK(s6, 0)
        MSIP_SET; li t0, MIP_MSIP; csrw mie, t0; li s6, -1
        RUN_IN(PRV_U, 1: NOPS8)
        CHECK_MTRAP(INTR | IRQ_MSI, 97b); CHECK(s6, IRQ_MSI)
        MSIP_CLR; csrwi mie, 0
        la t0, hs_m_rec; csrw mtvec, t0
  CASE(33)
        la t0, svec; ori t0, t0, 1; csrw stvec, t0
        li t0, MIP_SALL; csrw mideleg, t0
        li t0, MIP_SSIP; csrw mie, t0; csrs mip, t0
        li s1, -1
        RUN_IN(PRV_U, 1: NOPS8)
        CHECK_STRAP(INTR | IRQ_SSI, 1b); CHECK(s1, IRQ_SSI)
        li t0, MIP_SSIP; csrc mip, t0
        li t0, MIP_STIP; csrw mie, t0; csrs mip, t0
        RUN_IN(PRV_U, 1: NOPS8)
        CHECK_STRAP(INTR | IRQ_STI, 1b); CHECK(s1, IRQ_STI)
        li t0, MIP_STIP; csrc mip, t0
        csrwi mie, 0; csrwi mideleg, 0
        la t0, hs_s_rec; csrw stvec, t0

  # ------------------------------------------------------------- WFI
  CASE(34)                                        # M, MIE = 0: wakes, continues, no trap
        MSIP_SET; li t0, MIP_MSIP; csrw mie, t0
        li s8, 0
        wfi
        MIP_BIT(IRQ_MSI); CHECK(a0, 1)
        MSIP_CLR
  CASE(35)                                        # wakes when the timer fires later
        li t0, CLINT_MTIME; ld a1, 0(t0); addi a1, a1, 1000
        li t0, CLINT_MTIMECMP; sd a1, 0(t0)
        li t0, MIP_MTIP; csrw mie, t0
        li a2, 0
1:      wfi
        addi a2, a2, 1
        MIP_BIT(IRQ_MTI); beqz a0, 1b
        li t0, CLINT_MTIME; ld a3, 0(t0); sltu a0, a3, a1; CHECK(a0, 0)   # mtime reached mtimecmp
        MTIP_CLR; csrwi mie, 0
  CASE(36)                                        # S, TW = 0, delegated SSI with SIE = 0
        li t0, MIP_SSIP; csrw mideleg, t0; csrw mie, t0; csrs mip, t0
        li t0, MSTATUS_SIE | MSTATUS_TW; csrc mstatus, t0
        RUN_IN(PRV_S, wfi)
        CHECK_MTRAP(9, 96b)
  CASE(37)                                        # S, TW = 1: illegal even with a pending irq
        li t0, MSTATUS_TW; csrs mstatus, t0
        RUN_IN(PRV_S, 1: wfi)
        li t0, MSTATUS_TW; csrc mstatus, t0
        CHECK_MTRAP(2, 1b)
  CASE(38)                                        # wfi then the interrupt is taken in S
        RUN_IN(PRV_S, wfi; csrsi sstatus, MSTATUS_SIE; 1: NOPS8)
        CHECK_STRAP(INTR | IRQ_SSI, 1b)
        li t0, MIP_SSIP; csrc mip, t0
        csrwi mie, 0; csrwi mideleg, 0
        j pass

/* Vector tables: slot i records i in s6 (M) / s1 (S) and enters the handler. */
        .balign 256
mvec:
        .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        j mslot\i
        .endr
        .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
mslot\i: li s6, \i; j hs_m_rec
        .endr
        .balign 256
svec:
        .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
        j sslot\i
        .endr
        .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
sslot\i: li s1, \i; j hs_s_rec
        .endr
PRIV_END
