/*
 * Prints "hi\n" through the HTIF console (device 1, command 1), waiting for the
 * host's fromhost acknowledgement after each character, then exits with status 0.
 */
#include "exit.h"

PROGRAM_BEGIN
        la      s0, message
        la      s1, fromhost
        li      s2, HTIF_PUTCHAR
next:   lbu     a0, 0(s0)
        beqz    a0, done
        or      t0, s2, a0
        HTIF_SEND(t0)
wait:   ld      t1, 0(s1)
        beqz    t1, wait
        sd      zero, 0(s1)
        addi    s0, s0, 1
        j       next
done:   li      t0, 1
        HTIF_SEND(t0)
1:      j       1b

        .section .rodata
message: .asciz "hi\n"

HTIF_SYMBOLS
