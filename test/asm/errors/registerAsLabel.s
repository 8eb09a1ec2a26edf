# A register where a jump or branch needs a label.
# expect: 5:7-9: error: 'a0' is a register, but a label or address is needed here
# expect: 6:17-19: error: 'a2' is a register, but a label or address is needed here
_start:
    j a0
    beq a0, a1, a2
