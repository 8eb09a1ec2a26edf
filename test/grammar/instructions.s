# SYNTAX TEST "source.riscv-asm" "labels, mnemonics (RV64GC, pseudo, compressed, unknown), label references"
# Grammar fixture (vscode-tmgrammar-test): lines starting with '#' then '^' or '<-' are
# assertions about the line above them; run by test/grammar/grammar.test.ts.
# (test/grammar/grammar.test.ts also checks every RV64GC mnemonic one by one.)

_start:
# <------ entity.name.function.label.riscv-asm
#     ^ punctuation.definition.label.riscv-asm
.Lloop: addi t0, t0, -1
# <------ entity.name.function.label.riscv-asm
#       ^^^^ keyword.other.instruction.riscv-asm
1:  bnez t0, 1b
# <- entity.name.function.label.riscv-asm
#^ punctuation.definition.label.riscv-asm
#   ^^^^ keyword.other.instruction.pseudo.riscv-asm
#            ^^ entity.name.function.label.reference.riscv-asm
a: b: nop
# <- entity.name.function.label.riscv-asm
#  ^ entity.name.function.label.riscv-asm
#     ^^^ keyword.other.instruction.pseudo.riscv-asm
    j 2f; call func; tail other_func
#   ^ keyword.other.instruction.pseudo.riscv-asm
#     ^^ entity.name.function.label.reference.riscv-asm
#       ^ punctuation.separator.statement.riscv-asm
#         ^^^^ keyword.other.instruction.pseudo.riscv-asm
#              ^^^^ entity.name.function.label.reference.riscv-asm
#                    ^^^^ keyword.other.instruction.pseudo.riscv-asm
#                         ^^^^^^^^^^ entity.name.function.label.reference.riscv-asm
2:  beq a0, a1, .Lloop
#   ^^^ keyword.other.instruction.riscv-asm
#       ^^ variable.other.register.riscv-asm
#               ^^^^^^ entity.name.function.label.reference.riscv-asm
    jal ra, func
#   ^^^ keyword.other.instruction.riscv-asm
#       ^^ variable.other.register.riscv-asm
#           ^^^^ entity.name.function.label.reference.riscv-asm

# RV64I
    lui a0, 0x80000
#   ^^^ keyword.other.instruction.riscv-asm
    sraiw a1, a1, 3
#   ^^^^^ keyword.other.instruction.riscv-asm
    lwu a2, 4(sp)
#   ^^^ keyword.other.instruction.riscv-asm
    ecall
#   ^^^^^ keyword.other.instruction.riscv-asm
    fence.tso
#   ^^^^^^^^^ keyword.other.instruction.riscv-asm
# M
    mulhsu a0, a1, a2
#   ^^^^^^ keyword.other.instruction.riscv-asm
    remuw a0, a1, a2
#   ^^^^^ keyword.other.instruction.riscv-asm
# A
    lr.d.aqrl a0, (a1)
#   ^^^^^^^^^ keyword.other.instruction.riscv-asm
    amomaxu.w.rl a0, a1, (a2)
#   ^^^^^^^^^^^^ keyword.other.instruction.riscv-asm
# F and D
    fnmadd.d fa0, fa1, fa2, fa3
#   ^^^^^^^^ keyword.other.instruction.riscv-asm
    fcvt.lu.s a0, fa0, rtz
#   ^^^^^^^^^ keyword.other.instruction.riscv-asm
    fmv.x.d a0, fa0
#   ^^^^^^^ keyword.other.instruction.riscv-asm
    fclass.s a0, fa0
#   ^^^^^^^^ keyword.other.instruction.riscv-asm
# Zicsr and privileged
    csrrci a0, mstatus, 8
#   ^^^^^^ keyword.other.instruction.riscv-asm
    sfence.vma zero, zero
#   ^^^^^^^^^^ keyword.other.instruction.riscv-asm
    wfi; mret; sret
#   ^^^ keyword.other.instruction.riscv-asm
#        ^^^^ keyword.other.instruction.riscv-asm
#              ^^^^ keyword.other.instruction.riscv-asm
# C
    c.addi16sp sp, -64
#   ^^^^^^^^^^ keyword.other.instruction.riscv-asm
    c.ldsp ra, 8(sp)
#   ^^^^^^ keyword.other.instruction.riscv-asm
    c.beqz a0, 1b
#   ^^^^^^ keyword.other.instruction.riscv-asm
#              ^^ entity.name.function.label.reference.riscv-asm
# pseudo-instructions
    li a0, 42
#   ^^ keyword.other.instruction.pseudo.riscv-asm
    sext.w a0, a0
#   ^^^^^^ keyword.other.instruction.pseudo.riscv-asm
    fneg.d fa0, fa1
#   ^^^^^^ keyword.other.instruction.pseudo.riscv-asm
    csrw mscratch, a0
#   ^^^^ keyword.other.instruction.pseudo.riscv-asm
    rdinstret a0
#   ^^^^^^^^^ keyword.other.instruction.pseudo.riscv-asm
    ret
#   ^^^ keyword.other.instruction.pseudo.riscv-asm
# a mnemonic GNU as knows but this grammar does not list (V extension), and a macro call
    vsetvli t0, a0, e32, m1, ta, ma
#   ^^^^^^^ meta.instruction.riscv-asm keyword.other.instruction.generic.riscv-asm
#           ^^ variable.other.register.riscv-asm
    SAVE_REGS 16
# <--------------- - keyword.other.instruction.riscv-asm
#   ^^^^^^^^^ keyword.other.instruction.generic.riscv-asm
# mnemonic-like words in operand position are not mnemonics
    la a0, add
#          ^^^ variable.other.symbol.riscv-asm - keyword.other.instruction.riscv-asm
    call ret
#        ^^^ entity.name.function.label.reference.riscv-asm - keyword.other.instruction.pseudo.riscv-asm
# a prefix of a known mnemonic is not that mnemonic
    addix a0, a0, 1
#   ^^^^^ keyword.other.instruction.generic.riscv-asm
    fence.ix
#   ^^^^^^^^ keyword.other.instruction.generic.riscv-asm
