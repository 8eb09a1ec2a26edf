# No _start label: a warning; the program still assembles and starts at .text.
# expect: 1:1: warning: no '_start' label: the program starts at the beginning of .text (0x80000000)
main:
    li a0, 0
    ret
