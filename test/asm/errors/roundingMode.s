# Rounding modes are rne, rtz, rdn, rup, rmm and dyn.
# expect: 5:27-30: error: expected a rounding mode (rne, rtz, rdn, rup, rmm or dyn), found 'rnd'
# expect: 6:23-25: error: found 'up'
_start:
    fadd.s fa0, fa1, fa2, rnd
    fcvt.w.d a0, fa0, up
