# Memory operands need a register in the parentheses.
# expect: 6:14-16: error: expected an integer register (x0-x31 or an ABI name like a0), found 'a9'
# expect: 7:14-17: error: found 'x32'
# expect: 8:14-17: error: 'fa0' is a floating-point register; this operand needs an integer register
_start:
    lw a0, 4(a9)
    sd a0, 0(x32)
    ld a0, 8(fa0)
