# Characters that have no meaning in assembly source.
# expect: 5:20-21: error: unexpected character '?'
# expect: 6:12-13: error: unexpected character '`'
_start:
    addi a0, a0, 1 ? 2
    li a1, `5`
