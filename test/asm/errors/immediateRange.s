# 12-bit immediates are -2048..2047.
# expect: 6:18-22: error: immediate 4096 is out of range for 'addi': it must be between -2048 and 2047
# expect: 7:18-23: error: immediate -2049 is out of range for 'andi'
# expect: 8:12-16: error: offset 2048 is out of range for 'lw': it must be between -2048 and 2047
_start:
    addi a0, a0, 4096
    andi a0, a0, -2049
    lw a0, 2048(sp)
