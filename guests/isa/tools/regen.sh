#!/bin/sh
# Regenerates the generated FP test sources (rv64uf_* / rv64ud_*) from the
# exact-rational IEEE reference model in fp.py. Not part of the build: the
# generated .S files are committed and are the sources of truth for `make isa`.
# cross-check of fp.py against the host FPU: cc -frounding-math -o fref fref.c -lm && python3 cmp.py
set -e
cd "$(dirname "$0")"
I=..
for f in s d; do
  x=$([ $f = s ] && echo f || echo d)
  python3 mk_arith.py $f $I/rv64u${x}_arith.S
  python3 mk_round.py $f $I/rv64u${x}_rounding.S static
  python3 mk_round.py $f $I/rv64u${x}_rounding_dyn.S dyn
  python3 mk_cvt.py $f $I/rv64u${x}_cvt.S
  python3 mk_misc.py $f $I/rv64u${x}_misc.S
done
