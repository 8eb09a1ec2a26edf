# `lw rd, symbol` needs no temporary register; stores and FP loads need one.
# expect: 6:19-21: error: 'lw' with a symbol address takes two operands (lw a0, symbol): a0 itself holds the address
# expect: 7:5-7: error: 'sw' with a symbol address needs a temporary register to hold the address: sw a0, symbol, t0
# expect: 8:5-8: error: 'fld' with a symbol address needs a temporary register to hold the address: fld fa0, symbol, t0
_start:
    lw a0, value, t0
    sw a0, value
    fld fa0, value
    lw a1, value
    sw a1, value, t1
    ret
    .data
value: .dword 0
