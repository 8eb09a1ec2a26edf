# Data but no code.
# expect: 1:1: error: the program has no instructions (nothing in .text)
    .data
value: .word 1
