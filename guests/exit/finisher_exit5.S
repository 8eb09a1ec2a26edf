/* SiFive test finisher fail (virt board): 0x3333 | (5 << 16) -> status 5. */
#include "exit.h"

PROGRAM_BEGIN
        li      t0, FINISHER_BASE
        li      t1, FINISHER_FAIL | (5 << 16)
        sw      t1, 0(t0)
1:      j       1b
