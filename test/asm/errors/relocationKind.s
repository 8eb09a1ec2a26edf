# %hi gives 20 bits where 12 are needed, %lo 12 where 20 are needed, and unknown functions.
# expect: 6:18-21: error: '%hi' gives the upper 20 bits; 'addi' needs a 12-bit value (use %lo or %pcrel_lo)
# expect: 7:13-16: error: '%lo' gives the low 12 bits; 'lui' needs a 20-bit value (use %hi or %pcrel_hi)
# expect: 8:15-28: error: unsupported relocation function '%got_pcrel_hi'
_start:
    addi a0, a0, %hi(0x12345)
    lui a0, %lo(0x12345)
    auipc a0, %got_pcrel_hi(_start)
