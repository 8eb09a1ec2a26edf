# Counter access control (priv spec 1.12, 3.1.11, 4.1.5; Zicntr): cycle, time
# and instret are readable in M-mode; from S they need mcounteren.CY/TM/IR,
# from U both mcounteren and scounteren; a disabled counter read is an illegal
# instruction (mtval = encoding). time increases and agrees with CLINT mtime;
# cycle and instret increase.
#include "priv_test.h"

#define ILL_IN(mode, csr)                                                  \
        RUN_IN(mode, 1: csrr a1, csr); CHECK_MTRAP(2, 1b); lwu t6, 1b; CHECKR(s3, t6)
#define OK_IN(mode, csr)                                                   \
        RUN_IN(mode, csrr a1, csr); CHECK_MTRAP(8 + (mode), 96b)

PRIV_BEGIN
        .option norvc
  CASE(1)                                         # M-mode: always readable
        csrr a1, cycle; csrr a2, time; csrr a3, instret
        csrr a4, mcycle; csrr a5, minstret
        sltu a0, a4, a1; CHECK(a0, 0)             # mcycle (read later) >= cycle
        sltu a0, a5, a3; CHECK(a0, 0)             # minstret >= instret
  CASE(2)                                         # instret / cycle increase
        csrr a1, instret; nop; nop; nop; csrr a2, instret
        sub a0, a2, a1; sltiu a0, a0, 4; CHECK(a0, 0)      # at least 4 retired between
        csrr a1, cycle; nop; nop; csrr a2, cycle; sltu a0, a1, a2; CHECK(a0, 1)
  CASE(3)                                         # time increases
        csrr a1, time
        li a3, 20000
1:      addi a3, a3, -1; bnez a3, 1b
        csrr a2, time
        sltu a0, a1, a2; CHECK(a0, 1)
  CASE(4)                                         # time CSR agrees with CLINT mtime
        csrr a1, time; li t0, CLINT_MTIME; ld a2, 0(t0); csrr a3, time
        sltu a0, a2, a1; CHECK(a0, 0)             # a1 <= a2
        sltu a0, a3, a2; CHECK(a0, 0)             # a2 <= a3

  # ----------------------------------------------------- S-mode
  CASE(5); csrwi mcounteren, 0; csrwi scounteren, 7
        ILL_IN(PRV_S, cycle)
  CASE(6); ILL_IN(PRV_S, time)
  CASE(7); ILL_IN(PRV_S, instret)
  CASE(8); csrwi mcounteren, 1
        OK_IN(PRV_S, cycle)
  CASE(9); ILL_IN(PRV_S, time)
  CASE(10); csrwi mcounteren, 2
        OK_IN(PRV_S, time)
        ILL_IN(PRV_S, cycle)
  CASE(11); csrwi mcounteren, 4
        OK_IN(PRV_S, instret)
        ILL_IN(PRV_S, time)
  CASE(12); csrwi mcounteren, 7; csrwi scounteren, 0   # scounteren does not gate S
        OK_IN(PRV_S, cycle)
        OK_IN(PRV_S, time)
        OK_IN(PRV_S, instret)
  CASE(13)                                        # S cannot read mcycle / write mcounteren
        ILL_IN(PRV_S, mcycle)
        RUN_IN(PRV_S, 1: csrwi mcounteren, 0); CHECK_MTRAP(2, 1b)
  CASE(14)                                        # S may write scounteren
        RUN_IN(PRV_S, csrwi scounteren, 5; csrr a1, scounteren)
        andi a1, a1, 7; CHECK(a1, 5)
        csrr a0, scounteren; andi a0, a0, 7; CHECK(a0, 5)

  # ----------------------------------------------------- U-mode
  CASE(15); csrwi mcounteren, 7; csrwi scounteren, 0
        ILL_IN(PRV_U, cycle)
        ILL_IN(PRV_U, time)
        ILL_IN(PRV_U, instret)
  CASE(16); csrwi mcounteren, 0; csrwi scounteren, 7
        ILL_IN(PRV_U, cycle)
        ILL_IN(PRV_U, time)
        ILL_IN(PRV_U, instret)
  CASE(17); csrwi mcounteren, 7; csrwi scounteren, 7
        OK_IN(PRV_U, cycle)
        OK_IN(PRV_U, time)
        OK_IN(PRV_U, instret)
  CASE(18); csrwi mcounteren, 3; csrwi scounteren, 6   # only TM enabled in both
        OK_IN(PRV_U, time)
        ILL_IN(PRV_U, cycle)
        ILL_IN(PRV_U, instret)
  CASE(19)                                        # U reading time sees it advance
        csrwi mcounteren, 2; csrwi scounteren, 2
        RUN_IN(PRV_U, csrr a1, time; li a3, 20000; 2: addi a3, a3, -1; bnez a3, 2b; csrr a2, time)
        CHECK(s2, 8)
        sltu a0, a1, a2; CHECK(a0, 1)
  CASE(20)                                        # U never reads M/S counter CSRs
        ILL_IN(PRV_U, mcycle)
        ILL_IN(PRV_U, scounteren)
        csrwi mcounteren, 0; csrwi scounteren, 0
        j pass
PRIV_END
