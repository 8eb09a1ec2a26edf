# Assembly goes on after an error: every bad line of this program is reported.
# expect: 12:14-16: error: found 'a9'
# expect: 13:5-9: error: unknown instruction 'mulx'
# expect: 14:18-22: error: immediate 5000 is out of range for 'addi'
# expect: 15:11-17: error: cannot store data in '.bss'
# expect: 17:16-18: error: 'sp' is an integer register; this operand needs a floating-point register
# expect: 18:14-18: error: symbol 'done' is not defined anywhere in this file
# expect: 19:7-9: error: local label '2:' not found before this line (for '2b')
# expect: 20:1-8: error: 'counter' is already defined on line 16
_start:
    li a0, 10
    addi a1, a9, 1
    mulx a0, a0, a1
    addi a0, a0, 5000
    .bss; .dword 1; .text
counter: fld fa0, 0(sp)
    fmv.d fa0, sp
    beqz a0, done
    j 2b
counter:
    ret
