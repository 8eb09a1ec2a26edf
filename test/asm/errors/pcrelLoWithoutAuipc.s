# %pcrel_lo must name the label of an auipc with %pcrel_hi, not the symbol itself.
# expect: 7:18-27: error: %pcrel_lo must name the label of an auipc that uses %pcrel_hi
_start:
1:  auipc a0, %pcrel_hi(value)
    addi a0, a0, %pcrel_lo(1b)
    auipc a1, %pcrel_hi(value)
    addi a1, a1, %pcrel_lo(value)
    ret
    .data
value: .dword 42
