# A misspelt directive.
# expect: 6:5-10: error: unknown directive '.wrod' (did you mean '.word'?)
    .text
_start: nop
    .data
    .wrod 1, 2
