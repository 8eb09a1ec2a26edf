# Names that are not registers (there is no a8/a9 and no x32).
# expect: 5:14-16: error: expected an integer register (x0-x31 or an ABI name like a0), found 'a9'
# expect: 6:12-15: error: found 'x32'
_start:
    addi a0, a9, 1
    mv a0, x32
