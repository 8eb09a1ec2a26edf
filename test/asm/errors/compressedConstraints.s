# Explicit c.* instructions have tight operand limits; each bad line is reported and
# assembly goes on with the next one.
# expect: 15:16-18: error: 'c.addi': immediate must be between -32 and 31
# expect: 16:12-14: error: 'c.addi': the destination must not be x0
# expect: 17:14-19: error: 'c.lw': offset must be a multiple of 4 between 0 and 124
# expect: 18:16-21: error: 'c.lwsp': the base register must be sp
# expect: 19:24-25: error: 'c.addi4spn': immediate must be a multiple of 4 between 4 and 1020
# expect: 20:11-13: error: 'c.lui': the destination must not be x0 or sp
# expect: 21:12-14: error: 'c.srli': register must be one of s0, s1, a0-a5 (x8-x15)
# expect: 22:14-16: error: 'c.mv': the source must not be x0
# expect: 23:20-21: error: 'c.addi16sp': immediate must be a non-zero multiple of 16
# expect: 24:16-17: error: 'c.slli': shift amount must be between 1 and 63
# expect: 25:15-17: error: 'c.and': register must be one of s0, s1, a0-a5
_start:
    c.addi a0, 32
    c.addi x0, 1
    c.lw a0, 2(a1)
    c.lwsp a0, 4(a1)
    c.addi4spn a0, sp, 0
    c.lui sp, 1
    c.srli a6, 1
    c.mv a0, x0
    c.addi16sp sp, 8
    c.slli a0, 0
    c.and a0, t0
    c.addi a0, 1
