# SYNTAX TEST "source.riscv-asm" "directives, .option, .section, .equ, macros and parameters, strings"
# Grammar fixture (vscode-tmgrammar-test): lines starting with '#' then '^' or '<-' are
# assertions about the line above them; run by test/grammar/grammar.test.ts.

    .text
#   ^^^^^ meta.directive.riscv-asm keyword.control.directive.riscv-asm
    .globl _start; .global main; .local helper
#   ^^^^^^ keyword.control.directive.riscv-asm
#          ^^^^^^ variable.other.symbol.riscv-asm
#                  ^^^^^^^ keyword.control.directive.riscv-asm
#                                ^^^^^^ keyword.control.directive.riscv-asm
.data
# <----- keyword.control.directive.riscv-asm
    .p2align 3; .balign 8, 0; .align 2
#   ^^^^^^^^ keyword.control.directive.riscv-asm
#            ^ constant.numeric.integer.decimal.riscv-asm
#               ^^^^^^^ keyword.control.directive.riscv-asm
#                             ^^^^^^ keyword.control.directive.riscv-asm
msg:    .asciz "Hello\tworld\n"
# <--- entity.name.function.label.riscv-asm
#       ^^^^^^ keyword.control.directive.riscv-asm
#              ^ string.quoted.double.riscv-asm punctuation.definition.string.begin.riscv-asm
#               ^^^^^ string.quoted.double.riscv-asm - constant.character.escape.riscv-asm
#                    ^^ string.quoted.double.riscv-asm constant.character.escape.riscv-asm
#                           ^^ constant.character.escape.riscv-asm
#                             ^ punctuation.definition.string.end.riscv-asm
    .string "quote \" backslash \\ octal \101 hex \x41", "second"
#                  ^^ constant.character.escape.riscv-asm
#                               ^^ constant.character.escape.riscv-asm
#                                        ^^^^ constant.character.escape.riscv-asm
#                                                 ^^^^ constant.character.escape.riscv-asm
#                                                      ^ punctuation.separator.comma.riscv-asm - string.quoted.double.riscv-asm
#                                                        ^^^^^^^^ string.quoted.double.riscv-asm
    .ascii "no # comment ; no separator"
#          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.double.riscv-asm - comment.line.number-sign.riscv-asm punctuation.separator.statement.riscv-asm
    .byte 1, 'x, 0x7f; .half 2; .short 3; .word 4; .long 5; .dword 6; .quad 7
#   ^^^^^ keyword.control.directive.riscv-asm
#            ^^ constant.character.riscv-asm
#                ^^^^ constant.numeric.integer.hexadecimal.riscv-asm
#                      ^^^^^ keyword.control.directive.riscv-asm
#                                                                     ^^^^^ keyword.control.directive.riscv-asm
    .zero 64; .space 16
#   ^^^^^ keyword.control.directive.riscv-asm
#             ^^^^^^ keyword.control.directive.riscv-asm

# .section names and flags
    .section .text.init, "ax", @progbits
#   ^^^^^^^^ keyword.control.directive.riscv-asm
#            ^^^^^^^^^^ entity.name.section.riscv-asm
#                        ^^^^ string.quoted.double.riscv-asm
#                              ^^^^^^^^^ support.constant.type.riscv-asm
    .section .bss
#            ^^^^ entity.name.section.riscv-asm - keyword.control.directive.riscv-asm
    .rodata
#   ^^^^^^^ keyword.control.directive.riscv-asm

# .option arguments
    .option norvc
#   ^^^^^^^ keyword.control.directive.riscv-asm
#           ^^^^^ constant.language.option.riscv-asm
    .option push; .option rvc; .option pop
#           ^^^^ constant.language.option.riscv-asm
#                         ^^^ constant.language.option.riscv-asm
#                                      ^^^ constant.language.option.riscv-asm
    .option relax; .option norelax
#           ^^^^^ constant.language.option.riscv-asm
#                          ^^^^^^^ constant.language.option.riscv-asm
    .option arch, +zicsr
#           ^^^^ constant.language.option.riscv-asm
#                 ^^^^^^ constant.language.extension.riscv-asm

# symbols: .equ/.set names, '=' assignments, .type/.size
    .equ UART_BASE, 0x10000000
#   ^^^^ keyword.control.directive.riscv-asm
#        ^^^^^^^^^ entity.name.constant.riscv-asm
#                   ^^^^^^^^^^ constant.numeric.integer.hexadecimal.riscv-asm
    .set stack_size, 4096 * 4
#        ^^^^^^^^^^ entity.name.constant.riscv-asm
#                         ^ keyword.operator.riscv-asm
PAGE_SHIFT = 12
# <---------- entity.name.constant.riscv-asm
#          ^ keyword.operator.assignment.riscv-asm
#            ^^ constant.numeric.integer.decimal.riscv-asm
    .type main, @function
#   ^^^^^ keyword.control.directive.riscv-asm
#               ^^^^^^^^^ support.constant.type.riscv-asm
    .size main, . - main
#               ^ variable.language.location-counter.riscv-asm
#                 ^ keyword.operator.riscv-asm
    .cfi_def_cfa_offset 16; .cfi_offset ra, -8
#   ^^^^^^^^^^^^^^^^^^^ keyword.control.directive.riscv-asm
#                                       ^^ variable.other.register.riscv-asm
#                                           ^^ constant.numeric.integer.decimal.riscv-asm
    .include "macros.inc"
#   ^^^^^^^^ keyword.control.directive.riscv-asm
#            ^^^^^^^^^^^^ string.quoted.double.riscv-asm
    .file "boot.S"; .ident "HyperStep"; .end
#   ^^^^^ keyword.control.directive.riscv-asm
#                   ^^^^^^ keyword.control.directive.riscv-asm
#                                       ^^^^ keyword.control.directive.riscv-asm

# macros: name, parameters, qualifiers and defaults; \param references in the body
    .macro SAVE reg, offset=8, base:req
#   ^^^^^^ keyword.control.directive.riscv-asm
#          ^^^^ entity.name.function.macro.riscv-asm
#               ^^^ variable.parameter.riscv-asm
#                    ^^^^^^ variable.parameter.riscv-asm
#                          ^ keyword.operator.assignment.riscv-asm
#                           ^ constant.numeric.integer.decimal.riscv-asm
#                              ^^^^ variable.parameter.riscv-asm
#                                   ^^^ storage.modifier.riscv-asm
    sd \reg, \offset(\base)
#   ^^ keyword.other.instruction.riscv-asm
#      ^^^^ variable.parameter.riscv-asm
#            ^^^^^^^ variable.parameter.riscv-asm
#                    ^^^^^ variable.parameter.riscv-asm
.Lsave_\@:
# <------- entity.name.function.label.riscv-asm
#      ^^ variable.language.macro-counter.riscv-asm
    .endm
#   ^^^^^ keyword.control.directive.riscv-asm
    SAVE ra, 0, sp
#   ^^^^ keyword.other.instruction.generic.riscv-asm
#        ^^ variable.other.register.riscv-asm
    .rept 4; nop; .endr
#   ^^^^^ keyword.control.directive.riscv-asm
#            ^^^ keyword.other.instruction.pseudo.riscv-asm
#                 ^^^^^ keyword.control.directive.riscv-asm
