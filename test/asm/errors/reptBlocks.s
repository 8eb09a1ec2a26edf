# A .rept with a bad count, and one that is never closed.
# expect: 5:11-13: error: repeat count -1 of '.rept' is out of range (0 to 100000)
# expect: 7:5-10: error: '.rept' is never closed: '.endr' is missing
_start: ret
    .rept -1
    .endr
    .rept 4
    nop
