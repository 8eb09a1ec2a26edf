# Division by zero in a constant expression, in code and in data.
# expect: 6:15-16: error: division by zero: the right side of '/' is 0
# expect: 8:13-14: error: division by zero: the right side of '%' is 0
    .equ N, 0
_start:
    li a0, 10 / N
    .data
    .word 7 % (N * 2)
