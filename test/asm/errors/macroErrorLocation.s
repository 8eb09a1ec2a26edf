# An error in a macro's expansion points at the argument on the calling line.
# expect: 10:13-17: error: immediate 4096 is out of range for 'addi': it must be between -2048 and 2047 (in macro 'inc')
# expect: 11:9-11: error: expected an integer register (x0-x31 or an ABI name like a0), found 'a9' (in macro 'inc')
# expect: 12:13-20: error: the immediate of 'addi' must be a constant, but 'nowhere' is not a constant defined before this line
    .macro inc reg, n=1
    addi \reg, \reg, \n
    .endm
_start:
    inc a0
    inc a0, 4096
    inc a9, 1
    inc a0, nowhere - _start
