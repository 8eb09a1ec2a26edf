# lui takes the upper 20 bits as a number 0..0xfffff (not a full address).
# expect: 5:13-15: error: immediate -1 is out of range for 'lui': it must be between 0 and 1048575
# expect: 6:13-21: error: immediate 1048576 is out of range for 'lui'
_start:
    lui a0, -1
    lui a0, 0x100000
