# C preprocessor lines need gcc; a comment that starts with "# if" is still a comment.
# expect: 5:1-9: error: '#include' is a C preprocessor directive, which this assembler does not run
# expect: 6:1-8: error: '#define' is a C preprocessor directive
# if a0 is zero we stop (just a comment)
#include "regs.h"
#define STACK_SIZE 4096
_start:
    ret
