# A macro that calls itself without end.
# expect: 7:9-16: error: macro 'forever' expands itself too deeply (more than 100 levels)
    .macro forever
    nop
    forever
    .endm
_start: forever
