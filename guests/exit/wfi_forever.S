/*
 * WFI with every interrupt disabled (mie = 0, mstatus.MIE = 0) and no timer armed:
 * nothing can ever wake the hart. With standard input closed, the CLI reports that
 * and exits with status 125.
 */
#include "exit.h"

PROGRAM_BEGIN
        csrw    mie, zero
        csrci   mstatus, 0x8            /* MIE */
1:      wfi
        j       1b
