# `1f` means the next `1:` after this line; there is none (only one before).
# expect: 6:7-9: error: local label '1:' not found after this line (for '1f')
_start:
1:  addi a0, a0, -1
    bnez a0, 1b
    j 1f
