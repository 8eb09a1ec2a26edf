# Macro calls with too many arguments and without a required one.
# expect: 9:9-12: error: macro 'inc' takes 2 arguments, but more were given
# expect: 10:5-9: error: macro 'push' needs a value for its parameter 'reg'
    .macro inc reg, n=1
    addi \reg, \reg, \n
    .endm
    .macro push reg:req
    .endm
_start: inc a0, 1, 2
    push
    ret
