# Data that refers to an undefined symbol.
# expect: 7:14-23: error: symbol 'table_end' is not defined anywhere in this file
# expect: 8:12-18: error: symbol 'hndler' is not defined
_start: ret
handler: ret
    .data
table: .word table_end - table
    .dword hndler
