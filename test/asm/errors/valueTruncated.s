# Values that do not fit the data size are truncated, with a warning.
# expect: 7:11-14: warning: value 300 does not fit in 1 byte; it is truncated to 0x2c
# expect: 8:11-18: warning: value 74565 does not fit in 2 bytes; it is truncated to 0x2345
_start:
    ret
    .data
    .byte 300, 20
    .half 0x12345
