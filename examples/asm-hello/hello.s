# hello.s: a bare-metal RISC-V program for the emulated virt board.
# Press F5 in VS Code (HyperStep): the built-in assembler turns this file into an
# ELF with symbols and line information, so breakpoints on these lines work.
# It prints a greeting on the UART, sums 1..10 in a loop, calls a function and
# powers the machine off through the SiFive test finisher with exit code 0.

    .equ UART0,  0x10000000         # 16550 UART transmit register (virt board)
    .equ FINISH, 0x100000           # SiFive test finisher: 0x5555 = pass
    .equ COUNT,  10

    .text
    .globl _start
_start:
    la      sp, stack_top           # a stack for the call below
    la      a0, greeting
    call    puts                    /* BP:callPuts */

    li      t0, 0                   # sum
    li      t1, 1                   # i
1:  add     t0, t0, t1              /* BP:loop */
    addi    t1, t1, 1
    li      t2, COUNT
    ble     t1, t2, 1b

    la      t3, result
    sd      t0, 0(t3)               # result = 55
    li      t4, FINISH
    li      t5, 0x5555
    sw      t5, 0(t4)               /* BP:poweroff */
2:  wfi
    j       2b

# puts(a0 = NUL-terminated string): writes it to the UART.
    .globl puts
puts:
    li      a1, UART0
1:  lbu     a2, 0(a0)               /* BP:putsLoop */
    beqz    a2, 2f
    sb      a2, 0(a1)
    addi    a0, a0, 1
    j       1b
2:  ret

    .section .rodata
greeting:
    .string "Hello from RISC-V assembly!\n"

    .data
    .align  3
result:
    .dword  0

    .bss
    .align  4
stack:
    .zero   4096
stack_top:
