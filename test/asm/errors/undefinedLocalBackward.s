# `2b` means the last `2:` before this line; the only one is after it.
# expect: 5:14-16: error: local label '2:' not found before this line (for '2b')
_start:
    li a0, 3
    bnez a0, 2b
2:  ret
