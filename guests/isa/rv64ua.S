# RV64A: lr/sc (success, failure without reservation, failure after an
# intervening sc), every AMO in .w and .d form (.w results sign-extended,
# neighbouring word untouched), aq/rl variants. Misaligned AMO/LR/SC: rv64ua_misaligned.S
#include "htif_test.h"

#define GUARD 0x5a5a5a5a
/* 64-bit AMO: memory holds init; expect rd = old value, memory = exp_mem */
#define TEST_AMO_D(n, op, init, operand, exp_rd, exp_mem)                   \
        CASE(n); la a1, amobuf; li t0, init; sd t0, 0(a1);                  \
        li a2, operand; op a0, a2, (a1); CHECK(a0, exp_rd);                 \
        ld a3, 0(a1); CHECK(a3, exp_mem)
/* 32-bit AMO on the low word; the high word holds GUARD */
#define TEST_AMO_W(n, op, init, operand, exp_rd, exp_mem)                   \
        CASE(n); la a1, amobuf; li t0, init; sw t0, 0(a1);                  \
        li t0, GUARD; sw t0, 4(a1);                                         \
        li a2, operand; op a0, a2, (a1); CHECK(a0, exp_rd);                 \
        lwu a3, 0(a1); CHECK(a3, exp_mem); lwu a3, 4(a1); CHECK(a3, GUARD)

TEST_BEGIN
  # ---- AMO .d
  TEST_AMO_D(1,  amoswap.d, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef, 0xfedcba9876543210)
  TEST_AMO_D(2,  amoadd.d,  0xffffffffffffffff, 1, 0xffffffffffffffff, 0)
  TEST_AMO_D(3,  amoadd.d,  0x00000000ffffffff, 1, 0x00000000ffffffff, 0x100000000)
  TEST_AMO_D(4,  amoxor.d,  0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0)
  TEST_AMO_D(5,  amoand.d,  0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
  TEST_AMO_D(6,  amoor.d,   0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0)
  TEST_AMO_D(7,  amomin.d,  0xffffffffffffffff, 1, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_AMO_D(8,  amomin.d,  0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000)
  TEST_AMO_D(9,  amomax.d,  0xffffffffffffffff, 1, 0xffffffffffffffff, 1)
  TEST_AMO_D(10, amomax.d,  0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_AMO_D(11, amominu.d, 0xffffffffffffffff, 1, 0xffffffffffffffff, 1)
  TEST_AMO_D(12, amominu.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
  TEST_AMO_D(13, amomaxu.d, 0xffffffffffffffff, 1, 0xffffffffffffffff, 0xffffffffffffffff)
  TEST_AMO_D(14, amomaxu.d, 0x100000000, 0xffffffff, 0x100000000, 0x100000000)
  # ---- AMO .w (operand upper bits ignored, result sign-extended)
  TEST_AMO_W(15, amoswap.w, 0x80000000, 0x1234567812345678, 0xffffffff80000000, 0x12345678)
  TEST_AMO_W(16, amoswap.w, 0x7fffffff, 0xffffffff, 0x7fffffff, 0xffffffff)
  TEST_AMO_W(17, amoadd.w,  0x7fffffff, 1, 0x7fffffff, 0x80000000)
  TEST_AMO_W(18, amoadd.w,  0xffffffff, 0x100000001, 0xffffffffffffffff, 0)
  TEST_AMO_W(19, amoxor.w,  0xff00ff00, 0xffffffff0ff00ff0, 0xffffffffff00ff00, 0xf0f0f0f0)
  TEST_AMO_W(20, amoand.w,  0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0x0f000f00)
  TEST_AMO_W(21, amoor.w,   0x0f00ff00, 0x0ff00ff0, 0x0f00ff00, 0x0ff0fff0)
  TEST_AMO_W(22, amomin.w,  0x80000000, 0xffffffff00000001, 0xffffffff80000000, 0x80000000)
  TEST_AMO_W(23, amomin.w,  0x00000005, 0x00000000fffffffb, 0x5, 0xfffffffb)
  TEST_AMO_W(24, amomax.w,  0x80000000, 0xffffffff00000001, 0xffffffff80000000, 1)
  TEST_AMO_W(25, amomax.w,  0xffffffff, 0x00000000fffffffe, 0xffffffffffffffff, 0xffffffff)
  TEST_AMO_W(26, amominu.w, 0x80000000, 0xffffffff00000001, 0xffffffff80000000, 1)
  TEST_AMO_W(27, amominu.w, 0xffffffff, 0x00000000fffffffe, 0xffffffffffffffff, 0xfffffffe)
  TEST_AMO_W(28, amomaxu.w, 0x80000000, 0xffffffff00000001, 0xffffffff80000000, 0x80000000)
  TEST_AMO_W(29, amomaxu.w, 0x00000001, 0x00000001ffffffff, 1, 0xffffffff)
  # ---- aq / rl / aqrl encodings behave the same
  TEST_AMO_D(30, amoadd.d.aq,   5, 6, 5, 11)
  TEST_AMO_D(31, amoadd.d.rl,   5, 6, 5, 11)
  TEST_AMO_D(32, amoadd.d.aqrl, 5, 6, 5, 11)
  TEST_AMO_W(33, amoswap.w.aq,  1, 2, 1, 2)
  TEST_AMO_W(34, amoor.w.rl,    1, 2, 1, 3)
  TEST_AMO_W(35, amomaxu.w.aqrl, 1, 2, 1, 2)
  TEST_AMO_D(36, amominu.d.aqrl, 7, 3, 7, 3)
  TEST_AMO_W(37, amoxor.w.aqrl, 3, 5, 3, 6)
  TEST_AMO_D(38, amoand.d.aq, 0xf0, 0x3c, 0xf0, 0x30)
  TEST_AMO_D(39, amomin.d.rl, 2, -2, 2, -2)
  TEST_AMO_W(40, amomax.w.aq, 2, -2, 2, 2)
  # rd = x0 still updates memory; rd == rs2
  CASE(41); la a1, amobuf; li t0, 10; sd t0, 0(a1); li a2, 5; amoadd.d x0, a2, (a1); ld a3, 0(a1); CHECK(a3, 15); CHECK(x0, 0)
  CASE(42); la a1, amobuf; li t0, 10; sd t0, 0(a1); li a2, 5; amoswap.d a2, a2, (a1); CHECK(a2, 10); ld a3, 0(a1); CHECK(a3, 5)

  # ---- LR / SC
  CASE(43)                          # lr.d / sc.d success
        la a1, amobuf; li t0, 0x1111222233334444; sd t0, 0(a1)
        lr.d a0, (a1)
        CHECK(a0, 0x1111222233334444)
        li a2, 0x5555666677778888
        sc.d a3, a2, (a1)
        CHECK(a3, 0)
        ld a4, 0(a1); CHECK(a4, 0x5555666677778888)
  CASE(44)                          # after any sc the reservation is gone: second sc fails
        li a2, 0x0badc0de
        sc.d a3, a2, (a1)
        beqz a3, fail
        ld a4, 0(a1); CHECK(a4, 0x5555666677778888)
  CASE(45)                          # lr.w sign-extends, sc.w stores 32 bits only
        la a1, amobuf; li t0, GUARD; sw t0, 4(a1); li t0, 0x80000001; sw t0, 0(a1)
        lr.w a0, (a1)
        CHECK(a0, 0xffffffff80000001)
        li a2, 0xffffffff7ffffffe
        sc.w a3, a2, (a1)
        CHECK(a3, 0)
        ld a4, 0(a1); CHECK(a4, 0x5a5a5a5a7ffffffe)
  CASE(46)                          # intervening sc to another address kills the reservation
        la a1, amobuf; la a5, amofar
        sd zero, 0(a1); sd zero, 0(a5)
        lr.d a0, (a1)
        li a2, 123
        sc.d a3, a2, (a5)           # no reservation for amofar: fails
        beqz a3, fail
        sc.d a3, a2, (a1)           # reservation was invalidated by the sc above
        beqz a3, fail
        ld a4, 0(a1); CHECK(a4, 0)
        ld a4, 0(a5); CHECK(a4, 0)
  CASE(47)                          # lr.w/sc.w with aq/rl bits
        la a1, amobuf; li t0, 41; sw t0, 0(a1)
        lr.w.aq a0, (a1)
        addi a0, a0, 1
        sc.w.rl a3, a0, (a1)
        CHECK(a3, 0)
        lw a4, 0(a1); CHECK(a4, 42)
  CASE(48)                          # lr.d.aqrl / sc.d.aqrl
        lr.d.aqrl a0, (a1)
        sc.d.aqrl a3, zero, (a1)
        CHECK(a3, 0)
        ld a4, 0(a1); CHECK(a4, 0)
  CASE(49)                          # an LR/SC increment loop
        la a1, amobuf; sd zero, 0(a1); li a5, 5
1:      lr.d a0, (a1)
        addi a0, a0, 1
        sc.d a3, a0, (a1)
        bnez a3, 1b
        addi a5, a5, -1
        bnez a5, 1b
        ld a4, 0(a1); CHECK(a4, 5)
  CASE(50)                          # sc.w after a successful sc.w also fails
        la a1, amobuf
        lr.w a0, (a1)
        sc.w a3, a0, (a1)
        CHECK(a3, 0)
        sc.w a3, a0, (a1)
        beqz a3, fail

TEST_END

TEST_DATA_BEGIN
        .balign 64
amobuf: .skip 64
        .skip 4096
amofar: .skip 64
TEST_DATA_END
