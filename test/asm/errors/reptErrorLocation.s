# An error in a .rept body is reported once, at the body line; .irp errors at the body line too.
# expect: 6:18-22: error: immediate 5000 is out of range for 'addi'
# expect: 9:5: error: found 'a9'
_start:
    .rept 3
    addi a0, a0, 5000
    .endr
    .irp r, a0, a9
    addi \r, \r, 1
    .endr
    ret
