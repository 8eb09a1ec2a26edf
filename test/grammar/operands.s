# SYNTAX TEST "source.riscv-asm" "operands: registers, CSRs, rounding modes, numbers, characters, relocations, operators"
# Grammar fixture (vscode-tmgrammar-test): lines starting with '#' then '^' or '<-' are
# assertions about the line above them; run by test/grammar/grammar.test.ts.

# registers: numeric and ABI names
    add x0, x31, x9
#       ^^ variable.other.register.riscv-asm
#           ^^^ variable.other.register.riscv-asm
#                ^^ variable.other.register.riscv-asm
    mv zero, ra; mv sp, gp; mv tp, fp
#      ^^^^ variable.other.register.riscv-asm
#            ^^ variable.other.register.riscv-asm
#                   ^^ variable.other.register.riscv-asm
#                       ^^ variable.other.register.riscv-asm
#                              ^^ variable.other.register.riscv-asm
#                                  ^^ variable.other.register.riscv-asm
    sub t6, s11, a7
#       ^^ variable.other.register.riscv-asm
#           ^^^ variable.other.register.riscv-asm
#                ^^ variable.other.register.riscv-asm
    fmadd.d f31, ft11, fs0, fa7
#           ^^^ variable.other.register.riscv-asm
#                ^^^^ variable.other.register.riscv-asm
#                      ^^^ variable.other.register.riscv-asm
#                           ^^ variable.other.register.riscv-asm
# register names inside longer identifiers are not registers
    la a0, data0
#          ^^^^^ variable.other.symbol.riscv-asm - variable.other.register.riscv-asm
    la a1, a0_end
#          ^^^^^^ variable.other.symbol.riscv-asm - variable.other.register.riscv-asm
    la a2, buf.a0
#          ^^^^^^ variable.other.symbol.riscv-asm - variable.other.register.riscv-asm
    la a3, x32
#          ^^^ - variable.other.register.riscv-asm
    la a4, s12
#          ^^^ - variable.other.register.riscv-asm
    la a5, fa8
#          ^^^ - variable.other.register.riscv-asm
    ld s0, 16(sp)
#        ^ punctuation.separator.comma.riscv-asm
#          ^^ constant.numeric.integer.decimal.riscv-asm
#            ^ punctuation.section.parens.begin.riscv-asm
#             ^^ variable.other.register.riscv-asm
#               ^ punctuation.section.parens.end.riscv-asm

# CSR names in CSR instructions
    csrr a0, mhartid
#            ^^^^^^^ support.constant.csr.riscv-asm
    csrw satp, a0
#        ^^^^ support.constant.csr.riscv-asm
    csrrs a0, fcsr, zero
#             ^^^^ support.constant.csr.riscv-asm
#                   ^^^^ variable.other.register.riscv-asm
    csrs mie, t0; csrc sip, t1; csrwi medeleg, 0
#        ^^^ support.constant.csr.riscv-asm
#                      ^^^ support.constant.csr.riscv-asm
#                                     ^^^^^^^ support.constant.csr.riscv-asm
    csrw pmpcfg15, t0; csrw pmpaddr63, t1; csrr a0, hstatus
#        ^^^^^^^^ support.constant.csr.riscv-asm
#                           ^^^^^^^^^ support.constant.csr.riscv-asm
#                                                   ^^^^^^^ support.constant.csr.riscv-asm
    csrr a0, pmpaddr64
#            ^^^^^^^^^ - support.constant.csr.riscv-asm
    csrr a0, 0xf14
#            ^^^^^ constant.numeric.integer.hexadecimal.riscv-asm
# CSR names elsewhere are ordinary symbols
    la a0, time
#          ^^^^ variable.other.symbol.riscv-asm - support.constant.csr.riscv-asm

# rounding modes in floating-point instructions
    fcvt.w.d a0, fa0, rne
#                     ^^^ constant.language.rounding-mode.riscv-asm
    fadd.s fa0, fa1, fa2, rtz; fmul.d fa0, fa1, fa2, rdn
#                         ^^^ constant.language.rounding-mode.riscv-asm
#                                                    ^^^ constant.language.rounding-mode.riscv-asm
    fsqrt.d fa0, fa1, rup; fcvt.s.d fa0, fa1, rmm; fdiv.s fa0, fa1, fa2, dyn
#                     ^^^ constant.language.rounding-mode.riscv-asm
#                                             ^^^ constant.language.rounding-mode.riscv-asm
#                                                                        ^^^ constant.language.rounding-mode.riscv-asm
    la a0, rne
#          ^^^ - constant.language.rounding-mode.riscv-asm
# fence predecessor/successor sets
    fence rw, iorw
#         ^^ constant.language.fence.riscv-asm
#             ^^^^ constant.language.fence.riscv-asm

# numbers
    li a0, 1234; li a1, -56; li a2, 0
#          ^^^^ constant.numeric.integer.decimal.riscv-asm
#                       ^^^ constant.numeric.integer.decimal.riscv-asm
#                                   ^ constant.numeric.integer.decimal.riscv-asm
    li a0, 0xDEADbeef; li a1, -0x10; li a2, 0b1011; li a3, 0755
#          ^^^^^^^^^^ constant.numeric.integer.hexadecimal.riscv-asm
#                             ^^^^^ constant.numeric.integer.hexadecimal.riscv-asm
#                                           ^^^^^^ constant.numeric.integer.binary.riscv-asm
#                                                          ^^^^ constant.numeric.integer.octal.riscv-asm
    li a0, 1+2*3-4
#          ^ constant.numeric.integer.decimal.riscv-asm
#           ^ keyword.operator.riscv-asm
#               ^ keyword.operator.riscv-asm
#                ^ constant.numeric.integer.decimal.riscv-asm
    li a0, (1 << 12) | ~0x3
#          ^ punctuation.section.parens.begin.riscv-asm
#             ^^ keyword.operator.riscv-asm
#                  ^ punctuation.section.parens.end.riscv-asm
#                    ^ keyword.operator.riscv-asm
#                      ^ keyword.operator.riscv-asm
#                       ^^^ constant.numeric.integer.hexadecimal.riscv-asm
    .double 3.25, -1.5e-3
#           ^^^^ constant.numeric.float.riscv-asm
#                 ^^^^^^^ constant.numeric.float.riscv-asm
    .float 0f1.5; j 0f; j 0b
#          ^^^^^ constant.numeric.float.riscv-asm
#                   ^^ entity.name.function.label.reference.riscv-asm - constant.numeric.float.riscv-asm
#                         ^^ entity.name.function.label.reference.riscv-asm - constant.numeric.integer.binary.riscv-asm
# character constants: 'c (GNU as) and 'c'
    li a0, 'A; li a1, 'b'; li a2, '\n'; li a3, '\\
#          ^^ constant.character.riscv-asm
#                     ^^^ constant.character.riscv-asm
#                                  ^^ constant.character.riscv-asm constant.character.escape.riscv-asm
#                                               ^^ constant.character.escape.riscv-asm
# numeric label references
    j 1f
#     ^^ entity.name.function.label.reference.riscv-asm
1:  auipc a0, %pcrel_hi(sym)
#             ^^^^^^^^^ support.function.relocation.riscv-asm
#                      ^ punctuation.section.parens.begin.riscv-asm
#                       ^^^ variable.other.symbol.riscv-asm
    addi a0, a0, %pcrel_lo(1b)
#                ^^^^^^^^^ support.function.relocation.riscv-asm
#                          ^^ entity.name.function.label.reference.riscv-asm

# relocation functions
    lui a0, %hi(sym); addi a0, a0, %lo(sym)
#           ^^^ support.function.relocation.riscv-asm
#                                  ^^^ support.function.relocation.riscv-asm
    lui a0, %tprel_hi(tls); add a0, a0, tp, %tprel_add(tls)
#           ^^^^^^^^^ support.function.relocation.riscv-asm
#                                           ^^^^^^^^^^ support.function.relocation.riscv-asm
    addi a0, a0, %tprel_lo(tls)
#                ^^^^^^^^^ support.function.relocation.riscv-asm
    auipc a0, %got_pcrel_hi(sym)
#             ^^^^^^^^^^^^^ support.function.relocation.riscv-asm
    li a0, 7 % 3
#            ^ keyword.operator.riscv-asm - support.function.relocation.riscv-asm

# the location counter and upper-case constants
    j .+8
#     ^ variable.language.location-counter.riscv-asm
#      ^ keyword.operator.riscv-asm
    li a0, MSTATUS_MIE | SSTATUS_SIE
#          ^^^^^^^^^^^ variable.other.constant.riscv-asm
