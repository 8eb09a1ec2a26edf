# asm-test: -Ttext=0x80000000 -Tdata=0x80002000
# Assembler corpus: a small bare-metal program written the way people write them
# (M-mode entry, trap vector, stack set-up, calls between routines, loops, a jump
# table, string and memory routines, data/rodata/bss references). It checks that
# ordinary code assembles exactly like GNU as + ld, compressed where GNU compresses.
	.globl	_start
	.equ	STACK_SIZE, 4096
	.equ	UART_BASE, 0x10000000
	.equ	UART_LSR, 5
	.equ	LSR_THRE, 0x20

	.section .text.init, "ax", @progbits
_start:
	csrr	t0, mhartid
	bnez	t0, park
	la	sp, stack_top
	la	t0, trap_vector
	csrw	mtvec, t0
	li	t0, 0x1800
	csrc	mstatus, t0
	la	a0, bss_start
	la	a1, bss_end
	call	memzero
	la	a0, greeting
	call	puts
	li	a0, 10
	call	fact
	la	t0, result
	sd	a0, 0(t0)
	li	a0, 3
	call	dispatch
	la	a0, buf
	la	a1, greeting
	li	a2, 16
	call	memcpy
	la	a0, buf
	call	strlen
	j	exit
park:
	wfi
	j	park

	.text
# void memzero(a0 = start, a1 = end)
memzero:
	bgeu	a0, a1, 2f
1:	sd	zero, 0(a0)
	addi	a0, a0, 8
	bltu	a0, a1, 1b
2:	ret

# void *memcpy(a0 = dst, a1 = src, a2 = n)
memcpy:
	mv	t0, a0
	beqz	a2, 2f
1:	lbu	t1, 0(a1)
	sb	t1, 0(t0)
	addi	a1, a1, 1
	addi	t0, t0, 1
	addi	a2, a2, -1
	bnez	a2, 1b
2:	ret

# size_t strlen(a0 = s)
strlen:
	mv	t0, a0
1:	lbu	t1, 0(t0)
	beqz	t1, 2f
	addi	t0, t0, 1
	j	1b
2:	sub	a0, t0, a0
	ret

# void puts(a0 = s): polls the UART's transmit-holding-register-empty bit
puts:
	li	t1, UART_BASE
1:	lbu	t0, 0(a0)
	beqz	t0, 3f
2:	lbu	t2, UART_LSR(t1)
	andi	t2, t2, LSR_THRE
	beqz	t2, 2b
	sb	t0, 0(t1)
	addi	a0, a0, 1
	j	1b
3:	ret

# long fact(a0 = n), recursive, with a stack frame
fact:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	sd	s0, 0(sp)
	mv	s0, a0
	li	a0, 1
	blez	s0, 1f
	addi	a0, s0, -1
	call	fact
	mul	a0, a0, s0
1:	ld	ra, 8(sp)
	ld	s0, 0(sp)
	addi	sp, sp, 16
	ret

# long dispatch(a0 = index): jump table of relative offsets
dispatch:
	li	t0, 4
	bgeu	a0, t0, 9f
	la	t1, jump_table
	slli	t0, a0, 2
	add	t0, t0, t1
	lw	t0, 0(t0)
	add	t0, t0, t1
	jr	t0
case0:	li	a0, 100
	ret
case1:	li	a0, 200
	ret
case2:	li	a0, -300
	ret
case3:	li	a0, 0x12345
	ret
9:	li	a0, -1
	ret

	.p2align	2
trap_vector:
	addi	sp, sp, -32
	sd	t0, 0(sp)
	sd	t1, 8(sp)
	csrr	t0, mcause
	bltz	t0, 1f
	csrr	t1, mepc
	addi	t1, t1, 4
	csrw	mepc, t1
1:	ld	t0, 0(sp)
	ld	t1, 8(sp)
	addi	sp, sp, 32
	mret

exit:
	li	t0, 0x100000
	li	t1, 0x5555
	sw	t1, 0(t0)
1:	j	1b

	.section .rodata
	.p2align	2
jump_table:
	.word	case0 - jump_table
	.word	case1 - jump_table
	.word	case2 - jump_table
	.word	case3 - jump_table
greeting:
	.string	"HyperStep says hi\n"

	.data
	.p2align	3
result:	.dword	0
ptrs:	.dword	memzero, memcpy, strlen, puts, fact

	.bss
	.p2align	4
bss_start:
buf:	.zero	64
stack:	.zero	STACK_SIZE
stack_top:
bss_end:
