# Unbalanced parentheses.
# expect: 6:12-13: error: this '(' is never closed: ')' is missing
# expect: 7:17-18: error: unexpected ')' in operand
# expect: 8:12-13: error: expected a number or symbol, found '['
_start:
    li a0, (1 + 2
    li a1, 1 + 2)
    li a2, [3]
