/*
 * Prints "hello, uart\n" through the virt board's 16550A (polling LSR.THRE before
 * each byte), then exits through the SiFive test finisher with status 0.
 */
#include "exit.h"

PROGRAM_BEGIN
        la      s0, message
        li      s1, UART_BASE
next:   lbu     a0, 0(s0)
        beqz    a0, done
busy:   lbu     t0, UART_LSR(s1)
        andi    t0, t0, UART_LSR_THRE
        beqz    t0, busy
        sb      a0, 0(s1)
        addi    s0, s0, 1
        j       next
done:   li      t0, FINISHER_BASE
        li      t1, FINISHER_PASS
        sw      t1, 0(t0)
1:      j       1b

        .section .rodata
message: .asciz "hello, uart\n"
