# An .option this assembler does not know.
# expect: 3:13-21: error: unknown .option 'compress' (expected rvc, norvc, push, pop, relax, norelax, pic, nopic or arch)
    .option compress
_start: ret
