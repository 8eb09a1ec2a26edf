# The same label defined twice.
# expect: 7:1-5: error: 'loop' is already defined on line 5
_start:
    li a0, 3
loop:
    addi a0, a0, -1
loop:
    bnez a0, loop
