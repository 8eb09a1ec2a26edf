# A misspelt CSR name.
# expect: 5:14-20: error: unknown CSR 'mstatu': expected a CSR name like mstatus or a number 0 to 4095 (did you mean 'mstatus'?)
# expect: 6:10-15: error: unknown CSR 'mycsr'
_start:
    csrr a0, mstatu
    csrw mycsr, a0
