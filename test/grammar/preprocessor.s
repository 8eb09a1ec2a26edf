# SYNTAX TEST "source.riscv-asm" "C preprocessor lines in .S files versus # comments"
# Grammar fixture (vscode-tmgrammar-test): lines starting with '#' then '^' or '<-' are
# assertions about the line above them; run by test/grammar/grammar.test.ts.

#include <asm/csr.h>
# <-------- meta.preprocessor.include.riscv-asm keyword.control.directive.include.riscv-asm
# <- punctuation.definition.directive.riscv-asm
#^^^^^^^ - comment.line.number-sign.riscv-asm
#        ^^^^^^^^^^^ string.quoted.other.lt-gt.include.riscv-asm

#include "platform.h"
#        ^^^^^^^^^^^^ meta.preprocessor.include.riscv-asm string.quoted.double.riscv-asm

#define UART0_BASE 0x10000000
# <------- meta.preprocessor.macro.riscv-asm keyword.control.directive.define.riscv-asm
#       ^^^^^^^^^^ entity.name.function.preprocessor.riscv-asm
#                  ^^^^^^^^^^ constant.numeric.integer.hexadecimal.riscv-asm

#define CSR_SWAP(csr, reg) csrrw reg, csr, reg; \
#       ^^^^^^^^ entity.name.function.preprocessor.riscv-asm
#                ^^^ variable.parameter.preprocessor.riscv-asm
#                                     ^^^ meta.preprocessor.macro.riscv-asm variable.other.symbol.riscv-asm
#                                               ^ constant.character.escape.line-continuation.riscv-asm
                           fence
#                          ^^^^^ meta.preprocessor.macro.riscv-asm

#ifdef CONFIG_SMP
# <------ meta.preprocessor.conditional.riscv-asm keyword.control.directive.conditional.riscv-asm
#      ^^^^^^^^^^ meta.preprocessor.conditional.riscv-asm - comment.line.number-sign.riscv-asm

#if defined(CONFIG_64BIT) && XLEN == 64
# <--- keyword.control.directive.conditional.riscv-asm
#   ^^^^^^^ keyword.operator.word.defined.riscv-asm
#                                    ^^ constant.numeric.integer.decimal.riscv-asm

#elif XLEN == 32 // C comment
# <----- keyword.control.directive.conditional.riscv-asm
#                ^^^^^^^^^^^^ comment.line.double-slash.riscv-asm

#else
# <----- keyword.control.directive.conditional.riscv-asm - comment.line.number-sign.riscv-asm

#undef UART0_BASE
# <------ keyword.control.directive.undef.riscv-asm
#      ^^^^^^^^^^ entity.name.function.preprocessor.riscv-asm

#endif
# <------ meta.preprocessor.conditional.riscv-asm keyword.control.directive.conditional.riscv-asm

  #  ifndef GUARD
# <~~-- keyword.control.directive.conditional.riscv-asm - comment.line.number-sign.riscv-asm
#    ^^^^^^ keyword.control.directive.conditional.riscv-asm
  #  endif
#    ^^^^^ keyword.control.directive.conditional.riscv-asm

#error "unsupported"
# <------ meta.preprocessor.riscv-asm keyword.control.directive.riscv-asm
#      ^^^^^^^^^^^^^ string.quoted.double.riscv-asm

# if a0 is zero, skip: an ordinary comment, not #if
# <-------------------------------------------------- comment.line.number-sign.riscv-asm - meta.preprocessor.conditional.riscv-asm keyword.control.directive.conditional.riscv-asm
# else: also a comment
# <------ comment.line.number-sign.riscv-asm - keyword.control.directive.conditional.riscv-asm

    beqz a0, 1f  # include a0 in the count: a trailing comment
#                ^^^^^^^^^ comment.line.number-sign.riscv-asm - meta.preprocessor.include.riscv-asm
1:
