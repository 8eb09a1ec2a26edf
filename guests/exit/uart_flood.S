/*
 * Prints 1024 copies of a 64-byte line (64 KiB) through the virt board's 16550A,
 * then exits through the SiFive test finisher with status 0. Checks that the CLI
 * neither loses nor corrupts console output when the host reader is slow.
 */
#include "exit.h"

PROGRAM_BEGIN
        li      s1, UART_BASE
        li      s2, 1024                /* lines left */
line:   la      s0, message
next:   lbu     a0, 0(s0)
        beqz    a0, eol
busy:   lbu     t0, UART_LSR(s1)
        andi    t0, t0, UART_LSR_THRE
        beqz    t0, busy
        sb      a0, 0(s1)
        addi    s0, s0, 1
        j       next
eol:    addi    s2, s2, -1
        bnez    s2, line
        li      t0, FINISHER_BASE
        li      t1, FINISHER_PASS
        sw      t1, 0(t0)
1:      j       1b

        .section .rodata
message: .asciz "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.\n"
