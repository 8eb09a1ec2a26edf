# Zicbom / Zicboz (CMO spec 1.0.1), Svinval privilege rules (priv spec 20211203
# chapter 7) and the machine identification CSRs (docs/machine.md):
#  - cbo.zero zeroes exactly the 64-byte block containing rs1 (rs1 unaligned);
#  - enables per mode: menvcfg/senvcfg CBZE, CBCFE, CBIE (illegal instruction,
#    mtval = encoding); CBIE = 10b is reserved (WARL: the old value is kept);
#  - faults: store page fault (15) for cbo.zero on a read-only page and for every
#    cbo on an unmapped page, store access fault (7) where no memory is, tval = rs1;
#    cbo.clean is allowed on a read-only page and sets A only, cbo.zero sets A and D;
#  - cbo.zero over compiled code drops it (the zeroed words then trap as illegal);
#  - sinval.vma, sfence.w.inval, sfence.inval.ir: legal in S and M, illegal in U;
#    with mstatus.TVM = 1 only sinval.vma is illegal in S.
# QEMU 7.2 has no Zicbom/Zicboz and executes sfence.w.inval in U-mode: those cases
# are skipped under QEMU72_QUIRKS.
#include "priv_test.h"
#include "vm_common.h"

#define CBIE_FLUSH (1 << 4)
#define CBIE_INVAL (3 << 4)
#define CBCFE      (1 << 6)
#define CBZE       (1 << 7)
#define ENC_CBO_ZERO_A0  0x0045200f
#define ENC_CBO_CLEAN_A0 0x0015200f
#define ENC_CBO_FLUSH_A0 0x0025200f
#define ENC_CBO_INVAL_A0 0x0005200f
#define ENC_SINVAL_A0_ZERO 0x16050073
#define ENC_SFENCE_W_INVAL 0x18000073
#define ENC_SFENCE_INVAL_IR 0x18100073

#ifdef QEMU72_QUIRKS        /* QEMU 7.2: mtval of helper-raised illegal instructions is 0 */
#define ILLEGAL_IN(mode, enc, ...)                                         \
        RUN_IN(mode, 1: __VA_ARGS__); CHECK_MTRAP(2, 1b)
#else
#define ILLEGAL_IN(mode, enc, ...)                                         \
        RUN_IN(mode, 1: __VA_ARGS__); CHECK_MTRAP(2, 1b); CHECK(s3, enc)
#endif
#define OK_IN(mode, ...)  RUN_IN(mode, __VA_ARGS__); CHECK(s2, 8 + mode)
#define FILL_CBUF  la t1, cbuf; li t0, -1; li t2, 24;                      \
                   1: sd t0, 0(t1); addi t1, t1, 8; addi t2, t2, -1; bnez t2, 1b
/* a1 = dword at cbuf + off */
#define CBUF(off)  la t1, cbuf; ld a1, (off)(t1)

PRIV_BEGIN
        .option norvc
        .option arch, +zicbom, +zicboz, +svinval
  CASE(1)
        csrr a0, mvendorid; CHECK(a0, 0)
        csrr a0, marchid; CHECK(a0, 0x4853)
        csrr a0, mimpid; CHECK(a0, 0x100)
  CASE(2)                                         # svinval in M and S
        OK_IN(PRV_M, sinval.vma a0, zero; sfence.w.inval; sfence.inval.ir)
        OK_IN(PRV_S, sinval.vma a0, zero; sfence.w.inval; sfence.inval.ir)
  CASE(3)
        ILLEGAL_IN(PRV_U, ENC_SINVAL_A0_ZERO, sinval.vma a0, zero)
#ifndef QEMU72_QUIRKS
        ILLEGAL_IN(PRV_U, ENC_SFENCE_W_INVAL, sfence.w.inval)
        ILLEGAL_IN(PRV_U, ENC_SFENCE_INVAL_IR, sfence.inval.ir)
#endif
  CASE(4)                                         # TVM: only sinval.vma traps
        li t0, MSTATUS_TVM; csrs mstatus, t0
        ILLEGAL_IN(PRV_S, ENC_SINVAL_A0_ZERO, sinval.vma a0, zero)
        OK_IN(PRV_S, sfence.w.inval; sfence.inval.ir)
        li t0, MSTATUS_TVM; csrc mstatus, t0
#ifndef QEMU72_QUIRKS
  CASE(5)                                         # M-mode cbo.zero: one aligned block
        FILL_CBUF
        la a0, cbuf + 64 + 13
        cbo.zero (a0)
        CBUF(56); CHECK(a1, -1)
        CBUF(64); CHECK(a1, 0)
        CBUF(96); CHECK(a1, 0)
        CBUF(120); CHECK(a1, 0)
        CBUF(128); CHECK(a1, -1)
        csrr a0, menvcfg; CHECK(a0, 0)
  CASE(6)                                         # S-mode needs menvcfg.CBZE
        FILL_CBUF; la a0, cbuf + 130
        ILLEGAL_IN(PRV_S, ENC_CBO_ZERO_A0, cbo.zero (a0))
        CBUF(128); CHECK(a1, -1)
        li t0, CBZE; csrs menvcfg, t0
        OK_IN(PRV_S, cbo.zero (a0))
        CBUF(128); CHECK(a1, 0); CBUF(184); CHECK(a1, 0); CBUF(120); CHECK(a1, -1)
  CASE(7)                                         # U-mode also needs senvcfg.CBZE
        FILL_CBUF; la a0, cbuf
        ILLEGAL_IN(PRV_U, ENC_CBO_ZERO_A0, cbo.zero (a0))
        li t0, CBZE; csrs senvcfg, t0
        OK_IN(PRV_U, cbo.zero (a0))
        CBUF(0); CHECK(a1, 0); CBUF(64); CHECK(a1, -1)
        li t0, CBZE; csrc menvcfg, t0
        ILLEGAL_IN(PRV_U, ENC_CBO_ZERO_A0, cbo.zero (a0))
  CASE(8)                                         # clean/flush: CBCFE
        la a0, cbuf
        ILLEGAL_IN(PRV_S, ENC_CBO_CLEAN_A0, cbo.clean (a0))
        ILLEGAL_IN(PRV_S, ENC_CBO_FLUSH_A0, cbo.flush (a0))
        OK_IN(PRV_M, cbo.clean (a0); cbo.flush (a0); cbo.inval (a0))
        li t0, CBCFE; csrs menvcfg, t0
        OK_IN(PRV_S, cbo.clean (a0); cbo.flush (a0))
        ILLEGAL_IN(PRV_U, ENC_CBO_FLUSH_A0, cbo.flush (a0))
        li t0, CBCFE; csrs senvcfg, t0
        OK_IN(PRV_U, cbo.clean (a0); cbo.flush (a0))
  CASE(9)                                         # inval: CBIE 00 / 01 / 11, 10 reserved
        la a0, cbuf
        ILLEGAL_IN(PRV_S, ENC_CBO_INVAL_A0, cbo.inval (a0))
        li t0, CBIE_FLUSH; csrs menvcfg, t0
        OK_IN(PRV_S, cbo.inval (a0))
        ILLEGAL_IN(PRV_U, ENC_CBO_INVAL_A0, cbo.inval (a0))
        li t0, CBIE_INVAL; csrs senvcfg, t0
        OK_IN(PRV_U, cbo.inval (a0))
        csrr a1, menvcfg; andi a1, a1, ~0x30; ori a1, a1, 0x20; csrw menvcfg, a1   # 10
        csrr a1, menvcfg; CHECK_FIELD(a1, 4, 3, 1)                          # kept 01
        csrr a1, senvcfg; andi a1, a1, ~0x30; ori a1, a1, 0x20; csrw senvcfg, a1   # 10
        csrr a1, senvcfg; CHECK_FIELD(a1, 4, 3, 3)                          # kept 11
  CASE(10)                                        # no memory at 0x40: store access fault
        li a0, 0x48
        RUN_IN(PRV_M, 1: cbo.zero (a0)); CHECK_MTRAP(7, 1b); CHECKR(s3, a0)
        RUN_IN(PRV_M, 1: cbo.clean (a0)); CHECK_MTRAP(7, 1b); CHECKR(s3, a0)
  CASE(11)                                        # paging: read-only and unmapped pages
        li t0, CBZE | CBCFE; csrs menvcfg, t0
        SETPTE_A(root, 2, 0x80000000, PTE_RWX_AD)
        SETPTR(root, 0, m)
        SETPTR(m, 0, p)
        SETPTE_L(p, 1, cpage, PTE_V | PTE_R)              # read-only, A = D = 0
        SETPTE_L(p, 2, cpage, PTE_V | PTE_R | PTE_W)      # writable, A = D = 0
        SET_SATP(SATP_SV39, 0, root)
        sfence.vma
        li a0, 0x1000 + 0x123
        RUN_IN(PRV_S, 1: cbo.zero (a0)); CHECK_MTRAP(15, 1b); CHECKR(s3, a0)
        OK_IN(PRV_S, cbo.clean (a0))
        GETPTE(a1, p, 1); andi a1, a1, PTE_A | PTE_D; CHECK(a1, PTE_A)
        li a0, 0x3000 + 0x40
        RUN_IN(PRV_S, 1: cbo.clean (a0)); CHECK_MTRAP(15, 1b); CHECKR(s3, a0)
        RUN_IN(PRV_S, 1: cbo.zero (a0)); CHECK_MTRAP(15, 1b); CHECKR(s3, a0)
  CASE(12)                                        # cbo.zero through a writable page
        la t1, cpage; li t0, -1; sd t0, 0x3f8(t1); sd t0, 0x400(t1); sd t0, 0x440(t1)
        li a0, 0x2000 + 0x411
        OK_IN(PRV_S, cbo.zero (a0))
        GETPTE(a1, p, 2); andi a1, a1, PTE_A | PTE_D; CHECK(a1, PTE_A | PTE_D)
        la t1, cpage; ld a1, 0x3f8(t1); CHECK(a1, -1)
        ld a1, 0x400(t1); CHECK(a1, 0); ld a1, 0x440(t1); CHECK(a1, -1)
        csrwi satp, 0
        sfence.vma
  CASE(13)                                        # cbo.zero over compiled code
        la a0, code; li a1, 0; li a2, 40
1:      jalr ra, a0; addi a2, a2, -1; bnez a2, 1b
        CHECK(a1, 40)
        la a0, code; cbo.zero (a0); fence.i
        RUN_IN(PRV_M, 1: jalr ra, a0); CHECK(s2, 2); CHECKR(s4, a0); CHECK(s3, 0)
#endif
        j pass
PRIV_END

        .data
        .balign 64
code:   addi a1, a1, 1
        ret
        .balign 64
cbuf:   .skip 192
        .balign 4096
cpage:  .skip 4096

        .bss
        .balign 4096
root:   .skip 4096
m:      .skip 4096
p:      .skip 4096
