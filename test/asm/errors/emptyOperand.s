# A stray comma: an operand is missing.
# expect: 6:14-15: error: 'addi': an operand is missing before this ','
# expect: 7:15-16: error: 'add': an operand is missing after this ','
# expect: 8:9-10: error: 'sub': an operand is missing before this ','
_start:
    addi a0, , 1
    add a0, a1,
    sub , a0, a1
