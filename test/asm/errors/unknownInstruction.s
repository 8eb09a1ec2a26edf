# A typo in a mnemonic.
# expect: 6:5-9: error: unknown instruction 'addd' (did you mean 'add'?)
# expect: 7:5-10: error: unknown instruction 'lodaw'
    .text
_start:
    addd a0, a1, a2
    lodaw a0, 0(sp)
