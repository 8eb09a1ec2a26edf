# .align takes a power of two exponent (0..16); .balign a power of two.
# expect: 5:12-14: error: alignment 20 of '.align' is out of range: it is a power of two, 0 to 16
# expect: 6:13-14: error: alignment 3 of '.balign' must be a power of two (1 to 65536)
_start: ret
    .align 20
    .balign 3
