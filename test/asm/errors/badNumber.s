# Malformed numbers.
# expect: 6:12-14: error: invalid number '0x': hexadecimal digits (0-9, a-f) must follow '0x'
# expect: 7:12-16: error: invalid number '12ab': a number has only digits, and a name cannot start with a digit
# expect: 8:12-31: error: number '0x10000000000000000' is too large: values have at most 64 bits
_start:
    li a0, 0x
    li a1, 12ab
    li a3, 0x10000000000000000
