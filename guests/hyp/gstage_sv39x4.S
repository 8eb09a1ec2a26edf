# G-stage translation with hgatp = Sv39x4 (priv spec 20211203, 8.5): the 16 KiB
# root indexed by GPA[40:30] (index 1024 is reachable), 4 KiB pages, megapages
# and gigapages; guest-page faults 20/21/23 with mtval/stval = the guest virtual
# address and mtval2/htval = the guest physical address >> 2, mstatus.GVA/MPV
# (taken to M) and hstatus.GVA/SPV/SPVP (delegated to HS, 8.6.2); GPA bits 63:41
# must be zero; the U bit is required in every G-stage leaf (all G-stage accesses
# are user accesses, 8.5.1); MXR: sstatus.MXR covers both stages, vsstatus.MXR the
# VS stage only (8.5); G-stage and VS-stage A/D updates by hardware; VS-stage Sv39
# over the G stage: faults in VS-stage page-table reads are guest-page faults of
# the original access type with htval = the PTE's GPA >> 2 and htinst/mtinst =
# pseudo-instruction 0x3000 (read) or 0x3020 (A/D write) (8.6.3); ordinary VS-stage
# page faults (13) to M, HS and VS; htinst/mtinst = transformed instruction for
# explicit load/store/AMO guest-page faults (HyperStep) and 0 for fetch faults.
#include "hyp_test.h"
#include "hyp_vm.h"

#define G4K(i)     (0x100000000 + (i) * 0x1000)   /* groot[4] -> gl1[0] -> gl0[i] */
#define GMEGA      0x100200000                    /* gl1[1]: megapage -> 0x80000000 */
#define GMEGA_MIS  0x100400000                    /* gl1[2]: misaligned megapage */
#define GHIGH      0x10000000000                  /* groot[1024]: gigapage -> 0x80000000 */
#define GTOOBIG    0x20000000000                  /* bit 41 set: beyond Sv39x4 */
#define V4K(i)     (0xC0000000 + (i) * 0x1000)    /* vroot[3] -> vl1[0] -> vl0[i] */
#define VPTRBAD    0x140000000                    /* vroot[5]: next table at G4K(4) (invalid) */
#define VADRO      0x180000000                    /* vroot[6]: next table in a G read-only page */
#define OFF_OF(label) ((label) - 0x80000000)

/* a0 = faulting address (VA), a1 = its GPA: check an M-mode guest-page fault */
#define CHECK_GPF_M(cause, lbl)                                            \
        CHECK_MTRAP(cause, lbl); CHECKR(s3, a0);                           \
        srli t5, a1, 2; LDREC(a2, REC_MTVAL2); CHECKR(a2, t5);             \
        CHECK_BIT(s5, 38, 1); CHECK_BIT(s5, 39, 1)
/* AMOs raise store/AMO guest-page faults; QEMU 7.2 reports a load guest-page
 * fault (as it does for AMO page faults, see guests/priv/vm_sv39.S) */
#ifdef QEMU72_QUIRKS
#define AMO_GPF_CAUSE CAUSE_LOAD_GPF
#else
#define AMO_GPF_CAUSE CAUSE_STORE_GPF
#endif
/* QEMU 7.2 lets vsstatus.MXR make G-stage execute-only pages readable (8.5:
 * vsstatus.MXR overrides VS-stage protection only) */
#ifdef QEMU72_QUIRKS
#define VSMXR_GPF_CHECK CHECK(s2, CAUSE_ECALL_VS)
#else
#define VSMXR_GPF_CHECK CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
#endif
/* ... and ignores the HS-level sstatus.MXR while V = 1 (8.5: it covers both stages) */
#ifdef QEMU72_QUIRKS
#define HSMXR_CHECK CHECK_MTRAP(CAUSE_LOAD_GPF, 1b)
#else
#define HSMXR_CHECK CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a2, 0xAAAA0001)
#endif
/* A fault on an implicit VS-stage PTE read is reported for the original access
 * type (8.5.1); QEMU 7.2 reports a load guest-page fault for every access type. */
#ifdef QEMU72_QUIRKS
#define PTE_STORE_GPF CAUSE_LOAD_GPF
#define PTE_FETCH_GPF CAUSE_LOAD_GPF
#else
#define PTE_STORE_GPF CAUSE_STORE_GPF
#define PTE_FETCH_GPF CAUSE_FETCH_GPF
#endif
/* the recorded mtinst */
#define CHECK_MTINST(val)  LDREC(a2, REC_MTINST); CHECK(a2, val)

/* QEMU 7.2 never writes a pseudo-instruction (it writes mtinst/htinst = 0) */
#define CHECK_PSEUDO(field, val)  SPEC_CHECK(LDREC(a2, field); CHECK(a2, val))

HYP_BEGIN
        .option norvc
        # ------------------------------------------------ G-stage tables
        SETPTE_A(groot, 2, 0x80000000, GPTE_RWX)           # RAM identity
        li t1, 0x80000000; MKPTE(t0, t1, GPTE_RWX)         # groot[1024]: GPA bit 40 alias
        la t1, groot; li t2, 1024 * 8; add t1, t1, t2; sd t0, 0(t1)
        SETPTR(groot, 4, gl1)
        SETPTR(gl1, 0, gl0)
        SETPTE_A(gl1, 1, 0x80000000, GPTE_RWX)             # megapage
        SETPTE_A(gl1, 2, 0x80001000, GPTE_RWX)             # misaligned megapage
        SETPTE_L(gl0, 0, pageA, GPTE_RW)
        SETPTE_L(gl0, 1, pageB, GPTE_R)                    # read-only
        SETPTE_L(gl0, 2, pageA, GPTE_X)                    # execute-only
        SETPTE_L(gl0, 3, pageA, PTE_RWX_AD)                # U = 0
        CLRPTE(gl0, 4)                                     # invalid
        SETPTE_L(gl0, 5, pageC, PTE_V | PTE_R | PTE_W | PTE_U)   # A = D = 0
        SETPTE_L(gl0, 6, pageA, PTE_V | PTE_W | PTE_A | PTE_D | PTE_U)   # W without R
        SETPTE_L(gl0, 7, gcode, GPTE_X)                    # code, execute-only
        SETPTE_L(gl0, 8, vl1ro, GPTE_R)                    # a VS table, read-only in G
        # ------------------------------------------ VS-stage tables (GPA = PA)
        SETPTE_A(vroot, 2, 0x80000000, PTE_RWX_AD)         # VS code/data identity
        SETPTE_A(vroot, 4, 0x100000000, PTE_RWX_AD)        # VA = GPA over the G4K window
        SETPTR(vroot, 3, vl1)
        SETPTR(vl1, 0, vl0)
        SETPTE_A(vl0, 0, G4K(0), PTE_RW_AD)
        SETPTE_A(vl0, 1, G4K(4), PTE_RW_AD)                # G-stage invalid
        SETPTE_A(vl0, 2, G4K(0), PTE_V | PTE_X | PTE_A)    # VS execute-only
        SETPTE_A(vl0, 3, G4K(2), PTE_RWX_AD)               # G execute-only
        CLRPTE(vl0, 4)                                     # VS invalid
        SETPTE_L(vl0, 5, pageD, PTE_V | PTE_R | PTE_W)     # VS A = D = 0
        li t1, G4K(4); MKPTE(t0, t1, PTE_V); la t1, vroot; sd t0, 40(t1)   # vroot[5]
        li t1, G4K(8); MKPTE(t0, t1, PTE_V); la t1, vroot; sd t0, 48(t1)   # vroot[6]
        SETPTE_A(vl1ro, 0, 0x80000000, PTE_V | PTE_R)      # megapage, A = 0
        SET_HGATP(HGATP_SV39X4, 0, groot)

  # ------------------------------------------ successful G-stage walks
  CASE(1)                                         # gigapage identity: VS code runs at all
        la a0, pageA
        RUN_IN(PRV_VS, ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA0001)
  CASE(2)                                         # 4 KiB page, load and store
        li a0, G4K(0); li a2, 0x1234
        RUN_IN(PRV_VS, ld a1, 0(a0); sd a2, 8(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA0001)
        la t0, pageA; ld a0, 8(t0); CHECK(a0, 0x1234)
  CASE(3)                                         # root index 1024 (16 KiB root)
        la a0, pageB; li t0, GHIGH - 0x80000000; add a0, a0, t0
        RUN_IN(PRV_VS, 1: ld a1, 0(a0))
#ifdef QEMU72_QUIRKS
        CHECK_MTRAP(CAUSE_LOAD_GPF, 1b)           /* QEMU 7.2 wants GPA bits 63:40 sign-extended */
#else
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xBBBB0002)
#endif
  CASE(4)                                         # megapage keeps the offset
        la a0, pageB; li t0, GMEGA - 0x80000000; add a0, a0, t0; addi a0, a0, 0x404; addi a0, a0, 0x404
        RUN_IN(PRV_VS, ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xB808)
  CASE(5)                                         # VU goes through the same G stage
        li a0, G4K(0)
        RUN_IN(PRV_VU, ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_U, 96b); CHECK(a1, 0xAAAA0001)
  CASE(6)                                         # fetch from an execute-only G page
        li a3, G4K(7)
        RUN_IN(PRV_VS, jalr ra, 0(a3))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a5, 0x77)

  # --------------------------------------------- guest-page faults to M
  CASE(7)                                         # invalid leaf: load
        li a0, G4K(4) + 8; mv a1, a0
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
        CHECK_FIELD(s5, 11, 3, 1)                 # MPP = S
        IMPL_CHECK(CHECK_MTINST(0x00003603))      # ld a2, 0(x0): transformed
  CASE(8)                                         # invalid leaf: store
        li a0, G4K(4) + 16; mv a1, a0
        RUN_IN(PRV_VS, 1: sd a2, 0(a0))
        CHECK_GPF_M(CAUSE_STORE_GPF, 1b)
        IMPL_CHECK(CHECK_MTINST(0x00c03023))      # sd a2, 0(x0)
  CASE(9)                                         # invalid leaf: fetch (mtinst must be 0)
        li a0, G4K(4) + 0x20; mv a1, a0
        RUN_IN(PRV_VS, jr a0)
        CHECK(s2, CAUSE_FETCH_GPF); CHECKR(s3, a0); CHECKR(s4, a0)
        srli t5, a1, 2; LDREC(a2, REC_MTVAL2); CHECKR(a2, t5)
        CHECK_MTINST(0)
  CASE(10)                                        # AMO: store/AMO guest-page fault
        li a0, G4K(4) + 0x30; mv a1, a0
        RUN_IN(PRV_VS, 1: amoadd.w a3, a2, (a0))
        CHECK_GPF_M(AMO_GPF_CAUSE, 1b)
        IMPL_CHECK(CHECK_MTINST(0x00c026af))      # amoadd.w a3, a2, (x0)
  CASE(11)                                        # VU load: MPP = U
        li a0, G4K(4); mv a1, a0
        RUN_IN(PRV_VU, 1: lw a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
        CHECK_FIELD(s5, 11, 3, 0)
  CASE(12)                                        # store to a read-only G page
        li a0, G4K(1) + 0x10; mv a1, a0
        RUN_IN(PRV_VS, 1: sw a2, 0(a0))
        CHECK_GPF_M(CAUSE_STORE_GPF, 1b)
  CASE(13)                                        # load from an execute-only G page
        li a0, G4K(2); mv a1, a0
        RUN_IN(PRV_VS, 1: lw a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
  CASE(14)                                        # vsstatus.MXR does not reach the G stage
        li t0, MSTATUS_MXR; csrs vsstatus, t0
        li a0, G4K(2); mv a1, a0
        RUN_IN(PRV_VS, 1: lw a2, 0(a0))
        li t0, MSTATUS_MXR; csrc vsstatus, t0
        VSMXR_GPF_CHECK
  CASE(15)                                        # HS-level MXR does
        li t0, MSTATUS_MXR; csrs mstatus, t0
        li a0, G4K(2)
        RUN_IN(PRV_VS, 1: lwu a2, 0(a0))
        li t0, MSTATUS_MXR; csrc mstatus, t0
        HSMXR_CHECK
  CASE(16)                                        # fetch from a non-executable G page
        li a0, G4K(0); mv a1, a0
        RUN_IN(PRV_VS, jr a0)
        CHECK(s2, CAUSE_FETCH_GPF); CHECKR(s3, a0); CHECKR(s4, a0)
  CASE(17)                                        # G leaf without U: fault even from VS
        li a0, G4K(3); mv a1, a0
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
  CASE(18)
        li a0, G4K(3) + 8; mv a1, a0
        RUN_IN(PRV_VS, 1: sd a2, 0(a0))
        CHECK_GPF_M(CAUSE_STORE_GPF, 1b)
  CASE(19)                                        # W without R is reserved
        li a0, G4K(6); mv a1, a0
        RUN_IN(PRV_VS, 1: sd a2, 0(a0))
        CHECK_GPF_M(CAUSE_STORE_GPF, 1b)
  CASE(20)                                        # misaligned megapage
        li a0, GMEGA_MIS + 0x18; mv a1, a0
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
  CASE(21)                                        # GPA bit 41 set: beyond Sv39x4
        li a0, GTOOBIG + 0x80000000; mv a1, a0
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_MTRAP(CAUSE_LOAD_GPF, 1b); CHECKR(s3, a0)
        CHECK_BIT(s5, 38, 1)
  CASE(22)                                        # mtinst for a compressed load (bit 1 cleared)
        li a0, G4K(4) + 0x40; mv a1, a0
        RUN_IN(PRV_VS, 1: .option push; .option rvc; c.ld a2, 0(a0); .option pop; nop)
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
        IMPL_CHECK(CHECK_MTINST(0x00003601))      # ld a2, 0(x0) with bit 1 = 0
  CASE(23)                                        # load with an offset: immediate cleared
        li a0, G4K(4); addi a1, a0, 0x7f8
        RUN_IN(PRV_VS, 1: lw a3, 0x7f8(a0))
        mv a0, a1
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
        IMPL_CHECK(CHECK_MTINST(0x00002683))      # lw a3, 0(x0)

  # --------------------------------------------------- G-stage A/D bits
  CASE(24)
        li a0, G4K(5)
        RUN_IN(PRV_VS, ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xCCCC0003)
        GETPTE(a2, gl0, 5); CHECK_FIELD(a2, 6, 3, 1)       # A = 1, D = 0
        li a0, G4K(5)
        RUN_IN(PRV_VS, sd a0, 8(a0))
        GETPTE(a2, gl0, 5); CHECK_FIELD(a2, 6, 3, 3)       # A = D = 1

  # ---------------------------------------- guest-page faults to HS
  CASE(25)
        li t0, (1 << CAUSE_LOAD_GPF) | (1 << CAUSE_STORE_GPF) | (1 << CAUSE_FETCH_GPF)
        csrw medeleg, t0
        li t0, -1; csrw hedeleg, t0               # guest-page faults cannot go to VS
        li t0, HSTATUS_SPVP | HSTATUS_GVA; csrc hstatus, t0
        li a0, G4K(4) + 0x48
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_HSTRAP(CAUSE_LOAD_GPF, 1b); CHECKR(s10, a0)
        srli t5, a0, 2; CHECK_RECR(REC_HTVAL, t5)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 6, 1)                       # GVA
        CHECK_BIT(a1, 7, 1)                       # SPV
        CHECK_BIT(a1, 8, 1)                       # SPVP = VS
        CHECK_BIT(s7, 8, 1)                       # SPP = S
        CHECK_REC(REC_VSCAUSE, -1)
        IMPL_CHECK(CHECK_REC(REC_HTINST, 0x00003603))
  CASE(26)                                        # from VU: SPVP = SPP = 0
        li t0, HSTATUS_SPVP; csrs hstatus, t0
        li a0, G4K(1) + 0x20
        RUN_IN(PRV_VU, 1: sw a2, 0(a0))
        CHECK_HSTRAP(CAUSE_STORE_GPF, 1b); CHECKR(s10, a0)
        srli t5, a0, 2; CHECK_RECR(REC_HTVAL, t5)
        LDREC(a1, REC_HSTATUS)
        CHECK_BIT(a1, 6, 1); CHECK_BIT(a1, 7, 1); CHECK_BIT(a1, 8, 0)
        CHECK_BIT(s7, 8, 0)
  CASE(27)                                        # fetch: htinst = 0
        li a0, G4K(4) + 0x100
        RUN_IN(PRV_VS, jr a0)
        CHECK(s2, CAUSE_ECALL_HS); CHECK(s9, CAUSE_FETCH_GPF); CHECKR(s10, a0); CHECKR(s11, a0)
        srli t5, a0, 2; CHECK_RECR(REC_HTVAL, t5)
        CHECK_REC(REC_HTINST, 0)
        csrwi medeleg, 0; csrwi hedeleg, 0

  # ------------------------------------------- VS-stage Sv39 over the G stage
        SET_VSATP(SATP_SV39, 0, vroot)
  CASE(28)                                        # 4 KiB VS page -> 4 KiB G page
        li a0, V4K(0); li a2, 0x4321
        RUN_IN(PRV_VS, ld a1, 0(a0); sd a2, 16(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA0001)
        la t0, pageA; ld a0, 16(t0); CHECK(a0, 0x4321)
  CASE(29)                                        # final GPA invalid: stval = VA, htval = GPA
        li a0, V4K(1) + 0x28; li a1, G4K(4) + 0x28
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
  CASE(30)                                        # VS execute-only + vsstatus.MXR: readable
        li t0, MSTATUS_MXR; csrs vsstatus, t0
        li a0, V4K(2)
        RUN_IN(PRV_VS, ld a1, 0(a0))
        li t0, MSTATUS_MXR; csrc vsstatus, t0
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xAAAA0001)
  CASE(31)                                        # without MXR: VS-stage page fault (13)
        li a0, V4K(2)
        RUN_IN(PRV_VS, 1: ld a1, 0(a0))
        CHECK_MTRAP(CAUSE_LOAD_PF, 1b); CHECKR(s3, a0)
        CHECK_BIT(s5, 38, 1)                      # GVA: mtval is a guest virtual address
        CHECK_REC(REC_MTVAL2, 0)
  CASE(32)                                        # VS RWX over G execute-only, vsstatus.MXR: G faults
        li t0, MSTATUS_MXR; csrs vsstatus, t0
        li a0, V4K(3); li a1, G4K(2)
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        li t0, MSTATUS_MXR; csrc vsstatus, t0
        VSMXR_GPF_CHECK
  CASE(33)                                        # ... sstatus.MXR makes it readable
        li t0, MSTATUS_MXR; csrs mstatus, t0
        li a0, V4K(3)
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        li t0, MSTATUS_MXR; csrc mstatus, t0
        HSMXR_CHECK
  CASE(34)                                        # VS invalid PTE: page fault, mtval2 = 0
        li a0, V4K(4) + 8
        RUN_IN(PRV_VS, 1: sd a1, 0(a0))
        CHECK_MTRAP(CAUSE_STORE_PF, 1b); CHECKR(s3, a0)
        CHECK_REC(REC_MTVAL2, 0)
  CASE(35)                                        # VS-stage A/D updated in guest memory
        li a0, V4K(5)
        RUN_IN(PRV_VS, ld a1, 0(a0); sd a1, 8(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a1, 0xDDDD0004)
        GETPTE(a2, vl0, 5); CHECK_FIELD(a2, 6, 3, 3)

  # ---------------------------- implicit VS-stage PTE accesses that fault
  CASE(36)                                        # load: the next-level table is G-invalid
        li a0, VPTRBAD + 0x10; li a1, G4K(4)     # PTE index 0 of that table
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
        CHECK_PSEUDO(REC_MTINST, 0x00003000)      # 64-bit read for VS-stage translation
  CASE(37)                                        # store: reported as a store guest-page fault
        li a0, VPTRBAD + 0x200000; li a1, G4K(4) + 8    # VPN[1] = 1
        RUN_IN(PRV_VS, 1: sd a2, 0(a0))
        CHECK_GPF_M(PTE_STORE_GPF, 1b)
        CHECK_PSEUDO(REC_MTINST, 0x00003000)
  CASE(38)                                        # fetch: instruction guest-page fault
        li a0, VPTRBAD + 0x400000; li a1, G4K(4) + 16
        RUN_IN(PRV_VS, jr a0)
        CHECK(s2, PTE_FETCH_GPF); CHECKR(s3, a0); CHECKR(s4, a0)
        srli t5, a1, 2; LDREC(a2, REC_MTVAL2); CHECKR(a2, t5)
        CHECK_PSEUDO(REC_MTINST, 0x00003000)
  CASE(39)                                        # delegated to HS: htval/htinst
        li t0, (1 << CAUSE_LOAD_GPF); csrw medeleg, t0
        li a0, VPTRBAD + 0x600000; li a1, G4K(4) + 24
        RUN_IN(PRV_VS, 1: lw a2, 0(a0))
        csrwi medeleg, 0
        CHECK_HSTRAP(CAUSE_LOAD_GPF, 1b); CHECKR(s10, a0)
        srli t5, a1, 2; CHECK_RECR(REC_HTVAL, t5)
        CHECK_PSEUDO(REC_HTINST, 0x00003000)
        LDREC(a1, REC_HSTATUS); CHECK_BIT(a1, 6, 1); CHECK_BIT(a1, 7, 1)
  CASE(40)                                        # A update into a G read-only table: write pseudo
        li a0, VADRO + 0x10; li a1, G4K(8)
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
#ifdef QEMU72_QUIRKS
        CHECK(s2, CAUSE_ECALL_VS)                 /* QEMU 7.2 writes A without G-stage write permission */
#else
        CHECK_GPF_M(CAUSE_LOAD_GPF, 1b)
        CHECK_MTINST(0x00003020)                  # 64-bit write for VS-stage translation
        GETPTE(a2, vl1ro, 0); CHECK_FIELD(a2, 6, 1, 0)   # A still clear
#endif

  # --------------------------------------- VS-stage page faults delegated
  CASE(41)                                        # to HS: htval = 0, GVA = 1
        li t0, (1 << CAUSE_LOAD_PF); csrw medeleg, t0
        li a0, V4K(4) + 0x30
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        CHECK_HSTRAP(CAUSE_LOAD_PF, 1b); CHECKR(s10, a0)
        CHECK_REC(REC_HTVAL, 0)
        LDREC(a1, REC_HSTATUS); CHECK_BIT(a1, 6, 1); CHECK_BIT(a1, 7, 1)
  CASE(42)                                        # to VS through hedeleg: vstval = VA
        li t0, (1 << CAUSE_LOAD_PF); csrw hedeleg, t0
        li a0, V4K(4) + 0x38
        RUN_IN(PRV_VS, 1: ld a2, 0(a0))
        csrwi medeleg, 0; csrwi hedeleg, 0
        CHECK_VSTRAP(CAUSE_LOAD_PF, 1b); CHECK_RECR(REC_VSTVAL, a0)
        CHECK(s9, -1)
        LDREC(a1, REC_VSSTATUS); CHECK_BIT(a1, 8, 1)     # vsstatus.SPP = S

  # ---------------------------------------------------------------- VMID
  CASE(43)                                        # another VMID, same tables
        SET_HGATP(HGATP_SV39X4, 0x1abc, groot)
        csrr a1, hgatp; srli a1, a1, 44
        IMPL_CHECK(CHECK_MASK(a1, 0x3fff, 0x1abc))
        li a0, V4K(0)
        RUN_IN(PRV_VS, ld a2, 0(a0))
        CHECK_MTRAP(CAUSE_ECALL_VS, 96b); CHECK(a2, 0xAAAA0001)
        li t0, 0x1abc; hfence.gvma zero, t0
        VSATP_OFF
        HGATP_OFF
        j pass
HYP_END

        .data
        .balign 4096
pageA:  .dword 0xAAAA0001
        .balign 4096
pageB:  .dword 0xBBBB0002
        .skip 0x808 - 8
        .dword 0xB808
        .balign 4096
pageC:  .dword 0xCCCC0003
        .balign 4096
pageD:  .dword 0xDDDD0004
        .balign 4096
vl1ro:  .skip 4096
        .text
        .balign 4096
gcode:  li a5, 0x77
        ret
        .balign 4096

        .bss
        .balign 16384
groot:  .skip 16384
gl1:    .skip 4096
gl0:    .skip 4096
vroot:  .skip 4096
vl1:    .skip 4096
vl0:    .skip 4096
