# SYNTAX TEST "source.riscv-asm" "comments: #, //, /* */ (multi-line); # inside strings"
# Grammar fixture (vscode-tmgrammar-test): lines starting with '#' then '^' or '<-' are
# assertions about the line above them; run by test/grammar/grammar.test.ts.

# a whole-line comment
# <- comment.line.number-sign.riscv-asm punctuation.definition.comment.riscv-asm
#^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.riscv-asm

    addi a0, a0, 1      # trailing comment
#   ^^^^ keyword.other.instruction.riscv-asm - comment.line.number-sign.riscv-asm
#                       ^^^^^^^^^^^^^^^^^^ comment.line.number-sign.riscv-asm
#                       ^ punctuation.definition.comment.riscv-asm

    nop // C++-style comment
#   ^^^ keyword.other.instruction.pseudo.riscv-asm
#       ^^^^^^^^^^^^^^^^^^^^ comment.line.double-slash.riscv-asm
#       ^^ punctuation.definition.comment.riscv-asm

// a whole-line slash comment
# <-- comment.line.double-slash.riscv-asm

    addi a0, /* inline */ a1, 2
#            ^^^^^^^^^^^^ comment.block.riscv-asm
#            ^^ punctuation.definition.comment.riscv-asm
#                         ^^ variable.other.register.riscv-asm - comment.block.riscv-asm
#                             ^ constant.numeric.integer.decimal.riscv-asm

/* a block comment
   spanning lines: addi a0, a0, 1 # not code
# <----------------------------------------- comment.block.riscv-asm
#                  ^^^^ - keyword.other.instruction.riscv-asm
   still inside */ ret
# <--------------- comment.block.riscv-asm
#               ^^ punctuation.definition.comment.riscv-asm
#                  ^^^ keyword.other.instruction.pseudo.riscv-asm - comment.block.riscv-asm

    li a0, 1   /* a comment opened after an instruction
       li a1, 2 is not code */ mv a2, a3
#      ^^^^^^^^^^^^^^^^^^^^^^^ comment.block.riscv-asm
#      ^^ - keyword.other.instruction.pseudo.riscv-asm
#                              ^^ keyword.other.instruction.pseudo.riscv-asm - comment.block.riscv-asm
#                                 ^^ variable.other.register.riscv-asm

    .string "a # b // c /* d"   # real comment
#           ^^^^^^^^^^^^^^^^^ string.quoted.double.riscv-asm - comment.line.number-sign.riscv-asm comment.line.double-slash.riscv-asm comment.block.riscv-asm
#                               ^^^^^^^^^^^^^^ comment.line.number-sign.riscv-asm

    li a0, '#   # the character '#' then a comment
#          ^^ constant.character.riscv-asm - comment.line.number-sign.riscv-asm
#               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.riscv-asm

    ret; # after a separator
#      ^ punctuation.separator.statement.riscv-asm
#        ^^^^^^^^^^^^^^^^^^^ comment.line.number-sign.riscv-asm
