/*
 * UART input under SMP, for the determinism tests (test/determinism.test.ts).
 *
 * Hart 0 prints "echo: ready", then polls the 16550 UART; for every received byte it
 * prints "rx <byte> mtime <mtime> work <work>" (hex), where `work` is a shared
 * counter that the other harts increment without pause (LR/SC and AMOADD). The
 * output therefore depends on exactly when the byte arrived: two runs agree only if
 * input delivery, time and the interleaving of harts all replay exactly. Byte 'q'
 * ends the program (pass). Received bytes are also logged in RAM (rx_log). Hart 0 gives up after SPIN_LIMIT empty polls (case 1).
 */
#include "smp_test.h"

SMP_BEGIN

main:
        bnez    s0, worker
        la      a0, msg_ready
        call    puts
        li      s2, SPIN_LIMIT
poll:
        li      t0, UART_BASE
        lbu     t1, 5(t0)               /* LSR */
        andi    t1, t1, 1               /* data ready */
        bnez    t1, got
        addi    s2, s2, -1
        bnez    s2, poll
        FAIL(1)
got:
        lbu     s3, 0(t0)               /* RBR */
        la      t0, rx_len              /* append to rx_log (64 bytes, then wraps) */
        ld      t1, 0(t0)
        andi    t2, t1, 63
        la      t3, rx_log
        add     t3, t3, t2
        sb      s3, 0(t3)
        addi    t1, t1, 1
        sd      t1, 0(t0)
        li      t0, CLINT_MTIME
        ld      s4, 0(t0)
        la      t0, work
        ld      s5, 0(t0)
        la      a0, msg_rx
        call    puts
        mv      a0, s3
        li      a1, 2
        call    puthex
        la      a0, msg_mtime
        call    puts
        mv      a0, s4
        li      a1, 16
        call    puthex
        la      a0, msg_work
        call    puts
        mv      a0, s5
        li      a1, 16
        call    puthex
        li      a0, '\n'
        call    putc
        li      t0, 'q'
        beq     s3, t0, smp_pass
        li      s2, SPIN_LIMIT
        j       poll

worker:
        la      s2, work
        li      s3, 1
1:      lr.d    t0, (s2)
        addi    t0, t0, 1
        sc.d    t1, t0, (s2)
        bnez    t1, 1b
        amoadd.d zero, s3, (s2)
        j       1b

/* putc(a0): wait for THRE, write THR. */
putc:
        li      t0, UART_BASE
1:      lbu     t1, 5(t0)
        andi    t1, t1, 0x20
        beqz    t1, 1b
        sb      a0, 0(t0)
        ret

/* puts(a0 = NUL-terminated string) */
puts:
        mv      t2, a0
        mv      t3, ra
1:      lbu     a0, 0(t2)
        beqz    a0, 2f
        call    putc
        addi    t2, t2, 1
        j       1b
2:      mv      ra, t3
        ret

/* puthex(a0 = value, a1 = digits) */
puthex:
        mv      t2, a0
        mv      t3, ra
        mv      t4, a1
1:      addi    t4, t4, -1
        slli    t5, t4, 2
        srl     a0, t2, t5
        andi    a0, a0, 15
        li      t5, 10
        blt     a0, t5, 2f
        addi    a0, a0, 'a' - 10 - '0'
2:      addi    a0, a0, '0'
        call    putc
        bnez    t4, 1b
        mv      ra, t3
        ret

        .balign 4
smp_trap:
        FAIL(30)

SMP_END

        .section .rodata
msg_ready: .asciz "echo: ready\n"
msg_rx:    .asciz "rx "
msg_mtime: .asciz " mtime "
msg_work:  .asciz " work "
        .data
        .balign 64
        .globl work
work:   .dword 0
        .balign 64
rx_len: .dword 0
rx_log: .skip 64
