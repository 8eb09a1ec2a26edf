/**
 * Assembly tail shared by test programs that end through HTIF (the spike machine's
 * tohost word): `j exit` with the result in a0 exits with that code (tohost =
 * a0 << 1 | 1), then the .tohost section the loader finds by its symbol.
 */
export const HTIF_EXIT = `
exit:   slli a0, a0, 1
        ori a0, a0, 1
        la t0, tohost
        sd a0, 0(t0)
1:      j 1b
        .section .tohost, "aw"
        .align 3
        .globl tohost
tohost: .dword 0
fromhost: .dword 0
`;
