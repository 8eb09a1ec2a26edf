# An address does not fit in 2 bytes.
# expect: 6:11-17: error: value 0x80000000 does not fit in 2 bytes
_start:
    ret
    .data
    .half _start
