# jal reaches only ±1 MiB; 1 MiB of data lies between the jump and its target.
# expect: 5:9-12: error: jump target is too far for jal
# expect: 6:17-20: error: branch target is too far for a branch, even turned into a jump
_start:
    jal far
    beq a0, a1, far
    .space 0x100000
far:
    ret
