# Physical memory protection (priv spec 1.12, 3.7): 16 entries, OFF/TOR/NA4/
# NAPOT matching, R/W/X per access type for S and U, priority by entry number,
# partial matches fail, an S/U access that matches no entry fails (while at
# least one entry is configured), M-mode is only bound by locked entries, locked
# entries ignore writes (TOR also locks the previous pmpaddr), access faults
# 1/5/7 with mtval = address, pmpaddr WARL width (G = 0: 54 writable bits),
# odd pmpcfg CSRs do not exist on RV64. Every PMP change is followed by
# sfence.vma x0, x0 as 3.7.2 requires when virtual memory is implemented.
#include "priv_test.h"

#define P_R 0x01
#define P_W 0x02
#define P_X 0x04
#define P_TOR 0x08
#define P_NA4 0x10
#define P_NAPOT 0x18
#define P_L 0x80

/* pmpcfg byte of entry i (0..7 in pmpcfg0, 8..15 in pmpcfg2) = v */
#define CFG0(i, v) li t0, 0xff << (8 * (i)); csrc pmpcfg0, t0;             \
                   li t0, (v) << (8 * (i)); csrs pmpcfg0, t0; sfence.vma
#define CFG2(i, v) li t0, 0xff << (8 * ((i) - 8)); csrc pmpcfg2, t0;       \
                   li t0, (v) << (8 * ((i) - 8)); csrs pmpcfg2, t0; sfence.vma
/* pmpaddr = NAPOT encoding of [label + off, + size) / plain address >> 2 */
#define NAPOT(csr, label, off, size) la t0, label; addi t0, t0, off;       \
        li t1, (size) / 2 - 1; add t0, t0, t1; srli t0, t0, 2; csrw csr, t0
#define ADDR(csr, label, off) la t0, label; li t1, off; add t0, t0, t1;    \
        srli t0, t0, 2; csrw csr, t0

/* a0 = address; run in mode; expect access fault `cause` with mtval = a0 */
#define FAULT_IN(mode, cause, ...)                                         \
        RUN_IN(mode, 1: __VA_ARGS__); CHECK_MTRAP(cause, 1b); CHECKR(s3, a0)
#define OK_IN(mode, ...) RUN_IN(mode, __VA_ARGS__); CHECK(s2, 8 + (mode))
#define RESET_PMP  csrwi pmpcfg0, 0; csrwi pmpcfg2, 0;                      \
        li t0, -1; csrw pmpaddr15, t0; CFG2(15, P_NAPOT | P_R | P_W | P_X)

PRIV_BEGIN
        .option norvc
        RESET_PMP                                 # entry 15: catch-all RWX

  # ------------------------------------------------ CSR read-back
  CASE(1)
        li t0, -1; csrw pmpaddr1, t0; csrr a0, pmpaddr1
#ifdef QEMU72_QUIRKS
        slli a0, a0, 10; srli a0, a0, 10          # QEMU 7.2 keeps all 64 bits
#endif
        li t6, 0x003fffffffffffff; CHECKR(a0, t6) # 54 bits, G = 0
        li t0, 0x12345; csrw pmpaddr1, t0; csrr a0, pmpaddr1; CHECK(a0, 0x12345)
        csrw pmpaddr1, zero
  CASE(2)
        li t0, 0x1f1b0d; csrw pmpcfg0, t0; csrr a0, pmpcfg0; CHECK(a0, 0x1f1b0d)
        csrwi pmpcfg0, 0; sfence.vma
        csrr a0, pmpcfg2; srli a0, a0, 56; CHECK(a0, 0x1f)
  CASE(3)
        RUN_IN(PRV_M, 1: csrr a0, pmpcfg1)        # odd pmpcfg: RV32 only
        CHECK_MTRAP(2, 1b)
  CASE(4)
        RUN_IN(PRV_M, 1: csrr a0, pmpcfg3)
        CHECK_MTRAP(2, 1b)
  CASE(5)
        RUN_IN(PRV_S, 1: csrr a0, pmpaddr0)       # M-only CSRs
        CHECK_MTRAP(2, 1b)

  # ----------------------------------------------- NAPOT permissions
  CASE(6)                                         # R only: load ok
        NAPOT(pmpaddr0, pdata, 0, 4096); CFG0(0, P_NAPOT | P_R)
        la a0, pdata
        OK_IN(PRV_U, ld a1, 0(a0))
        CHECK(a1, 0x1111)
  CASE(7)
        la a0, pdata + 16; FAULT_IN(PRV_U, 7, sd a1, 0(a0))
  CASE(8)
        la a0, pdata + 24; FAULT_IN(PRV_S, 7, sw a1, 0(a0))
  CASE(9)
        la a0, pdata + 32; FAULT_IN(PRV_S, 7, amoadd.w a1, a2, (a0))
  CASE(10)                                        # no X: fetch fault, mtval = mepc = address
        la a0, pdata + 0x40
        RUN_IN(PRV_U, jr a0)
        CHECK(s2, 1); CHECKR(s3, a0); CHECKR(s4, a0)
  CASE(11)                                        # M-mode ignores unlocked entries
        CFG0(0, P_NAPOT)
        la a0, pdata; li a1, 0x2222; sd a1, 8(a0); ld a2, 8(a0); CHECK(a2, 0x2222)
  CASE(12)                                        # no permission at all: load fault
        la a0, pdata + 8; FAULT_IN(PRV_U, 5, ld a1, 0(a0))
  CASE(13)                                        # W+R, executing: fault; outside: fine
        CFG0(0, P_NAPOT | P_R | P_W)
        la a0, pdata + 40; li a2, 0x3333
        OK_IN(PRV_S, sd a2, 0(a0); ld a1, 0(a0))
        CHECK(a1, 0x3333)
        la a0, pafter; OK_IN(PRV_S, ld a1, 0(a0))      # matched by entry 15
  CASE(14)                                        # X only: code runs, load fails
        NAPOT(pmpaddr0, pcode, 0, 4096); CFG0(0, P_NAPOT | P_X)
        la a0, pcode
        RUN_IN(PRV_U, jalr ra, 0(a0))             # pcode: li a5, 0x77; ecall
        CHECK(s2, 8); CHECK(a5, 0x77)
        la a0, pcode; FAULT_IN(PRV_U, 5, lw a1, 0(a0))
        CFG0(0, 0)

  # --------------------------------------------------------- TOR
  CASE(15)                                        # [pdata, pdata + 4096): R
        ADDR(pmpaddr0, pdata, 0); ADDR(pmpaddr1, pdata, 4096)
        CFG0(1, P_TOR | P_R)
        la a0, pdata + 4088; OK_IN(PRV_U, ld a1, 0(a0))
        la a0, pdata + 8; FAULT_IN(PRV_U, 7, sd a1, 0(a0))
        la a0, pdata + 4096; OK_IN(PRV_U, sd a1, 0(a0))   # just above: entry 15
  CASE(16)                                        # entry 0 OFF does not match itself
        la a0, pdata - 8; OK_IN(PRV_U, sd a1, 0(a0))
  CASE(17)                                        # TOR in entry 0 starts at address 0
        ADDR(pmpaddr0, pdata, 0); CFG0(1, 0); CFG0(0, P_TOR | P_R | P_X)
        la a0, pdata - 8; FAULT_IN(PRV_S, 7, sd a1, 0(a0))
        la a0, pdata; OK_IN(PRV_S, sd a1, 0(a0))
        CFG0(0, 0)
  CASE(18)                                        # TOR with top <= bottom matches nothing
        ADDR(pmpaddr0, pdata, 4096); ADDR(pmpaddr1, pdata, 0)
        CFG0(1, P_TOR)
        la a0, pdata + 8; OK_IN(PRV_U, sd a1, 0(a0))
        CFG0(1, 0)

  # --------------------------------------------------------- NA4
  CASE(19)
        ADDR(pmpaddr0, pdata, 8); CFG0(0, P_NA4)
        la a0, pdata + 8; FAULT_IN(PRV_U, 5, lw a1, 0(a0))
        la a0, pdata + 12; OK_IN(PRV_U, lw a1, 0(a0))
        la a0, pdata + 4; OK_IN(PRV_U, lw a1, 0(a0))
  CASE(20)                                        # partial overlap fails even if permitted
        CFG0(0, P_NA4 | P_R | P_W)
        la a0, pdata + 8; OK_IN(PRV_U, lw a1, 0(a0))
        FAULT_IN(PRV_U, 5, ld a1, 0(a0))
        FAULT_IN(PRV_U, 7, sd a1, 0(a0))
        CFG0(0, 0)

  # ------------------------------------------------- priority order
  CASE(21)                                        # entry 0 (8 B, none) beats entry 1 (4 KiB, RW)
        NAPOT(pmpaddr0, pdata, 0, 8); NAPOT(pmpaddr1, pdata, 0, 4096)
        CFG0(1, P_NAPOT | P_R | P_W); CFG0(0, P_NAPOT)
        la a0, pdata; FAULT_IN(PRV_U, 5, ld a1, 0(a0))
        la a0, pdata + 8; OK_IN(PRV_U, ld a1, 0(a0); sd a1, 0(a0))
  CASE(22)                                        # the lower-numbered entry decides, even if
        CFG0(0, P_NAPOT | P_R | P_W)              # a later one would deny
        CFG0(1, P_NAPOT)
        la a0, pdata; OK_IN(PRV_U, ld a1, 0(a0))
        la a0, pdata + 8; FAULT_IN(PRV_U, 5, ld a1, 0(a0))
        csrwi pmpcfg0, 0; sfence.vma

  # ------------------------------------------ S/U access with no match
  CASE(23)                                        # only code and pdata covered
        li t0, 0x80000000 >> 2; csrw pmpaddr2, t0
        ADDR(pmpaddr3, pdata, 0)
        CFG0(3, P_TOR | P_R | P_X)                # [0x80000000, pdata): code
        NAPOT(pmpaddr4, pdata, 0, 8192); CFG0(4, P_NAPOT | P_R | P_W)
        CFG2(15, 0)
        la a0, pdata + 8; OK_IN(PRV_U, sd a1, 0(a0))
        la a0, pafter; FAULT_IN(PRV_U, 5, ld a1, 0(a0))
        la a0, pafter; FAULT_IN(PRV_S, 7, sd a1, 0(a0))
        li a0, FINISHER; FAULT_IN(PRV_S, 7, sw a1, 0(a0))
        la a0, pafter; li a1, 5; sd a1, 0(a0); ld a2, 0(a0); CHECK(a2, 5)   # M: no match = ok
        RESET_PMP

  # --------------------------------------------------------- locks
  CASE(24)                                        # locked R-only entry binds M-mode
        NAPOT(pmpaddr5, plock, 0, 4096); CFG0(5, P_NAPOT | P_R | P_L)
        la a0, plock; ld a1, 0(a0); CHECK(a1, 0x4444)
        RUN_IN(PRV_M, 1: sd a1, 0(a0))
        CHECK_MTRAP(7, 1b); CHECKR(s3, a0)
  CASE(25)                                        # writes to a locked entry are ignored
        csrr a1, pmpaddr5
        csrwi pmpaddr5, 0; csrr a2, pmpaddr5; CHECKR(a2, a1)
        CFG0(5, P_NAPOT | P_R | P_W)
        csrr a0, pmpcfg0; srli a0, a0, 40; andi a0, a0, 0xff; CHECK(a0, P_NAPOT | P_R | P_L)
        li t0, 0xff << 40; csrc pmpcfg0, t0       # csrc cannot clear it either
        csrr a0, pmpcfg0; srli a0, a0, 40; andi a0, a0, 0xff; CHECK(a0, P_NAPOT | P_R | P_L)
        la a0, plock; RUN_IN(PRV_M, 1: sd a1, 0(a0))
        CHECK_MTRAP(7, 1b)
  CASE(26)                                        # locked, no X: M fetch faults (cause 1)
        la a0, plock + 0x100
        RUN_IN(PRV_M, jr a0)
        CHECK(s2, 1); CHECKR(s3, a0)
  CASE(27)                                        # TOR lock also locks the previous pmpaddr
        ADDR(pmpaddr6, pafter, 0); ADDR(pmpaddr7, pafter, 4096)
        CFG0(7, P_TOR | P_R | P_L)
        csrr a1, pmpaddr6
        csrwi pmpaddr6, 0; csrr a2, pmpaddr6; CHECKR(a2, a1)
        CFG0(6, P_NAPOT | P_R | P_W | P_X)        # cfg6 itself is not locked
        csrr a0, pmpcfg0; srli a0, a0, 48; andi a0, a0, 0xff; CHECK(a0, P_NAPOT | P_R | P_W | P_X)
        CFG0(6, 0)
        la a0, pafter + 16; RUN_IN(PRV_M, 1: sd a1, 0(a0))
        CHECK_MTRAP(7, 1b); CHECKR(s3, a0)
        la a0, pafter + 16; ld a1, 0(a0)          # R allowed for M
  CASE(28)                                        # other entries stay writable
        li t0, 0x1234; csrw pmpaddr8, t0; csrr a0, pmpaddr8; CHECK(a0, 0x1234)
        j pass
PRIV_END

        .data
        .balign 8192
pdata:  .dword 0x1111
        .balign 4096
pcode:  li a5, 0x77
        ecall
        .balign 4096
pafter: .dword 0
        .balign 4096
plock:  .dword 0x4444
        .balign 4096
