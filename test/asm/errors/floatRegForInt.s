# A floating-point register where an integer register is needed.
# expect: 5:13-16: error: 'fa1' is a floating-point register; this operand needs an integer register
# expect: 6:8-11: error: 'ft0' is a floating-point register
_start:
    add a0, fa1, a2
    lw ft0, 0(sp)
