# .bss holds only zero-initialised space: no values, no strings.
# expect: 7:10-15: error: cannot store data in '.bss': it holds only zero-initialised space (use .zero or .space, or switch to .data)
# expect: 8:7-14: error: cannot store data in '.bss'
_start: ret
    .bss
buffer: .space 64
counter: .word 1
name: .string "x"
zeroes: .zero 8
