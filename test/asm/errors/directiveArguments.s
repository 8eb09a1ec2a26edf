# Directives with missing or wrong arguments.
# expect: 11:5-9: error: '.equ' takes a name and a value: .equ NAME, expression
# expect: 12:5-11: error: '.globl' needs a symbol name
# expect: 13:13-14: error: '.string' expects strings in double quotes
# expect: 14:5-10: error: '.zero' needs a size
# expect: 15:12-14: error: size -1 of '.space' is out of range (0 to 256 MiB)
# expect: 16:20-21: error: section flags must be a string like "ax" or "aw", found '1'
# expect: 17:13-14: error: unexpected '2' after the expression
# expect: 18:5-10: error: '.byte' has an empty value
_start: ret
    .equ SIZE
    .globl
    .string 5
    .zero
    .space -1
    .section .foo, 1
    .word 1 2
    .byte 1,,2
