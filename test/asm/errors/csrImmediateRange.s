# CSR immediates are 5 bits (0..31).
# expect: 5:25-27: error: CSR immediate 32 is out of range for 'csrrwi': it must be between 0 and 31
# expect: 6:20-22: error: CSR immediate 40 is out of range for 'csrsi'
_start:
    csrrwi a0, mstatus, 32
    csrsi mstatus, 40
