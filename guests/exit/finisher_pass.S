/* SiFive test finisher pass (virt board): 32-bit store of 0x5555 -> status 0. */
#include "exit.h"

PROGRAM_BEGIN
        li      t0, FINISHER_BASE
        li      t1, FINISHER_PASS
        sw      t1, 0(t0)
1:      j       1b
