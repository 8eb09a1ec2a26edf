# RV64I conditional branches: beq bne blt bge bltu bgeu (taken / not taken,
# signed vs unsigned, 64-bit operands, forward and backward)
#include "htif_test.h"
TEST_BEGIN
  TEST_BR_TAKEN(1,  beq, 0, 0)
  TEST_BR_TAKEN(2,  beq, -1, -1)
  TEST_BR_TAKEN(3,  beq, 0x8000000000000000, 0x8000000000000000)
  TEST_BR_NOTTAKEN(4, beq, 0, 1)
  TEST_BR_NOTTAKEN(5, beq, 0x100000000, 0)        # differs only in the upper word
  TEST_BR_NOTTAKEN(6, beq, 0xffffffff, -1)
  TEST_BR_TAKEN(7,  bne, 0, 1)
  TEST_BR_TAKEN(8,  bne, 0x100000000, 0)
  TEST_BR_TAKEN(9,  bne, 0xffffffff, -1)
  TEST_BR_NOTTAKEN(10, bne, 5, 5)
  TEST_BR_NOTTAKEN(11, bne, -1, -1)
  TEST_BR_TAKEN(12, blt, 0, 1)
  TEST_BR_TAKEN(13, blt, -1, 0)
  TEST_BR_TAKEN(14, blt, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_TAKEN(15, blt, -2, -1)
  TEST_BR_NOTTAKEN(16, blt, 1, 0)
  TEST_BR_NOTTAKEN(17, blt, 0, 0)
  TEST_BR_NOTTAKEN(18, blt, 0, -1)
  TEST_BR_NOTTAKEN(19, blt, 0x80000000, 0x7fffffff)
  TEST_BR_TAKEN(20, bge, 1, 0)
  TEST_BR_TAKEN(21, bge, 0, 0)
  TEST_BR_TAKEN(22, bge, 0, -1)
  TEST_BR_TAKEN(23, bge, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_TAKEN(24, bge, -1, -1)
  TEST_BR_NOTTAKEN(25, bge, -1, 0)
  TEST_BR_NOTTAKEN(26, bge, 0x8000000000000000, -1)
  TEST_BR_TAKEN(27, bltu, 0, 1)
  TEST_BR_TAKEN(28, bltu, 0, -1)
  TEST_BR_TAKEN(29, bltu, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_BR_TAKEN(30, bltu, 0xffffffff, 0x100000000)
  TEST_BR_NOTTAKEN(31, bltu, -1, 0)
  TEST_BR_NOTTAKEN(32, bltu, 3, 3)
  TEST_BR_NOTTAKEN(33, bltu, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_TAKEN(34, bgeu, -1, 0)
  TEST_BR_TAKEN(35, bgeu, 3, 3)
  TEST_BR_TAKEN(36, bgeu, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_BR_NOTTAKEN(37, bgeu, 0, -1)
  TEST_BR_NOTTAKEN(38, bgeu, 0xffffffff, 0x100000000)
  # x0 operands / pseudo-instructions
  CASE(39); li a1, 0; beqz a1, 1f; j fail; 1:
  CASE(40); li a1, -5; bltz a1, 1f; j fail; 1:
  CASE(41); li a1, 5; bgtz a1, 1f; j fail; 1:
  CASE(42); li a1, 0; blez a1, 1f; j fail; 1:
  # backward branch: count a loop
  CASE(43); li a0, 0; li a1, 10
2:      addi a0, a0, 1
        addi a1, a1, -1
        bnez a1, 2b
        CHECK(a0, 10)
  # branch that only executes its fall-through side effects when not taken
  CASE(44); li a0, 0; li a1, 1; li a2, 2
        beq a1, a2, 3f
        addi a0, a0, 1
3:      addi a0, a0, 2
        CHECK(a0, 3)
  # far branch (> 2 KiB)
  CASE(45); li a1, 1; bnez a1, 4f
        j fail
        .skip 3000
4:      nop
TEST_END
