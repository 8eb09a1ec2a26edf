# A macro definition that is never closed swallows the rest of the file.
# expect: 3:5-11: error: '.macro' is never closed: '.endm' is missing
    .macro push reg
    addi sp, sp, -8
    sd \reg, 0(sp)
_start:
    push ra
