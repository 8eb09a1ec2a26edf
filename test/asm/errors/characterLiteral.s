# Character literals hold one character.
# expect: 5:12-16: error: character literal 'ab' has more than one character: write one character, like 'a'
# expect: 6:12-13: error: character literal is missing its character
_start:
    li a0, 'ab'
    li a1, '
