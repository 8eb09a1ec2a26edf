# Fence sets are letters of "iorw" in that order.
# expect: 5:15-16: error: expected a fence set made of the letters i, o, r, w in that order (like rw or iorw), found 'x'
# expect: 6:11-13: error: found 'wr'
_start:
    fence rw, x
    fence wr, rw
