# CSR numbers are 12 bits.
# expect: 5:10-14: error: CSR number 4096 is out of range: CSR numbers are 0 to 4095
# expect: 6:14-16: error: CSR number -1 is out of range
_start:
    csrw 4096, a0
    csrr a0, -1
