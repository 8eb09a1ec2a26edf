# A branch to a label that does not exist (typo: lop instead of loop).
# expect: 7:14-17: error: symbol 'lop' is not defined anywhere in this file
_start:
    li a0, 10
loop:
    addi a0, a0, -1
    bnez a0, lop
    ret
