# asm-test: -Ttext=0x10000
# Assembler corpus: pseudo-instructions and relocation operators. Linked low
# (-Ttext=0x10000, no -Tdata: ld's default script places .rodata after .text and
# .data one page further on) so that absolute %hi/%lo addressing of data fits.
# Covers li (GNU's constant-building sequences), la/lla to .text/.data/.rodata/.bss
# labels, call/tail, the branch/set/jump aliases, the CSR and FP-CSR aliases,
# counters, symbol loads and stores, %hi/%lo/%pcrel_hi/%pcrel_lo, numeric labels.
	.globl	_start
	.equ	UART, 0x10000000
	.equ	SMALL, 5
	.text
_start:
# --- li: small, 12-bit edges, 32-bit, 64-bit -----------------------------------
	li	a0, 0
	li	a0, 1
	li	a0, -1
	li	a0, 31
	li	a0, 32
	li	a0, -32
	li	a0, -33
	li	a0, 2047
	li	a0, 2048
	li	a0, -2048
	li	a0, -2049
	li	a0, 4095
	li	a0, 4096
	li	a0, 0x1f000
	li	a0, 0x20000
	li	a0, -4096
	li	a0, 0x12345
	li	a0, 0x12345678
	li	a0, -0x12345678
	li	a0, 0x7ffff7ff
	li	a0, 0x7ffff800
	li	a0, 0x7fffffff
	li	a0, 0x80000000
	li	a0, -0x80000000
	li	a0, 0xffffffff
	li	a0, 0xfffff800
	li	a0, 0x100000000
	li	a0, 0x100000001
	li	a0, 0x7ff00000000
	li	a0, 0x0000ffff00000000
	li	a0, 0x123456789abcdef0
	li	a0, 0xfedcba9876543210
	li	a0, -0x123456789
	li	a0, 0x7fffffffffffffff
	li	a0, 0x8000000000000000
	li	a0, 1 << 63
	li	a0, 0xffffffffffffffff
	li	a0, 0x8000000000000001
	li	a0, 0x0123456700000000
	li	a0, 0x00000000deadbeef
	li	t0, 0x800
	li	s1, -0x801
	li	ra, 0x55555555
	li	t6, 0xaaaaaaaaaaaaaaaa
	li	sp, 0x1000
	li	zero, 7
	li	a5, SMALL
	li	a5, UART
	li	a5, 'A'
# --- la / lla to every section -------------------------------------------------
	la	a0, _start
	la	a1, func
	la	a2, dvar
	la	a3, rconst
	la	a4, bbuf
	lla	a0, _start
	lla	a1, dvar + 4
	lla	a2, rconst
	lla	a3, bbuf + 16
	lla	t0, dvar - 8
# --- call / tail / jumps ------------------------------------------------------
	call	func
	call	t0, func
	tail	func
	jal	func
	jal	t1, func
	j	func
	jr	a0
	jr	t0
	jalr	a1
	jalr	t2
	ret
	nop
# --- register aliases ---------------------------------------------------------
	mv	a0, a1
	mv	s0, s1
	mv	t0, t1
	mv	a0, zero
	mv	sp, a0
	not	a0, a1
	not	t0, t0
	neg	a0, a1
	neg	t0, t0
	negw	a0, a1
	negw	s0, s0
	sext.w	a0, a1
	sext.w	a0, a0
	sext.w	t0, t0
	seqz	a0, a1
	snez	a0, a1
	sltz	a0, a1
	sgtz	a0, a1
# --- branch aliases -----------------------------------------------------------
1:	beqz	a0, 1b
	bnez	a1, 1b
	beqz	t0, 1b
	bnez	t1, 1b
	blez	a0, 1b
	bgez	a1, 1b
	bltz	a2, 1b
	bgtz	a3, 1b
	bgt	a0, a1, 1f
	ble	a2, a3, 1f
	bgtu	a4, a5, 1f
	bleu	t0, t1, 1f
	beq	a0, zero, 1f
	bne	s0, zero, 1f
1:	blez	zero, 1b
# --- CSR aliases --------------------------------------------------------------
	csrr	a0, mstatus
	csrw	mstatus, a1
	csrs	mie, a2
	csrc	mie, a3
	csrwi	mscratch, 0
	csrsi	sstatus, 31
	csrci	sstatus, 1
	csrr	t0, 0x300
	csrw	0x7c0, t1
	rdcycle	a0
	rdtime	a1
	rdinstret	a2
	frcsr	a0
	fscsr	a1
	fscsr	a0, a1
	frrm	a2
	fsrm	a3
	fsrm	a2, a3
	frflags	a4
	fsflags	a5
	fsflags	a4, a5
# --- loads and stores to symbols (auipc + access) -----------------------------
	lb	a0, dvar
	lbu	a0, dvar
	lh	a0, dvar
	lhu	a0, dvar
	lw	a0, dvar
	lwu	a0, dvar
	ld	a0, dvar
	lw	a1, rconst
	ld	a2, dvar + 8
	sb	a0, dvar, t0
	sh	a0, dvar, t0
	sw	a0, dvar, t0
	sd	a0, dvar + 8, t1
	sw	a0, bbuf, t2
	flw	fa0, fvar, t0
	fld	fa1, fvar, t0
	fsw	fa0, fvar, t0
	fsd	fa1, fvar, t0
# --- %hi / %lo (absolute) ------------------------------------------------------
	lui	a0, %hi(dvar)
	addi	a0, a0, %lo(dvar)
	lui	a1, %hi(dvar)
	lw	a2, %lo(dvar)(a1)
	sw	a2, %lo(dvar)(a1)
	ld	a3, %lo(dvar+8)(a1)
	sd	a3, %lo(dvar+8)(a1)
	lui	a4, %hi(bbuf)
	addi	a4, a4, %lo(bbuf)
	lui	a5, %hi(rconst)
	flw	fa0, %lo(rconst)(a5)
	lui	t0, %hi(UART)
	addi	t0, t0, %lo(UART)
	lui	t1, %hi(0x12345fff)
	addi	t1, t1, %lo(0x12345fff)
	lui	t2, %hi(0x1000)
	addi	t2, t2, %lo(0x1000)
	lui	s0, %hi(func)
	jalr	ra, %lo(func)(s0)
# --- %pcrel_hi / %pcrel_lo -----------------------------------------------------
1:	auipc	a0, %pcrel_hi(dvar)
	addi	a0, a0, %pcrel_lo(1b)
1:	auipc	a1, %pcrel_hi(dvar + 8)
	ld	a2, %pcrel_lo(1b)(a1)
	sd	a2, %pcrel_lo(1b)(a1)
.Lpc:	auipc	a3, %pcrel_hi(bbuf)
	lw	a4, %pcrel_lo(.Lpc)(a3)
	sw	a4, %pcrel_lo(.Lpc)(a3)
1:	auipc	t0, %pcrel_hi(rconst)
	fld	fa0, %pcrel_lo(1b)(t0)
1:	auipc	ra, %pcrel_hi(func)
	jalr	ra, %pcrel_lo(1b)(ra)
	auipc	a0, 0
	auipc	a0, 1
# --- numeric labels reused many times ----------------------------------------
	li	t0, 3
1:	addi	t0, t0, -1
	bnez	t0, 1b
	li	t0, 4
1:	addi	t0, t0, -1
	bnez	t0, 1b
	j	1f
1:	j	1f
1:	j	2f
2:	beqz	a0, 1b
	j	2b
3:	j	3b
func:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	sd	s0, 0(sp)
	addi	s0, sp, 16
	ld	ra, 8(sp)
	ld	s0, 0(sp)
	addi	sp, sp, 16
	ret

	.section .rodata
	.align	3
rconst:	.dword	0x400921fb54442d18
	.word	42

	.data
	.align	3
dvar:	.dword	1, 2, 3
fvar:	.dword	0
	.dword	dvar, rconst, bbuf, func

	.bss
	.align	4
bbuf:	.zero	64
