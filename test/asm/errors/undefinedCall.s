# call/tail of a function that does not exist.
# expect: 5:10-14: error: symbol 'prnt' is not defined anywhere in this file
# expect: 6:10-15: error: symbol 'exit_' is not defined
_start:
    call prnt
    tail exit_
print:
    ret
