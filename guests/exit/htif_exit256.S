/* HTIF exit with code 256 (wraps to 0 as an 8-bit process status): tohost = (256 << 1) | 1. */
#include "exit.h"

PROGRAM_BEGIN
        li      t0, (256 << 1) | 1
        HTIF_SEND(t0)
1:      j       1b

HTIF_SYMBOLS
