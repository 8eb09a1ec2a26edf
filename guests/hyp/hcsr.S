# Hypervisor CSRs (priv spec 20211203, 8.2 and 8.4): WARL behaviour of hstatus,
# hedeleg, hideleg, hvip, hip, hie, hgeie, hgeip, hcounteren, htval, htinst,
# hgatp, henvcfg, htimedelta, the VS CSRs (vsstatus, vsie, vsip, vstvec,
# vsscratch, vsepc, vscause, vstval, vsatp, vstimecmp), mtval2, mtinst,
# mstatus.MPV/GVA, mideleg's read-only-one VS bits and mip/mie aliases; access
# rules per mode: HS and M reach everything, U gets illegal instruction, VS and VU
# get virtual instruction (22) for hypervisor and VS CSR numbers (8.6.1), VU also
# for supervisor CSRs, M CSRs stay illegal (2) from V=1, and in VS the supervisor
# CSR numbers reach the vs* registers (8.2: "the VS CSRs substitute").
#include "hyp_test.h"

/* QEMU 7.2 raises illegal instruction (2) instead of virtual instruction (22)
 * when VU-mode touches a supervisor CSR (8.6.1, third bullet). */
#ifdef QEMU72_QUIRKS
#define VU_SCSR_CAUSE CAUSE_ILLEGAL
#else
#define VU_SCSR_CAUSE CAUSE_VIRTUAL
#endif

#define TEST_U_ILL(n, csr)   TEST_EXC(n, PRV_U, CAUSE_ILLEGAL, csrr a0, csr)
#define TEST_VS_VIRT(n, csr) TEST_EXC(n, PRV_VS, CAUSE_VIRTUAL, csrr a0, csr)
#define TEST_VU_VIRT(n, csr) TEST_EXC(n, PRV_VU, CAUSE_VIRTUAL, csrr a0, csr)
#define TEST_VU_S(n, csr)    TEST_EXC(n, PRV_VU, VU_SCSR_CAUSE, csrr a0, csr)
#define TEST_VS_ILL(n, csr)  TEST_EXC(n, PRV_VS, CAUSE_ILLEGAL, csrr a0, csr)

/* every bit that hstatus may hold apart from VGEIN (WLRL) */
#define HSTATUS_RW (HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU | \
                    HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR)

HYP_BEGIN
        .option norvc
  # ------------------------------------------------------------- misa
  CASE(1)
        csrr a1, misa
        CHECK_BIT(a1, 7, 1)                       # H
        CHECK_BIT(a1, 18, 1)                      # S
        CHECK_BIT(a1, 20, 1)                      # U

  # ---------------------------------------------------------- hstatus
  CASE(2)                                         # every defined field but VGEIN
        li t0, ~HSTATUS_VGEIN; csrw hstatus, t0; csrr a1, hstatus
        CHECK_MASK(a1, HSTATUS_RW, HSTATUS_RW)
        CHECK_FIELD(a1, 32, 3, 2)                 # VSXL: 64-bit only (read-only 2)
        CHECK_FIELD(a1, 12, 0x3f, 0)              # VGEIN written 0
        SPEC_CHECK(CHECK_MASK(a1, ~(HSTATUS_RW | HSTATUS_VSXL | HSTATUS_VSBE), 0))  # WPRI bits are zero
  CASE(3)
        csrwi hstatus, 0; csrr a1, hstatus
        li t0, ~HSTATUS_VSBE; and a1, a1, t0
        CHECK(a1, HSTATUS_VSXL64)                 # VSXL cannot be written away from 2
  CASE(4)                                         # VGEIN with GEILEN = 0: only 0 (HyperStep)
        li t0, HSTATUS_VSXL64 | (1 << 12); csrw hstatus, t0; csrr a1, hstatus
        IMPL_CHECK(CHECK_FIELD(a1, 12, 0x3f, 0))
        li t0, HSTATUS_VSXL64; csrw hstatus, t0; csrr a1, hstatus
        CHECK_FIELD(a1, 12, 0x3f, 0)

  # --------------------------------------------------- hedeleg/hideleg
  CASE(5)                                         # table 8.2
        li t0, -1; csrw hedeleg, t0; csrr a1, hedeleg; csrwi hedeleg, 0
        CHECK_MASK(a1, 0xb1fe, 0xb1fe)            # 1-8, 12, 13, 15 writable
        CHECK_MASK(a1, 0xf00e00, 0)               # 9, 10, 11, 20-23 read-only zero
        csrr a0, hedeleg; CHECK(a0, 0)
  CASE(6)                                         # only bits 10, 6, 2 among 15:0
        li t0, -1; csrw hideleg, t0; csrr a1, hideleg; csrwi hideleg, 0
        CHECK_MASK(a1, 0xffff, 0x444)
        csrr a0, hideleg; CHECK(a0, 0)
  CASE(7)                                         # mideleg: VS bits read-only one
        csrwi mideleg, 0; csrr a1, mideleg
        CHECK_MASK(a1, 0x444, 0x444)
        IMPL_CHECK(CHECK_BIT(a1, 12, 0))          # SGEI only with GEILEN > 0

  # ------------------------------------------------- hvip / hip / hie
  CASE(8)
        li t0, -1; csrw hvip, t0; csrr a1, hvip
        CHECK_MASK(a1, 0xffff, 0x444)
        csrr a2, hip; csrr a3, mip; csrwi hvip, 0
        CHECK_MASK(a2, 0x444, 0x444)              # hip.VS* reflect hvip
        CHECK_MASK(a3, 0x444, 0x444)              # and so do mip's aliases
        csrr a0, hip; andi a0, a0, 0x444; CHECK(a0, 0)
  CASE(9)                                         # hip: VSSIP writable, rest read-only
        li t0, -1; csrw hip, t0; csrr a1, hip; csrr a2, hvip
        CHECK_MASK(a1, 0xffff, 0x004)             # no VSTIP/VSEIP/SGEIP, no S bits
        CHECK_MASK(a2, 0x444, 0x004)              # ... and VSSIP is hvip's bit
        csrwi hip, 0; csrr a0, hvip; CHECK(a0, 0)
  CASE(10)                                        # mip.VSSIP is the same bit
        li t0, MIP_VSSIP; csrs mip, t0; csrr a1, hvip; csrc mip, t0
        CHECK(a1, MIP_VSSIP)
        csrr a0, hip; andi a0, a0, MIP_VSSIP; CHECK(a0, 0)
  CASE(11)                                        # hie: VS enables; SGEIE only with GEILEN > 0
        li t0, -1; csrw hie, t0; csrr a1, hie; csrr a2, mie; csrr a3, sie
        csrwi hie, 0
        CHECK_MASK(a1, 0xefff, 0x444)
        IMPL_CHECK(CHECK_BIT(a1, 12, 0))
        CHECK_MASK(a2, 0x444, 0x444)              # mie aliases
        CHECK_MASK(a3, 0x444, 0)                  # sie and hie bits are disjoint
        csrr a0, mie; andi a0, a0, 0x444; CHECK(a0, 0)
  CASE(12)                                        # sip shows no VS bits
        li t0, 0x444; csrw hvip, t0; csrr a1, sip; csrwi hvip, 0
        CHECK_MASK(a1, 0x444, 0)

  # ------------------------------------------------------ hgeie/hgeip
  CASE(13)
        li t0, -1; csrw hgeie, t0; csrr a1, hgeie; csrr a2, hgeip; csrwi hgeie, 0
        CHECK_BIT(a1, 0, 0)                       # bit 0 is always zero
        CHECK_BIT(a2, 0, 0)
        IMPL_CHECK(CHECK(a1, 0); CHECK(a2, 0))    # GEILEN = 0
  TEST_EXC(14, PRV_M, CAUSE_ILLEGAL, csrw hgeip, zero)   # read-only CSR number (0xE12)

  # ------------------------------------------------------- hcounteren
  CASE(15)
        li t0, -1; csrw hcounteren, t0; csrr a1, hcounteren; csrwi hcounteren, 0
        CHECK_MASK(a1, 7, 7)                      # CY, TM, IR
        IMPL_CHECK(CHECK(a1, 7))                  # no hpmcounters
        csrr a0, hcounteren; CHECK(a0, 0)

  # -------------------------------------------- htval/htinst/mtval2/mtinst
  CASE(16)
        csrwi htval, 0; csrr a0, htval; CHECK(a0, 0)          # must hold zero
        csrwi mtval2, 0; csrr a0, mtval2; CHECK(a0, 0)
        li t0, 0x3000; csrw htinst, t0; csrr a0, htinst   # HyperStep writes pseudo-instructions,
        IMPL_CHECK(CHECK(a0, 0x3000))                     # so the registers hold them
        li t0, 0x3020; csrw mtinst, t0; csrr a0, mtinst   # (QEMU 7.2 only ever writes 0:
        IMPL_CHECK(CHECK(a0, 0x3020))                     # it may ignore these writes)
        csrwi htinst, 0; csrwi mtinst, 0; csrr a0, mtinst; CHECK(a0, 0)
  CASE(17)                                        # guest physical addresses >> 2
        li t0, 0x20000400; csrw htval, t0; csrr a0, htval
        IMPL_CHECK(CHECK(a0, 0x20000400))
        li t0, 0x20000400; csrw mtval2, t0; csrr a1, mtval2
        CHECK(a1, 0x20000400)
        csrwi htval, 0; csrwi mtval2, 0

  # ------------------------------------------------------------ hgatp
  CASE(18)                                        # Sv39x4 with every VMID bit, PPN[1:0] set
        la t0, gpt; srli t0, t0, 12; ori t0, t0, 3
        li t1, HGATP_SV39X4 | (0x3fff << 44) | (3 << 58); or t0, t0, t1
        csrw hgatp, t0; csrr a1, hgatp
        srli a0, a1, 60; CHECK(a0, 8)
        IMPL_CHECK(srli a2, a1, 44; CHECK_MASK(a2, 0x3fff, 0x3fff))   # VMIDLEN = 14
        la t0, gpt; srli t0, t0, 12
        li t5, 0xfffffffffff; and a0, a1, t5
        SPEC_CHECK(CHECKR(a0, t0))                # PPN[1:0] read as zero (16 KiB root)
        SPEC_CHECK(CHECK_FIELD(a1, 58, 3, 0))     # bits 59:58 are zero
  CASE(19)                                        # Sv48x4
        la t0, gpt; srli t0, t0, 12; li t1, HGATP_SV48X4 | (5 << 44); or t0, t0, t1
        csrw hgatp, t0; csrr a1, hgatp
        CHECKR(a1, t0)
  CASE(20)                                        # unsupported MODE: WARL fields (8.2.10)
        li t0, (10 << 60) | 0x123; csrw hgatp, t0; csrr a1, hgatp
        srli a0, a1, 60
        SPEC_CHECK(li t1, 8; beq a0, t1, 1f; li t1, 9; beq a0, t1, 1f; CHECK(a0, 0); 1:)
        # HyperStep: MODE keeps its value (Sv48x4), VMID and PPN are written (PPN[1:0] = 0).
        IMPL_CHECK(li t0, HGATP_SV48X4 | 0x120; CHECKR(a1, t0))
        li t0, (1 << 60); csrw hgatp, t0; csrr a1, hgatp
        SPEC_CHECK(srli a0, a1, 60; CHECK_MASK(a0, 0xe, 8))   # 8 or 9 (0 only if Bare)
        csrwi hgatp, 0; csrr a0, hgatp; CHECK(a0, 0)
        hfence.gvma

  # --------------------------------------------- henvcfg / htimedelta
  CASE(21)
        li t0, ENVCFG_STCE; csrs menvcfg, t0
        li t0, ENVCFG_STCE; csrw henvcfg, t0; csrr a1, henvcfg
        CHECK_MASK(a1, ENVCFG_STCE, ENVCFG_STCE)  # Sstc: STCE writable when menvcfg.STCE
        csrwi henvcfg, 0; csrr a0, henvcfg; CHECK(a0, 0)
  CASE(22)
        li t0, 0x123456789a; csrw htimedelta, t0; csrr a0, htimedelta
        csrwi htimedelta, 0
        CHECK(a0, 0x123456789a)
  CASE(23)                                        # time in VS = time + htimedelta
        li t0, 2; csrw mcounteren, t0; csrw hcounteren, t0
        li t0, (1 << 40); csrw htimedelta, t0
        csrr a2, time
        RUN_IN(PRV_VS, csrr a1, time)
        csrwi htimedelta, 0; csrwi mcounteren, 0; csrwi hcounteren, 0
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
        sub a0, a1, a2; srli a0, a0, 40; CHECK(a0, 1)     # delta within [2^40, 2^41)
        csrr a3, time; li t0, (1 << 40); add a3, a3, t0
        sltu a0, a3, a1; CHECK(a0, 0)             # not ahead of time + delta now

  # --------------------------------------------------------- vsstatus
  CASE(24)
        li t0, -1; csrw vsstatus, t0; csrr a1, vsstatus
        li t0, 0x2 | (1 << 5) | (1 << 8) | (1 << 18) | (1 << 19) | 0x6000
        and a0, a1, t0
        CHECKR(a0, t0)                            # SIE SPIE SPP SUM MXR FS
        SPEC_CHECK(CHECK_FIELD(a1, 32, 3, 2))     # UXL = 64 (QEMU 7.2 keeps the reserved 3)
        CHECK_BIT(a1, 63, 1)                      # SD: FS is dirty
        /* only sstatus's fields exist (8.2.11); QEMU 7.2 keeps every bit written */
        SPEC_CHECK(CHECK_MASK(a1, 0x1888 | 4, 0))    # no MIE, MPIE, MPP, WPRI bit 2
        SPEC_CHECK(CHECK_MASK(a1, MSTATUS_MPV | MSTATUS_GVA | MSTATUS_MPRV | MSTATUS_TVM, 0))
  CASE(25)                                        # vsstatus is not mstatus
        csrr a2, mstatus
        li t0, MSTATUS_FS_INIT; csrw vsstatus, t0; csrr a1, vsstatus
        CHECK_MASK(a1, 0x6122, 0x2000)
        csrr a0, mstatus; CHECKR(a0, a2)
        li t0, MSTATUS_SUM; csrs sstatus, t0; csrr a0, vsstatus; csrc sstatus, t0
        CHECK_BIT(a0, 18, 0)

  # ------------------------------------------------------ vsie / vsip
  CASE(26)                                        # hideleg = 0: read-only zeros
        li t0, 0x444; csrw hie, t0; csrw hvip, t0
        csrr a1, vsie; csrr a2, vsip
        li t0, -1; csrw vsie, t0; csrw vsip, t0
        csrr a3, hie; csrr a4, hvip
        csrwi hie, 0; csrwi hvip, 0
        CHECK(a1, 0); CHECK(a2, 0)
        /* writes ignored (QEMU 7.2 lets a vsie write clear hie.VSTIE) */
        SPEC_CHECK(CHECK_MASK(a3, 0x444, 0x444); CHECK_MASK(a4, 0x444, 0x444))
  CASE(27)                                        # hideleg = 0x444: aliases shifted by one
        li t0, 0x444; csrw hideleg, t0
        li t0, 0x440; csrw hie, t0; csrw hvip, t0
        csrr a1, vsie; csrr a2, vsip
        CHECK_MASK(a1, 0x222, 0x220)
        SPEC_CHECK(CHECK_MASK(a2, 0x222, 0x220))  # QEMU 7.2's vsip shows only SSIP
        li t0, 0x022; csrw vsie, t0; csrr a3, hie
        CHECK_MASK(a3, 0x444, 0x044)              # vsie.SSIE/STIE -> hie.VSSIE/VSTIE
        li t0, 2; csrs vsip, t0; csrr a4, hvip
        CHECK_MASK(a4, 0x004, 0x004)              # vsip.SSIP -> hvip.VSSIP
        SPEC_CHECK(CHECK_MASK(a4, 0x440, 0x440))  # (QEMU 7.2 clears hvip.VSTIP here)
        li t0, 0x444; csrw hvip, t0
        li t0, 0x220; csrc vsip, t0; csrr a4, hvip
        CHECK_MASK(a4, 0x004, 0x004)              # SSIP not written
        SPEC_CHECK(CHECK_MASK(a4, 0x440, 0x440))  # STIP/SEIP are read-only in vsip
        csrwi hie, 0; csrwi hvip, 0; csrwi hideleg, 0
  CASE(28)                                        # only the delegated bits alias
        li t0, 0x004; csrw hideleg, t0
        li t0, 0x444; csrw hvip, t0; csrw hie, t0
        csrr a1, vsip; csrr a2, vsie
        csrwi hie, 0; csrwi hvip, 0; csrwi hideleg, 0
        CHECK_MASK(a1, 0x222, 0x002); CHECK_MASK(a2, 0x222, 0x002)

  # ------------------------------------- vstvec vsscratch vsepc vscause vstval
  CASE(29)
        la t0, hs_vs_rec; ori t0, t0, 1; csrw vstvec, t0; csrr a1, vstvec
        CHECKR(a1, t0)                            # vectored mode supported
        la t0, hs_vs_rec; csrw vstvec, t0; csrr a1, vstvec; CHECKR(a1, t0)
        li t0, 0xfedcba9876543210; csrw vsscratch, t0; csrr a0, vsscratch; CHECKR(a0, t0)
  CASE(30)
        li t0, -1; csrw vsepc, t0; csrr a0, vsepc
        SPEC_CHECK(CHECK(a0, -2))                 # bit 0 always zero (IALIGN = 16)
        li t0, 0x80001232; csrw vsepc, t0; csrr a0, vsepc; CHECK(a0, 0x80001232)
  CASE(31)
        li t0, INTR | 5; csrw vscause, t0; csrr a0, vscause; CHECK(a0, INTR | 5)
        li t0, 13; csrw vscause, t0; csrr a0, vscause; CHECK(a0, 13)
        li t0, 0x7654321; csrw vstval, t0; csrr a0, vstval; CHECK(a0, 0x7654321)

  # ------------------------------------------------------ vsatp/vstimecmp
  CASE(32)
        la t0, gpt; srli t0, t0, 12; li t1, SATP_SV39 | (7 << 44); or t0, t0, t1
        csrw vsatp, t0; csrr a1, vsatp
        CHECKR(a1, t0)
        csrr a0, satp; CHECK(a0, 0)               # satp untouched
  CASE(33)                                        # V=0 write with reserved MODE: fields WARL
        li t0, (5 << 60); csrw vsatp, t0; csrr a1, vsatp
        srli a0, a1, 60
        SPEC_CHECK(li t1, 8; beq a0, t1, 1f; li t1, 9; beq a0, t1, 1f; li t1, 10; beq a0, t1, 1f; CHECK(a0, 0); 1:)
        csrwi vsatp, 0; csrr a0, vsatp; CHECK(a0, 0)
  CASE(34)
        li t0, 0x123456789; csrw vstimecmp, t0; csrr a0, vstimecmp
        CHECK(a0, 0x123456789)
        li t0, -1; csrw vstimecmp, t0

  # ------------------------------------------------- mstatus.MPV / GVA
  CASE(35)
        li t0, MSTATUS_MPV | MSTATUS_GVA; csrs mstatus, t0; csrr a1, mstatus
        csrr a2, sstatus; csrc mstatus, t0
        CHECK_MASK(a1, MSTATUS_MPV | MSTATUS_GVA, MSTATUS_MPV | MSTATUS_GVA)
        CHECK_MASK(a2, MSTATUS_MPV | MSTATUS_GVA, 0)   # not in sstatus
        csrr a0, mstatus; CHECK_MASK(a0, MSTATUS_MPV | MSTATUS_GVA, 0)

  # ------------------------------------------------ access from HS / M
  TEST_NOEXC(36, PRV_S, csrr a0, hstatus; csrr a0, hedeleg; csrr a0, hideleg;
             csrr a0, hvip; csrr a0, hip; csrr a0, hie; csrr a0, hgeie;
             csrr a0, hgeip; csrr a0, hcounteren; csrr a0, htval; csrr a0, htinst;
             csrr a0, hgatp; csrr a0, henvcfg; csrr a0, htimedelta)
  TEST_NOEXC(37, PRV_S, csrr a0, vsstatus; csrr a0, vsie; csrr a0, vstvec;
             csrr a0, vsscratch; csrr a0, vsepc; csrr a0, vscause; csrr a0, vstval;
             csrr a0, vsip; csrr a0, vsatp; csrw vsscratch, a0)
  TEST_EXC(38, PRV_S, CAUSE_ILLEGAL, csrw hgeip, a0)
  TEST_EXC(39, PRV_S, CAUSE_ILLEGAL, csrr a0, mtval2)
  TEST_EXC(40, PRV_S, CAUSE_ILLEGAL, csrr a0, mtinst)
  CASE(41)                                        # TVM: hgatp traps, vsatp does not
        li t0, MSTATUS_TVM; csrs mstatus, t0
        RUN_IN(PRV_S, 1: csrr a0, hgatp)
        li t0, MSTATUS_TVM; csrc mstatus, t0
#ifdef QEMU72_QUIRKS
        CHECK(s2, CAUSE_ECALL_HS)                 /* QEMU 7.2 ignores TVM for hgatp */
#else
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
#endif
  CASE(42)
        li t0, MSTATUS_TVM; csrs mstatus, t0
        RUN_IN(PRV_S, csrr a0, vsatp; csrw vsatp, a0)
        li t0, MSTATUS_TVM; csrc mstatus, t0
        CHECK_MTRAP(CAUSE_ECALL_HS, 96b)
  CASE(43)                                        # TVM does not affect M
        li t0, MSTATUS_TVM; csrs mstatus, t0
        csrr a0, hgatp
        li t0, MSTATUS_TVM; csrc mstatus, t0
        CHECK(a0, 0)

  # ------------------------------------------------------ from U: illegal
  TEST_U_ILL(44, hstatus)
        CHECK_FIELD(s5, 11, 3, 0); CHECK_BIT(s5, 39, 0)
  TEST_U_ILL(45, hedeleg)
  TEST_U_ILL(46, hideleg)
  TEST_U_ILL(47, hvip)
  TEST_U_ILL(48, hip)
  TEST_U_ILL(49, hie)
  TEST_U_ILL(50, hgeie)
  TEST_U_ILL(51, hgeip)
  TEST_U_ILL(52, hcounteren)
  TEST_U_ILL(53, htval)
  TEST_U_ILL(54, htinst)
  TEST_U_ILL(55, hgatp)
  TEST_U_ILL(56, henvcfg)
  TEST_U_ILL(57, htimedelta)
  TEST_U_ILL(58, vsstatus)
  TEST_U_ILL(59, vsie)
  TEST_U_ILL(60, vstvec)
  TEST_U_ILL(61, vsscratch)
  TEST_U_ILL(62, vsepc)
  TEST_U_ILL(63, vscause)
  TEST_U_ILL(64, vstval)
  TEST_U_ILL(65, vsip)
  TEST_U_ILL(66, vsatp)

  # -------------------------------------------------- from VS: virtual
  TEST_VS_VIRT(67, hstatus)
        CHECK_FIELD(s5, 11, 3, 1); CHECK_BIT(s5, 39, 1)   # MPP = S, MPV = 1
        SPEC_CHECK(CHECK_BIT(s5, 38, 0))                  # GVA = 0 (QEMU 7.2: 1, sticky)
  TEST_VS_VIRT(68, hedeleg)
  TEST_VS_VIRT(69, hideleg)
  TEST_VS_VIRT(70, hvip)
  TEST_VS_VIRT(71, hip)
  TEST_VS_VIRT(72, hie)
  TEST_VS_VIRT(73, hgeie)
  TEST_VS_VIRT(74, hgeip)
  TEST_VS_VIRT(75, hcounteren)
  TEST_VS_VIRT(76, htval)
  TEST_VS_VIRT(77, htinst)
  TEST_VS_VIRT(78, hgatp)
  TEST_VS_VIRT(79, henvcfg)
  TEST_VS_VIRT(80, htimedelta)
  TEST_VS_VIRT(81, vsstatus)
  TEST_VS_VIRT(82, vsie)
  TEST_VS_VIRT(83, vstvec)
  TEST_VS_VIRT(84, vsscratch)
  TEST_VS_VIRT(85, vsepc)
  TEST_VS_VIRT(86, vscause)
  TEST_VS_VIRT(87, vstval)
  TEST_VS_VIRT(88, vsip)
  TEST_VS_VIRT(89, vsatp)
  TEST_EXC(90, PRV_VS, CAUSE_VIRTUAL, csrw hstatus, zero)
  TEST_EXC(91, PRV_VS, CAUSE_VIRTUAL, csrw vsatp, zero)
  CASE(92)                                        # hgatp with TVM = 1 from VS: still virtual
        li t0, MSTATUS_TVM; csrs mstatus, t0
        RUN_IN(PRV_VS, 1: csrr a0, hgatp)
        li t0, MSTATUS_TVM; csrc mstatus, t0
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  TEST_EXC(93, PRV_VS, CAUSE_ILLEGAL, csrw hgeip, zero)   # read-only number: not allowed in HS either

  # --------------------------------------- from VS: M CSRs stay illegal
  TEST_VS_ILL(94, mstatus)
        CHECK_BIT(s5, 39, 1)
  TEST_VS_ILL(95, mtval2)
  TEST_VS_ILL(96, mtinst)
  TEST_VS_ILL(97, medeleg)
  TEST_VS_ILL(98, mideleg)
  TEST_VS_ILL(99, mie)
  TEST_VS_ILL(100, mscratch)

  # ------------------------------------------------ from VU: virtual
  TEST_VU_VIRT(101, hstatus)
        CHECK_FIELD(s5, 11, 3, 0); CHECK_BIT(s5, 39, 1)   # MPP = U, MPV = 1
  TEST_VU_VIRT(102, vsstatus)
  TEST_VU_VIRT(103, hgatp)
  TEST_VU_VIRT(104, htimedelta)
  TEST_VU_S(105, sstatus)
  TEST_VU_S(106, sie)
  TEST_VU_S(107, stvec)
  TEST_VU_S(108, sscratch)
  TEST_VU_S(109, sepc)
  TEST_VU_S(110, scause)
  TEST_VU_S(111, stval)
  TEST_VU_S(112, sip)
  TEST_VU_S(113, satp)
  TEST_EXC(114, PRV_VU, CAUSE_ILLEGAL, csrr a0, mstatus)
  TEST_EXC(115, PRV_VU, CAUSE_ILLEGAL, csrr a0, mtinst)
  TEST_NOEXC(116, PRV_VU, csrr a0, fcsr)                  # unprivileged CSR

  # ----------------------------- in VS the supervisor CSRs are the vs* ones
  CASE(117)                                       # sstatus reads vsstatus
        li t0, MSTATUS_FS_INIT | MSTATUS_SUM | MSTATUS_SPIE; csrw vsstatus, t0
        li t0, MSTATUS_SUM | MSTATUS_MXR; csrc mstatus, t0
        RUN_IN(PRV_VS, csrr a1, sstatus)
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
        CHECK_MASK(a1, MSTATUS_SUM | MSTATUS_SPIE | MSTATUS_MXR | 0x6000, MSTATUS_SUM | MSTATUS_SPIE | 0x2000)
  CASE(118)                                       # sstatus writes vsstatus only
        csrr a2, mstatus
        li a3, MSTATUS_MXR
        RUN_IN(PRV_VS, csrs sstatus, a3)
        csrr a1, vsstatus; csrr a0, mstatus
        CHECK_BIT(a1, 19, 1)
        CHECK_BIT(a0, 19, 0)
        li t0, MSTATUS_MXR; csrc vsstatus, t0
  CASE(119)                                       # sscratch -> vsscratch
        li t0, 0x1111; csrw sscratch, t0; li t0, 0x2222; csrw vsscratch, t0
        li a3, 0x3333
        RUN_IN(PRV_VS, csrr a1, sscratch; csrw sscratch, a3)
        CHECK(a1, 0x2222)
        csrr a0, vsscratch; CHECK(a0, 0x3333)
        csrr a0, sscratch; CHECK(a0, 0x1111)
  CASE(120)                                       # sepc, scause, stval -> vs*
        li t0, 0x1000; csrw sepc, t0; li t0, 0x2000; csrw vsepc, t0
        li t0, 3; csrw scause, t0; li t0, 4; csrw vscause, t0
        li t0, 0x55; csrw stval, t0; li t0, 0x66; csrw vstval, t0
        RUN_IN(PRV_VS, csrr a1, sepc; csrr a2, scause; csrr a3, stval;
               li a4, 0x3000; csrw sepc, a4; csrwi scause, 7; csrwi stval, 9)
        CHECK(a1, 0x2000); CHECK(a2, 4); CHECK(a3, 0x66)
        csrr a0, vsepc; CHECK(a0, 0x3000)
        csrr a0, vscause; CHECK(a0, 7)
        csrr a0, vstval; CHECK(a0, 9)
        csrr a0, sepc; CHECK(a0, 0x1000)
        csrr a0, scause; CHECK(a0, 3)
        csrr a0, stval; CHECK(a0, 0x55)
  CASE(121)                                       # stvec -> vstvec
        la a3, hs_vs_rec; addi a3, a3, 0x100
        RUN_IN(PRV_VS, csrr a1, stvec; csrw stvec, a3)
        csrr a2, vstvec
        la t0, hs_vs_rec; csrw vstvec, t0
        CHECKR(a1, t0)
        CHECKR(a2, a3)
        csrr a0, stvec; la t0, hs_s_rec; CHECKR(a0, t0)
  CASE(122)                                       # satp -> vsatp
        la t0, gpt; srli t0, t0, 12; li t1, SATP_SV39; or a3, t0, t1
        csrw vsatp, zero
        RUN_IN(PRV_VS, csrr a1, satp; csrw satp, zero; csrr a2, satp)
        CHECK(a1, 0); CHECK(a2, 0)
        csrr a0, satp; CHECK(a0, 0)
        li t0, (7 << 44); csrw vsatp, t0          # Bare: ASID/PPN may be kept or zeroed
        RUN_IN(PRV_VS, csrr a1, satp)
        csrwi vsatp, 0
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
        srli a0, a1, 60; CHECK(a0, 0)
  CASE(123)                                       # sie/sip -> vsie/vsip (with hideleg)
        li t0, 0x444; csrw hideleg, t0
        li t0, MIP_VSSIP; csrw hvip, t0
        li t0, MIP_VSTIP; csrw hie, t0
        li a3, 0x200
        RUN_IN(PRV_VS, csrr a1, sip; csrr a2, sie; csrs sie, a3; csrci sip, 2)
        csrr a3, hie; csrr a4, hvip
        csrwi hvip, 0; csrwi hie, 0; csrwi hideleg, 0
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
        /* QEMU 7.2 masks VS reads of sip/sie with mideleg's S bits (0 here) */
        SPEC_CHECK(CHECK_MASK(a1, 0x222, 0x002); CHECK_MASK(a2, 0x222, 0x020))
        CHECK_MASK(a3, 0x444, 0x440)              # sie.SEIE -> hie.VSEIE
        CHECK_MASK(a4, 0x444, 0)                  # sip.SSIP cleared hvip.VSSIP
  CASE(124)                                       # stimecmp -> vstimecmp (Sstc: STCE and TM
        li t0, ENVCFG_STCE; csrs menvcfg, t0; csrs henvcfg, t0   # on both levels)
        li t0, 2; csrw mcounteren, t0; csrw hcounteren, t0
        li t0, -1; csrw stimecmp, t0
        li t0, 0x777777777; csrw vstimecmp, t0
        li a3, 0x888888888
        RUN_IN(PRV_VS, csrr a1, stimecmp; csrw stimecmp, a3)
        csrr a2, vstimecmp; csrr a4, stimecmp
        li t0, -1; csrw vstimecmp, t0
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b)
        CHECK(a1, 0x777777777)
        CHECK(a2, 0x888888888)
        CHECK(a4, -1)
  CASE(125)                                       # henvcfg.STCE = 0: VS stimecmp is virtual
        csrwi henvcfg, 0
        RUN_IN(PRV_VS, 1: csrr a1, stimecmp)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  CASE(126)                                       # hcounteren.TM = 0: virtual as well
        li t0, ENVCFG_STCE; csrs henvcfg, t0; csrwi hcounteren, 0
        RUN_IN(PRV_VS, 1: csrr a1, stimecmp)
        CHECK_MTRAP_INSN(CAUSE_VIRTUAL, 1b)
  CASE(127)                                       # mcounteren.TM = 0: illegal from VS and HS
        li t0, 2; csrw hcounteren, t0; csrwi mcounteren, 0
        RUN_IN(PRV_VS, 1: csrr a1, stimecmp)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
        RUN_IN(PRV_S, 1: csrr a1, vstimecmp)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
  CASE(128)                                       # menvcfg.STCE = 0: illegal from VS and HS
        li t0, 2; csrw mcounteren, t0
        li t0, ENVCFG_STCE; csrc menvcfg, t0
        RUN_IN(PRV_VS, 1: csrr a1, stimecmp)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
        RUN_IN(PRV_S, 1: csrr a1, vstimecmp)
        CHECK_MTRAP_INSN(CAUSE_ILLEGAL, 1b)
        csrwi henvcfg, 0; csrwi hcounteren, 0; csrwi mcounteren, 0
        j pass
HYP_END

        .bss
        .balign 16384
gpt:    .skip 16384
