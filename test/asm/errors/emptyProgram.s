# Only comments: there is nothing to run.
# expect: 1:1: error: the program has no instructions (nothing in .text)
