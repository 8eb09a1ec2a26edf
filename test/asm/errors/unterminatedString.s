# A string without its closing quote.
# expect: 6:13-19: error: missing closing quote of the string
_start: ret
    .data
msg:
    .string "hello
    .string "ok"
