# Compressed mnemonics are refused under .option norvc.
# expect: 5:9-14: error: 'c.nop' is a compressed instruction, but compressed instructions are off here (.option norvc)
# expect: 6:5-11: error: 'c.addi' is a compressed instruction
    .option norvc
_start: c.nop
    c.addi a0, 1
    .option rvc
    c.addi a0, 1
    ret
