# Virtual-instruction exceptions (priv spec 20211203, 8.6.1, cause 22) versus
# illegal instruction (2), one situation per case: hypervisor instructions
# (HLV, HLVX, HSV, HFENCE) in VS/VU (virtual) and in U (illegal unless HU allows
# HLV/HLVX/HSV, 8.3.1); counters disabled by hcounteren but enabled by mcounteren
# (virtual) or disabled by mcounteren (illegal); VU and scounteren; WFI under
# TW/VTW in VS and VU; SRET under VTSR in VS and in VU; SFENCE.VMA and satp under
# VTVM; TSR/TVM not affecting VS (8.4.1); MRET and unknown encodings stay illegal
# in V mode; virtual instruction traps delegated to HS (hedeleg[22] is zero).
# mtval/stval hold the instruction encoding, as for illegal instruction.
#include "hyp_test.h"

/* QEMU 7.2 raises illegal instruction for HFENCE in VU-mode (8.3.2: virtual) */
#ifdef QEMU72_QUIRKS
#define VU_HFENCE_CAUSE CAUSE_ILLEGAL
#else
#define VU_HFENCE_CAUSE CAUSE_VIRTUAL
#endif

/* QEMU 7.2 raises virtual instruction for WFI in VU-mode even when mstatus.TW = 1
 * (8.6.1: virtual only when TW = 0; TW = 1 makes it illegal in every mode below M) */
#ifdef QEMU72_QUIRKS
#define VU_WFI_TW_CAUSE CAUSE_VIRTUAL
#else
#define VU_WFI_TW_CAUSE CAUSE_ILLEGAL
#endif

/* QEMU 7.2 raises illegal instruction for SRET and SFENCE.VMA in VU-mode (8.6.1: virtual) */
#ifdef QEMU72_QUIRKS
#define VU_SINSN_CAUSE CAUSE_ILLEGAL
#else
#define VU_SINSN_CAUSE CAUSE_VIRTUAL
#endif

#define TEST_VIRT(n, mode, ...) TEST_EXC(n, mode, CAUSE_VIRTUAL, __VA_ARGS__)
#define TEST_ILL(n, mode, ...)  TEST_EXC(n, mode, CAUSE_ILLEGAL, __VA_ARGS__)

/* Set / clear bits of hstatus or mstatus around one case */
#define HSET(bits)  li t0, bits; csrs hstatus, t0
#define HCLR(bits)  li t0, bits; csrc hstatus, t0
#define MSET(bits)  li t0, bits; csrs mstatus, t0
#define MCLR(bits)  li t0, bits; csrc mstatus, t0

HYP_BEGIN
        .option norvc
        la a5, vdata                             # address for HLV/HSV (identity, V=1 Bare)

  # ------------------------------------ hypervisor instructions in VS/VU
  TEST_VIRT(1, PRV_VS, hlv.w a0, (a5))
        CHECK_BIT(s5, 39, 1); CHECK_FIELD(s5, 11, 3, 1)
  TEST_VIRT(2, PRV_VS, hlv.d a0, (a5))
  TEST_VIRT(3, PRV_VS, hlv.bu a0, (a5))
  TEST_VIRT(4, PRV_VS, hlvx.hu a0, (a5))
  TEST_VIRT(5, PRV_VS, hlvx.wu a0, (a5))
  TEST_VIRT(6, PRV_VS, hsv.w a0, (a5))
  TEST_VIRT(7, PRV_VS, hsv.d a0, (a5))
  TEST_VIRT(8, PRV_VS, hfence.vvma)
  TEST_VIRT(9, PRV_VS, hfence.gvma)
  TEST_VIRT(10, PRV_VS, hfence.vvma a0, a1)
  TEST_VIRT(11, PRV_VS, hfence.gvma a0, zero)
  TEST_VIRT(12, PRV_VU, hlv.w a0, (a5))
        CHECK_BIT(s5, 39, 1); CHECK_FIELD(s5, 11, 3, 0)
  CASE(13)                                        # HU affects U-mode only, not VU
        HSET(HSTATUS_HU)
        RUN_IN(PRV_VU, 1: hlv.w a0, (a5))
        HCLR(HSTATUS_HU)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  TEST_VIRT(14, PRV_VU, hsv.b a0, (a5))
  TEST_VIRT(15, PRV_VU, hlvx.hu a0, (a5))
  TEST_EXC(16, PRV_VU, VU_HFENCE_CAUSE, hfence.vvma)
  TEST_EXC(17, PRV_VU, VU_HFENCE_CAUSE, hfence.gvma)

  # ------------------------------------------- hypervisor instructions in U
  TEST_ILL(18, PRV_U, hlv.w a0, (a5))             # HU = 0
  TEST_ILL(19, PRV_U, hsv.w a0, (a5))
  TEST_ILL(20, PRV_U, hlvx.wu a0, (a5))
  TEST_ILL(21, PRV_U, hfence.vvma)
  TEST_ILL(22, PRV_U, hfence.gvma)
  CASE(23)                                        # HU = 1: HLV/HSV/HLVX allowed in U
        HSET(HSTATUS_HU); HCLR(HSTATUS_SPVP)
        li a2, 0x5a5a
        RUN_IN(PRV_U, hlv.w a0, (a5); addi a6, a5, 8; hsv.h a2, (a6); hlvx.wu a1, (a5))
        HCLR(HSTATUS_HU)
        CHECK_MTRAP(CAUSE_ECALL_U, 96b)
        CHECK(a0, 0x13579bdf); CHECK(a1, 0x13579bdf)
        la t0, vdata; lhu a0, 8(t0); CHECK(a0, 0x5a5a)
  CASE(24)                                        # ... but not HFENCE
        HSET(HSTATUS_HU)
        RUN_IN(PRV_U, 1: hfence.vvma)
        HCLR(HSTATUS_HU)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
  CASE(25)
        HSET(HSTATUS_HU)
        RUN_IN(PRV_U, 1: hfence.gvma)
        HCLR(HSTATUS_HU)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)

  # ------------------------------------------- hypervisor instructions in HS/M
  TEST_NOEXC(26, PRV_S, hlv.w a0, (a5); hlv.d a1, (a5); addi a6, a5, 16; hsv.b a0, (a6); hfence.vvma; hfence.gvma)
        CHECK(a0, 0x13579bdf)
  TEST_NOEXC(27, PRV_M, hlv.wu a0, (a5); hlvx.hu a1, (a5); hfence.vvma a5, zero; hfence.gvma zero, a5)
        CHECK(a0, 0x13579bdf); CHECK(a1, 0x9bdf)
  CASE(28)                                        # TVM: HFENCE.GVMA illegal in HS ...
        MSET(MSTATUS_TVM)
        RUN_IN(PRV_S, 1: hfence.gvma)
        MCLR(MSTATUS_TVM)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
  CASE(29)                                        # ... HFENCE.VVMA is not affected
        MSET(MSTATUS_TVM)
        RUN_IN(PRV_S, hfence.vvma; hfence.vvma a5, a1)
        MCLR(MSTATUS_TVM)
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
  CASE(30)                                        # ... nor M-mode
        MSET(MSTATUS_TVM)
        RUN_IN(PRV_M, hfence.gvma)
        MCLR(MSTATUS_TVM)
        CHECK_MTRAP(CAUSE_ECALL_M, 96b)
  CASE(31)                                        # HFENCE.GVMA in VS with TVM = 1: virtual
        MSET(MSTATUS_TVM)
        RUN_IN(PRV_VS, 1: hfence.gvma)
        MCLR(MSTATUS_TVM)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)

  # ---------------------------------------------------------- counters
  CASE(32)                                        # mcounteren.CY = 1, hcounteren.CY = 0: virtual
        csrwi mcounteren, 1; csrwi hcounteren, 0
        RUN_IN(PRV_VS, 1: rdcycle a0)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  CASE(33)
        csrwi mcounteren, 2
        RUN_IN(PRV_VS, 1: rdtime a0)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  CASE(34)
        csrwi mcounteren, 4
        RUN_IN(PRV_VU, 1: rdinstret a0)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  CASE(35)                                        # mcounteren = 0: illegal even if hcounteren = 1
        csrwi mcounteren, 0; csrwi hcounteren, 7
        RUN_IN(PRV_VS, 1: rdcycle a0)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
  CASE(36)
        csrwi mcounteren, 0; csrwi hcounteren, 7; csrwi scounteren, 7
        RUN_IN(PRV_VU, 1: rdtime a0)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
  CASE(37)                                        # both set: VS may read
        csrwi mcounteren, 7; csrwi hcounteren, 7; csrwi scounteren, 0
        RUN_IN(PRV_VS, rdcycle a0; rdtime a1; rdinstret a2)
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
  CASE(38)                                        # VU needs scounteren as well
        csrwi mcounteren, 7; csrwi hcounteren, 7; csrwi scounteren, 7
        RUN_IN(PRV_VU, rdcycle a0; rdtime a1; rdinstret a2)
        CHECK_MTRAP(CAUSE_ECALL_U, 96b)
  CASE(39)                                        # VU with scounteren.CY = 0, h/mcounteren = 1
        csrwi mcounteren, 7; csrwi hcounteren, 7; csrwi scounteren, 6
        RUN_IN(PRV_VU, 1: rdcycle a0)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  CASE(40)                                        # hpmcounter3 (HyperStep: mcounteren[3] read-only 0)
        li t0, -1; csrw mcounteren, t0; csrw hcounteren, t0; csrw scounteren, t0
        csrr a1, mcounteren
        RUN_IN(PRV_VS, 1: csrr a0, hpmcounter3)
        CHECK_BIT(a1, 0, 1)
        IMPL_CHECK(CHECK_BIT(a1, 3, 0))           # HyperStep: no hpmcounters (QEMU 7.2: pmu-num 16)
        IMPL_CHECK(CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b))
        csrwi mcounteren, 0; csrwi hcounteren, 0; csrwi scounteren, 0
  CASE(41)                                        # HS reads with scounteren = 0 (not affected by h)
        csrwi mcounteren, 7; csrwi hcounteren, 0; csrwi scounteren, 0
        RUN_IN(PRV_S, rdcycle a0)
        csrwi mcounteren, 0
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)

  # --------------------------------------------------------------- WFI
  CASE(42)                                        # VS, VTW = 1, TW = 0: virtual
        HSET(HSTATUS_VTW)
        RUN_IN(PRV_VS, 1: wfi)
        HCLR(HSTATUS_VTW)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  CASE(43)                                        # VS, TW = 1: illegal (whatever VTW)
        MSET(MSTATUS_TW); HSET(HSTATUS_VTW)
        RUN_IN(PRV_VS, 1: wfi)
        MCLR(MSTATUS_TW); HCLR(HSTATUS_VTW)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
  CASE(44)
        MSET(MSTATUS_TW)
        RUN_IN(PRV_VS, 1: wfi)
        MCLR(MSTATUS_TW)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
  TEST_VIRT(45, PRV_VU, wfi)                      # VU, TW = 0: virtual
  CASE(46)                                        # VU, TW = 1: illegal
        MSET(MSTATUS_TW)
        RUN_IN(PRV_VU, 1: wfi)
        MCLR(MSTATUS_TW)
        CHECK_MTRAP_INSN(VU_WFI_TW_CAUSE, 1b)
  CASE(47)                                        # VS, VTW = 0: WFI completes (a VS interrupt is
        li t0, MIP_VSSIP; csrw hideleg, t0        # pending and enabled in hie but vsstatus.SIE = 0,
        csrw hvip, t0; csrw hie, t0               # so WFI returns without trapping)
        csrwi vsstatus, 0
        RUN_IN(PRV_VS, wfi; li a1, 7)
        csrwi hvip, 0; csrwi hie, 0; csrwi hideleg, 0
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 7)

  # -------------------------------------------------------------- SRET
  CASE(48)                                        # VS, VTSR = 1: virtual
        HSET(HSTATUS_VTSR)
        RUN_IN(PRV_VS, 1: sret)
        HCLR(HSTATUS_VTSR)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  TEST_EXC(49, PRV_VU, VU_SINSN_CAUSE, sret)       # VU: virtual
  CASE(50)                                        # VU with TSR = 1: still virtual
        MSET(MSTATUS_TSR)
        RUN_IN(PRV_VU, 1: sret)
        MCLR(MSTATUS_TSR)
        CHECK_MTRAP_INSN(VU_SINSN_CAUSE, 1b)
  CASE(51)                                        # VS, TSR = 1 (HS only), VTSR = 0: SRET works
        MSET(MSTATUS_TSR)
        li t0, MSTATUS_SPP; csrw vsstatus, t0     # SPP = S: stay in VS
        la t0, 2f; csrw vsepc, t0
        RUN_IN(PRV_VS, 1: sret; j fail; 2: li a1, 9)
        MCLR(MSTATUS_TSR)
#ifdef QEMU72_QUIRKS
        CHECK_MTRAP(CAUSE_ILLEGAL, 1b)            /* QEMU 7.2 applies TSR to VS-mode */
#else
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 9)
#endif
  CASE(52)                                        # VS SRET with vsstatus.SPP = 0 enters VU
        csrwi vsstatus, 0
        la t0, 2f; csrw vsepc, t0
        RUN_IN(PRV_VS, sret; j fail; 2: li a1, 8)
        CHECK_MTRAP(CAUSE_ECALL_U, 96b); CHECK(a1, 8)
        CHECK_BIT(s5, 39, 1)                      # still V = 1
  CASE(53)                                        # HS with TSR = 1: illegal
        MSET(MSTATUS_TSR)
        RUN_IN(PRV_S, 1: sret)
        MCLR(MSTATUS_TSR)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
  CASE(54)                                        # VTSR does not affect HS
        HSET(HSTATUS_VTSR); HCLR(HSTATUS_SPV)
        li t0, MSTATUS_SPP; csrs mstatus, t0
        la t0, 2f; csrw sepc, t0
        RUN_IN(PRV_S, sret; j fail; 2: li a1, 5)
        HCLR(HSTATUS_VTSR)
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b); CHECK(a1, 5)

  # ---------------------------------------------- SFENCE.VMA / satp (VTVM)
  CASE(55)
        HSET(HSTATUS_VTVM)
        RUN_IN(PRV_VS, 1: sfence.vma)
        HCLR(HSTATUS_VTVM)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  CASE(56)
        HSET(HSTATUS_VTVM)
        RUN_IN(PRV_VS, 1: sfence.vma a5, zero)
        HCLR(HSTATUS_VTVM)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  CASE(57)
        HSET(HSTATUS_VTVM)
        RUN_IN(PRV_VS, 1: csrr a0, satp)
        HCLR(HSTATUS_VTVM)
#ifdef QEMU72_QUIRKS
        CHECK(s2, CAUSE_ECALL_VS)                 /* QEMU 7.2 ignores VTVM for satp */
#else
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
#endif
  CASE(58)
        HSET(HSTATUS_VTVM)
        RUN_IN(PRV_VS, 1: csrw satp, zero)
        HCLR(HSTATUS_VTVM)
#ifdef QEMU72_QUIRKS
        CHECK(s2, CAUSE_ECALL_VS)                 /* QEMU 7.2 ignores VTVM for satp */
#else
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
#endif
  CASE(59)                                        # TVM (HS only) does not affect VS
        MSET(MSTATUS_TVM)
        RUN_IN(PRV_VS, 1: sfence.vma; csrr a0, satp; csrw satp, zero)
        MCLR(MSTATUS_TVM)
#ifdef QEMU72_QUIRKS
        CHECK_MTRAP(CAUSE_ILLEGAL, 1b)            /* QEMU 7.2 applies TVM to VS SFENCE.VMA */
#else
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
#endif
  CASE(60)                                        # VTVM does not affect HS
        HSET(HSTATUS_VTVM)
        RUN_IN(PRV_S, sfence.vma; csrr a0, satp)
        HCLR(HSTATUS_VTVM)
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
  CASE(61)                                        # VTVM does not affect HFENCE.VVMA in HS
        HSET(HSTATUS_VTVM)
        RUN_IN(PRV_S, hfence.vvma)
        HCLR(HSTATUS_VTVM)
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
  TEST_EXC(62, PRV_VU, VU_SINSN_CAUSE, sfence.vma)   # VU: virtual
  TEST_EXC(63, PRV_VU, VU_SINSN_CAUSE, sfence.vma a5, a1)
  CASE(64)                                        # VTVM does not change VU's cause
        HSET(HSTATUS_VTVM)
        RUN_IN(PRV_VU, 1: sfence.vma)
        HCLR(HSTATUS_VTVM)
        CHECK_MTRAP_INSN(VU_SINSN_CAUSE, 1b)

  # ------------------------------------------------- still illegal in V mode
  TEST_ILL(65, PRV_VS, mret)
  TEST_ILL(66, PRV_VU, mret)
  TEST_ILL(67, PRV_VS, .word 0x0000006b)          # reserved major opcode
  TEST_ILL(68, PRV_VU, .word 0x0000006b)
  TEST_ILL(69, PRV_VS, csrw mhartid, zero)
  TEST_ILL(70, PRV_VS, csrr a0, mcounteren)
  TEST_NOEXC(71, PRV_VS, csrr a0, scounteren; csrw scounteren, a0)   # no VS copy: plain access

  # ------------------------------------------- delegated virtual instructions
  CASE(72)                                        # medeleg[22]: to HS with the encoding in stval
        li t0, (1 << 22); csrw medeleg, t0
        li t0, -1; csrw hedeleg, t0               # hedeleg[22] is read-only zero
        HCLR(HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_GVA)
        RUN_IN(PRV_VS, 1: hfence.vvma)
        csrwi medeleg, 0; csrwi hedeleg, 0
        CHECK_HSTRAP(CAUSE_VIRTUAL, 1b)
        CHECK_INSN_TVAL(s10, 1b)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 7, 1)                       # SPV
        CHECK_BIT(a1, 8, 1)                       # SPVP = VS
        CHECK_BIT(a1, 6, 0)                       # GVA: stval is no address
        CHECK_BIT(s7, 8, 1)                       # sstatus.SPP = S
        CHECK_REC(REC_HTVAL, 0)
        CHECK_REC(REC_VSCAUSE, -1)                # VS handler not involved
  CASE(73)                                        # from VU: SPVP = 0, SPP = 0
        li t0, (1 << 22); csrw medeleg, t0
        HSET(HSTATUS_SPVP)
        RUN_IN(PRV_VU, 1: wfi)
        csrwi medeleg, 0
        CHECK_HSTRAP(CAUSE_VIRTUAL, 1b)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 7, 1); CHECK_BIT(a1, 8, 0)
        CHECK_BIT(s7, 8, 0)
  CASE(74)                                        # illegal instruction delegated to VS (both levels)
        li t0, (1 << 2); csrw medeleg, t0; csrw hedeleg, t0
        RUN_IN(PRV_VS, 1: mret)
        csrwi medeleg, 0; csrwi hedeleg, 0
        CHECK_VSTRAP(VSCAUSE_ILLEGAL, 1b)
        lwu t6, 1b; CHECK_RECR(REC_VSTVAL, t6)
        CHECK(s9, -1)                             # HS handler not involved
        j pass

HYP_END

        .data
        .balign 64
vdata:  .word 0x13579bdf, 0
        .dword 0, 0
