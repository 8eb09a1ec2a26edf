# An address (label) where a constant is needed.
# expect: 8:22-28: error: the immediate of 'addi' must be a constant, but 'buffer' is an address (load addresses with la, or use %hi/%lo)
# expect: 9:12-20: error: the value of 'li' must be a constant, but 'buffer+4' is an address
# expect: 10:12-17: error: the value of 'li' must be a constant, but 'later' is not a constant defined before this line
    .data
buffer: .space 16
    .text
_start: addi a0, a0, buffer
    li a1, buffer+4
    li a2, later
later:
    ret
