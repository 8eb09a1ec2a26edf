# lui+addi cannot build an address at 0x80000000 or above on RV64 (it sign-extends).
# expect: 4:13-16: error: %hi(0x80000008) does not fit: lui+addi reach only addresses below 0x7ffff800
_start:
    lui a0, %hi(msg)
    addi a0, a0, %lo(msg)
msg:
    .word 0
