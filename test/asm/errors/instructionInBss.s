# Code placed in .bss by mistake (missing .text after the buffers).
# expect: 7:5-9: error: instructions cannot go in '.bss': it holds only zero-initialised space (switch to .text first)
# expect: 8:5-8: error: instructions cannot go in '.bss'
    .bss
buffer: .space 64
_start:
    addi a0, a0, 1
    ret
