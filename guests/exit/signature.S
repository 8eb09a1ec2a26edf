/* Writes three known words into the begin_signature..end_signature area (the
 * convention of the RISC-V architectural tests) and exits through HTIF with 0. */
#include "exit.h"

PROGRAM_BEGIN
        la      t1, begin_signature
        li      t0, 0x12345678
        sw      t0, 0(t1)
        li      t0, -1
        sw      t0, 4(t1)
        li      t0, 0xcafe
        sw      t0, 8(t1)
        li      t0, 1
        HTIF_SEND(t0)
1:      j       1b

        .data
        .balign 16
        .globl begin_signature, end_signature
begin_signature:
        .word   0, 0, 0, 0xdeadbeef
end_signature:

HTIF_SYMBOLS
