# RV64I lui / auipc (20-bit immediates, sign extension of bit 31)
#include "htif_test.h"
TEST_BEGIN
  CASE(1); lui a0, 0; CHECK(a0, 0)
  CASE(2); lui a0, 0x00001; CHECK(a0, 0x1000)
  CASE(3); lui a0, 0x7ffff; CHECK(a0, 0x7ffff000)
  CASE(4); lui a0, 0x80000; CHECK(a0, 0xffffffff80000000)
  CASE(5); lui a0, 0xfffff; CHECK(a0, 0xfffffffffffff000)
  CASE(6); lui a0, 0x12345; addi a0, a0, 0x678; CHECK(a0, 0x12345678)
  CASE(7); lui a0, 0x80000; srai a0, a0, 12; CHECK(a0, 0xfffffffffff80000)
  CASE(8); lui x0, 0x12345; CHECK(x0, 0)
  # auipc: pc-relative
  CASE(9)
1:      auipc a0, 0
        la a1, 1b
        CHECKR(a0, a1)
  CASE(10)
1:      auipc a0, 1
        la a1, 1b
        sub a0, a0, a1
        CHECK(a0, 0x1000)
  CASE(11)
1:      auipc a0, 0xfffff
        la a1, 1b
        sub a0, a0, a1
        CHECK(a0, -0x1000)
  CASE(12)
1:      auipc a0, 0x80000            # pc - 2 GiB: sign extended
        la a1, 1b
        sub a0, a0, a1
        CHECK(a0, 0xffffffff80000000)
  CASE(13)
1:      auipc a0, 0x7ffff
        la a1, 1b
        sub a0, a0, a1
        CHECK(a0, 0x7ffff000)
  CASE(14)                           # auipc + addi reaches a label
        la a0, 2f
        jr a0
        j fail
2:      nop
TEST_END
