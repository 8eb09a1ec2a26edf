# Too few and too many operands.
# expect: 7:5-8: error: 'add' takes 3 operands, but 2 were given
# expect: 8:5-9: error: 'addi' takes 3 operands, but 4 were given
# expect: 9:5-8: error: 'ret' takes 0 operands, but 1 was given
_start:
    nop
    add a0, a1
    addi a0, a1, 1, 2
    ret a0
