/*
 * Shared bits of the exit-status guests (guests/exit/*.S): bare-metal M-mode
 * programs, one image at 0x80000000 (common/htif.ld), used by test/cli.test.ts
 * to check how `hyperstep run` maps guest exits to the host exit status.
 */
#ifndef HYPERSTEP_EXIT_H
#define HYPERSTEP_EXIT_H

/* SiFive test finisher on the virt board. */
#define FINISHER_BASE   0x100000
#define FINISHER_PASS   0x5555
#define FINISHER_FAIL   0x3333

/* 16550A UART on the virt board (THR at +0, LSR at +5, LSR.THRE = bit 5). */
#define UART_BASE       0x10000000
#define UART_LSR        5
#define UART_LSR_THRE   0x20

/* HTIF console: device 1, command 1 = putchar(payload & 0xff). */
#define HTIF_PUTCHAR    0x0101000000000000

/* Entry: deterministic STT_FILE name, 4-byte code, everything in M-mode. */
#define PROGRAM_BEGIN                                                      \
        .file __FILE__;                                                    \
        .section .text.init, "ax", @progbits;                              \
        .option norvc;                                                     \
        .globl _start;                                                     \
        .type _start, @function;                                           \
_start:

/* HTIF mailbox words (size 8 each) in their own section, as spike expects. */
#define HTIF_SYMBOLS                                                       \
        .pushsection .tohost, "aw", @progbits;                             \
        .balign 64;                                                        \
        .globl tohost; .type tohost, @object; .size tohost, 8;             \
tohost: .dword 0;                                                          \
        .globl fromhost; .type fromhost, @object; .size fromhost, 8;       \
fromhost: .dword 0;                                                        \
        .popsection

/* Write the 64-bit value in `reg` to tohost (clobbers t6). */
#define HTIF_SEND(reg)                                                     \
        fence;                                                             \
        la      t6, tohost;                                                \
        sd      reg, 0(t6)

#endif
