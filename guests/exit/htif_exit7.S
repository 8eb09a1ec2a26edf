/* HTIF exit with status 7: tohost = (7 << 1) | 1. */
#include "exit.h"

PROGRAM_BEGIN
        li      t0, (7 << 1) | 1
        HTIF_SEND(t0)
1:      j       1b

HTIF_SYMBOLS
