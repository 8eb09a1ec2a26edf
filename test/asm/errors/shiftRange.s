# Shift amounts: 0..63 on RV64, 0..31 for the W forms.
# expect: 6:18-20: error: shift amount 64 is out of range for 'slli': it must be between 0 and 63
# expect: 7:19-21: error: shift amount 32 is out of range for 'slliw': it must be between 0 and 31
# expect: 8:18-20: error: shift amount -1 is out of range for 'srai'
_start:
    slli a0, a0, 64
    slliw a0, a0, 32
    srai a0, a0, -1
