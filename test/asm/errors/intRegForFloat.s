# An integer register where a floating-point register is needed.
# expect: 5:17-19: error: 'a1' is an integer register; this operand needs a floating-point register
# expect: 6:11-13: error: 'a0' is an integer register
_start:
    fadd.d fa0, a1, fa2
    fmv.d a0, fa1
