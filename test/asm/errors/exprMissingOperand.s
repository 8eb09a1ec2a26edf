# An expression that ends with an operator.
# expect: 5:14-15: error: expected a number or symbol after '+'
# expect: 6:20-21: error: expected a number or symbol after '*'
_start:
    li a0, 4 +
    addi a0, a0, 2 *
