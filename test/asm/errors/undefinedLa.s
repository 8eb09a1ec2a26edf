# la of an undefined symbol gives one error (not a second one for the auipc's %pcrel_lo).
# expect: 5:12-18: error: symbol 'mesage' is not defined anywhere in this file
# expect: 6:12-17: error: symbol 'count' is not defined
_start:
    la a0, mesage
    lw a1, count
    ret
    .data
message: .string "hi"
