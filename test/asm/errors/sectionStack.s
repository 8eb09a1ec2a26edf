# .popsection without .pushsection, .previous with no section before, .include.
# expect: 5:5-14: error: '.previous' with no previous section
# expect: 7:5-16: error: '.popsection' without a matching '.pushsection'
# expect: 8:5-13: error: '.include' is not supported: put everything in one file
    .previous
_start: ret
    .popsection
    .include "other.s"
