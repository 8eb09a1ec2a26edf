# Machine-mode traps: illegal instructions (mtval = encoding, incl. the
# all-zero 16-bit word, reserved compressed encodings, unimplemented opcodes
# and funct fields), ecall (cause 11 from M, 8 from U), ebreak (cause 3),
# mepc/mcause/mtval values, mstatus MIE/MPIE/MPP on trap entry and mret,
# mtvec direct and vectored mode (exceptions go to BASE in both), jump
# targets with C enabled (2-byte aligned is fine, jalr clears bit 0).
#include "htif_test.h"

/* Run `word` (raw encoding emitted with .word/.half) expecting illegal
 * instruction with mtval == value, mepc == its address. */
#define TEST_ILLEGAL32(n, enc)                                             \
        CASE(n); EXPECT_TRAP_ON; 1: .word enc; EXPECT_TRAP_OFF;            \
        CHECK(s9, 2); CHECK(s10, enc); la t6, 1b; CHECKR(s11, t6)
#define TEST_ILLEGAL16(n, enc)                                             \
        CASE(n); EXPECT_TRAP_ON; 1: .half enc; EXPECT_TRAP_OFF;            \
        CHECK(s9, 2); CHECK(s10, enc); la t6, 1b; CHECKR(s11, t6)

TEST_BEGIN
  .option push
  .option norvc
  # ---- illegal instructions
  TEST_ILLEGAL16(1, 0x0000)             # all-zero 16-bit word (defined illegal)
  TEST_ILLEGAL16(2, 0x6101)             # c.addi16sp with imm 0 (reserved)
  TEST_ILLEGAL16(3, 0x6081)             # c.lui x1, 0 (reserved)
  TEST_ILLEGAL16(4, 0x0004)             # c.addi4spn with imm 0 (reserved)
  TEST_ILLEGAL16(5, 0x8002)             # c.jr x0 (reserved)
  TEST_ILLEGAL16(6, 0x4002)             # c.lwsp x0 (reserved)
  TEST_ILLEGAL32(7, 0x0000006b)         # reserved major opcode
  TEST_ILLEGAL32(8, 0x0000000b)         # custom-0, not implemented
  TEST_ILLEGAL32(9, 0x0000007b)         # custom-3, not implemented
  TEST_ILLEGAL32(10, 0xfe000033)        # OP with undefined funct7
  TEST_ILLEGAL32(11, 0x06000053)        # fadd.q (no Q extension)
  TEST_ILLEGAL32(12, 0x00007003)        # load with funct3 = 7 (no such width)
  TEST_ILLEGAL32(13, 0x00004023)        # store with funct3 = 4
  TEST_ILLEGAL32(14, 0x00002063)        # branch funct3 = 2
  TEST_ILLEGAL32(15, 0x8000101b)        # slliw with imm[5] set (shamt >= 32)
  TEST_ILLEGAL32(16, 0x30300073)        # SYSTEM funct12 next to mret (0x302): undefined
  TEST_ILLEGAL32(17, 0x0000700f)        # MISC-MEM funct3 = 7 (undefined)

  # ---- ecall / ebreak from M
  CASE(18); EXPECT_TRAP_ON
1:      ecall
        EXPECT_TRAP_OFF
        CHECK(s9, 11); CHECK(s10, 0); la t6, 1b; CHECKR(s11, t6)
  CASE(19); EXPECT_TRAP_ON
1:      ebreak
        EXPECT_TRAP_OFF
        CHECK(s9, 3); la t6, 1b; CHECKR(s11, t6)
        beqz s10, 2f; CHECKR(s10, t6)           # mtval is 0 or the breakpoint address
2:
  .option pop

  # ---- trap entry / mret update mstatus: MIE -> MPIE, MIE = 0, MPP = M
  CASE(20)
        csrwi mie, 0                            # no interrupt sources enabled
        csrsi mstatus, 8                        # MIE = 1
        la t0, h_status; csrw mtvec, t0
        ecall
        CLEAR_TRAP
        # handler stored mstatus seen inside the trap in s9
        srli a0, s9, 3; andi a0, a0, 1; CHECK(a0, 0)      # MIE cleared
        srli a0, s9, 7; andi a0, a0, 1; CHECK(a0, 1)      # MPIE = old MIE
        srli a0, s9, 11; andi a0, a0, 3; CHECK(a0, 3)     # MPP = M
        csrr a0, mstatus; andi a0, a0, 8; CHECK(a0, 8)    # mret restored MIE
        csrci mstatus, 8

  # ---- mtvec direct: read back, trap goes to base
  CASE(21); la t0, hs_expect_trap; csrw mtvec, t0; csrr a0, mtvec; CHECKR(a0, t0); CLEAR_TRAP
  # ---- mtvec vectored: exceptions still go to BASE
  CASE(22)
        la t0, vec_table; ori t0, t0, 1; csrw mtvec, t0
        csrr a0, mtvec; CHECKR(a0, t0)
        li s9, -1
        ecall                                    # cause 11: must not use base + 44
        CLEAR_TRAP
        CHECK(s9, 11)
  CASE(23)
        la t0, vec_table; ori t0, t0, 1; csrw mtvec, t0
        li s9, -1
        .word 0                                  # illegal, cause 2: must not use base + 8
        CLEAR_TRAP
        CHECK(s9, 2)

  # ---- ecall from U-mode (cause 8), U-mode CSR access to M CSR is illegal
  CASE(24)
        li t0, -1; csrw pmpaddr0, t0             # allow U-mode access to everything
        li t0, 0x1f; csrw pmpcfg0, t0            # NAPOT, RWX
        la t0, h_user; csrw mtvec, t0
        li s9, -1
        li t0, 0x1800; csrc mstatus, t0          # MPP = U
        la t0, 1f; csrw mepc, t0
        mret
1:      csrr a0, mscratch                        # in U-mode: illegal
        CHECK(s9, 2)
        lwu t6, 1b; CHECKR(s10, t6)
  CASE(25)
        li s9, -1
1:      ecall                                    # from U: cause 8, handler returns to M
        CHECK(s9, 8)
        CHECK(s10, 0)
        la t6, 1b; CHECKR(s11, t6)
  CASE(26)
        CLEAR_TRAP                               # legal only in M-mode
        srli a0, s8, 11; andi a0, a0, 3; CHECK(a0, 0)     # MPP = U inside the handler
        csrr a0, mstatus; srli a0, a0, 11; andi a0, a0, 3; CHECK(a0, 0)   # mret sets MPP to U
        csrr a0, mscratch                                                  # M again: legal

  # ---- jump targets with C enabled: 2-byte aligned targets, jalr clears bit 0
  CASE(27)
        la a1, 2f; addi a1, a1, 1; li a0, 0
        jalr ra, 0(a1)                           # target 2f (bit 0 cleared)
        j fail
2:      CHECK(a0, 0)
  CASE(28)
        .option push; .option norvc
        la a1, 3f; addi a1, a1, 2; li a0, 1
        jr a1                                    # pc % 4 == 2 is a legal target
3:      .half 0x0001
        addi a0, a0, 1
        .option pop
        CHECK(a0, 2)
  CASE(29)
        .option push; .option rvc
        li a0, 0
        c.nop
        beq x0, x0, 4f                           # 32-bit branch to a 2-aligned target
        c.li a0, 5
        .balign 4
        c.nop
4:      c.addi a0, 3
        .option pop
        CHECK(a0, 3)
  # a trap did not happen in any of these (default handler would fail)
  CASE(30); csrr a0, mcause; CHECK(a0, 8)        # last trap was the U-mode ecall
TEST_END

        .balign 4
h_status:                                        # record mstatus, return after ecall
        csrr s9, mstatus
        csrr t0, mepc; addi t0, t0, 4; csrw mepc, t0
        mret
        .balign 4
h_user:                                          # U-mode tests: record the trap;
        csrr s8, mstatus                         # ecall (8) returns to M-mode after it,
        csrr s9, mcause                          # anything else resumes U-mode after it
        csrr s10, mtval
        csrr s11, mepc
        addi t0, s11, 4; csrw mepc, t0
        li t0, 8; bne s9, t0, 1f
        li t0, 0x1800; csrs mstatus, t0          # MPP = M
1:      mret

        .balign 256
vec_table:                                       # BASE: the only entry exceptions may use
        .option push; .option norvc
        j hs_expect_trap
        j fail                                   # base + 4
        j fail                                   # base + 8 (cause 2)
        .rept 13
        j fail
        .endr
        .option pop
