/*
 * Endless illegal-instruction traps: mtvec points at an all-zero word (an illegal
 * instruction), so every trap traps again at the handler. No instruction retires
 * after the first few; --max-insns must still stop the run (status 124).
 */
#include "exit.h"

PROGRAM_BEGIN
        la      t0, handler
        csrw    mtvec, t0
        .word   0                       /* first illegal instruction */
        .balign 4
handler:
        .word   0                       /* the trap handler faults again, forever */
