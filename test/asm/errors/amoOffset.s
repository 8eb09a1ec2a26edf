# AMOs and LR/SC take their address as (reg), with no offset.
# expect: 5:22-27: error: 'amoadd.w' takes its address as (reg) with no offset
# expect: 6:14-19: error: 'lr.d' takes its address as (reg) with no offset
_start:
    amoadd.w a0, a1, 4(a2)
    lr.d a0, 8(a1)
    amoadd.w a0, a1, 0(a2)
    ret
