# A block comment that is never closed hides the rest of the file.
# expect: 5:5-7: error: comment '/*' is never closed with '*/'
_start:
    li a0, 1
    /* the loop below
loop: j loop
