# Labels cannot start with a digit (only the local labels 1:, 2:, ... can), and a
# statement needs an instruction or directive after its labels.
# expect: 6:1-5: error: invalid number '1abc': a number has only digits, and a name cannot start with a digit
# expect: 7:5-7: error: expected an instruction or directive, found '42'
_start:
1abc: ret
    42
