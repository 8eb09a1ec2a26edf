/* HTIF exit with status 0: tohost = 1. Runs on either board (has tohost). */
#include "exit.h"

PROGRAM_BEGIN
        li      t0, 1
        HTIF_SEND(t0)
1:      j       1b

HTIF_SYMBOLS
