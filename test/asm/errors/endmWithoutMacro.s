# .endm and .endr without their opening directive.
# expect: 5:5-10: error: '.endm' without a matching '.macro'
# expect: 6:5-10: error: '.endr' without a matching '.rept'
_start: ret
    .endm
    .endr
