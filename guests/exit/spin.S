/* Never exits: a one-instruction loop (stopped by --max-insns, status 124). */
#include "exit.h"

PROGRAM_BEGIN
1:      j       1b
