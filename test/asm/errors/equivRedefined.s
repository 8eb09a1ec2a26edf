# .equiv refuses to redefine a symbol (.set would allow it).
# expect: 5:12-16: error: 'SIZE' is already defined on line 4 (use .set to change it)
# expect: 7:10-16: error: '_start' is already defined as a label on line 6
    .equiv SIZE, 16
    .equiv SIZE, 32
_start: li a0, SIZE
    .equ _start, 4
