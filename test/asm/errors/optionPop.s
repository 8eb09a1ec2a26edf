# .option pop needs an earlier .option push.
# expect: 7:13-16: error: '.option pop' without a matching '.option push'
    .option push
    .option norvc
    .option pop
_start: ret
    .option pop
