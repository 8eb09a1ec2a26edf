# asm-test: -Ttext=0x80000000 -Tdata=0x80100000
# Assembler corpus: the C extension. Every explicit RV64C mnemonic (c.*); base
# instructions that GNU as compresses automatically under .option rvc, at the
# register and immediate boundaries; .option norvc/rvc/push/pop; branch and jump
# relaxation (compressed when the target is near, 32-bit when not, and a
# conditional branch beyond +-4 KiB becomes an inverted branch around a jal);
# alignment padding in code (c.nop and nop).
	.globl	_start
	.text
_start:
# --- explicit compressed mnemonics -----------------------------------------------
	c.addi4spn	a0, sp, 4
	c.addi4spn	s0, sp, 1020
	c.addi4spn	a5, sp, 512
	c.fld	fa0, 8(a0)
	c.fld	fs1, 248(a5)
	c.lw	a0, 0(a1)
	c.lw	a5, 124(s0)
	c.ld	a0, 248(s1)
	c.ld	s0, 0(a5)
	c.fsd	fa5, 0(a0)
	c.fsd	fs0, 248(s1)
	c.sw	a0, 124(a1)
	c.sw	s1, 4(a5)
	c.sd	s1, 8(a5)
	c.sd	a5, 248(s0)
	c.nop
	c.addi	a0, -32
	c.addi	t0, 31
	c.addi	sp, 16
	c.addiw	a0, 0
	c.addiw	ra, -1
	c.addiw	t6, 31
	c.li	t6, -32
	c.li	ra, 31
	c.li	a0, 0
	c.addi16sp	sp, 496
	c.addi16sp	sp, -512
	c.addi16sp	sp, 16
	c.lui	a0, 1
	c.lui	t0, 0x1f
	c.lui	t1, 0xfffe0
	c.lui	t1, 0xfffff
	c.srli	a0, 1
	c.srli	s1, 63
	c.srli	a5, 32
	c.srai	a5, 32
	c.srai	s0, 1
	c.andi	a0, -32
	c.andi	s0, 31
	c.andi	a1, 0
	c.sub	a0, a1
	c.xor	s0, a5
	c.or	s1, a4
	c.and	a2, a3
	c.subw	a0, s0
	c.addw	a5, a4
	c.j	_start
	c.j	1f
	c.beqz	a0, _start
	c.bnez	s1, 1f
	c.slli	a0, 1
	c.slli	ra, 63
	c.slli	t6, 32
1:	c.fldsp	ft0, 0(sp)
	c.fldsp	fs11, 504(sp)
	c.lwsp	ra, 252(sp)
	c.lwsp	a0, 0(sp)
	c.ldsp	t6, 504(sp)
	c.ldsp	s0, 8(sp)
	c.jr	ra
	c.jr	t6
	c.mv	a0, a1
	c.mv	ra, t6
	c.ebreak
	c.jalr	a0
	c.jalr	t0
	c.add	a0, a1
	c.add	t6, ra
	c.fsdsp	fa0, 504(sp)
	c.fsdsp	ft0, 0(sp)
	c.swsp	zero, 252(sp)
	c.swsp	a0, 4(sp)
	c.sdsp	ra, 0(sp)
	c.sdsp	t6, 504(sp)
# --- automatic compression: register classes (x8-x15 vs others) -------------
auto:
	add	a0, a0, a1
	add	a0, a1, a0
	add	t0, t0, t1
	add	a0, zero, a1
	add	a0, a1, zero
	add	zero, a0, a1
	add	sp, sp, a0
	and	s0, s0, s1
	and	s0, s1, s0
	and	t0, t0, t1
	and	a6, a6, a5
	or	a0, a0, a5
	or	a0, a5, a0
	or	t0, t0, a0
	xor	a4, a4, a5
	xor	a4, a5, a4
	xor	t2, t2, a5
	sub	a0, a0, a1
	sub	a0, a1, a0
	sub	t0, t0, t1
	addw	a0, a0, a1
	addw	a0, a1, a0
	addw	t0, t0, t1
	subw	a0, a0, a1
	subw	a0, a1, a0
	subw	a6, a6, a1
	mv	a0, a1
	mv	t0, sp
	mv	sp, t0
	mv	a0, zero
	mv	zero, a0
	mv	a0, a0
# --- automatic compression: immediate edges --------------------------------
	addi	a0, a0, -32
	addi	a0, a0, -33
	addi	a0, a0, 31
	addi	a0, a0, 32
	addi	a0, a0, 0
	addi	a0, a1, 0
	addi	t0, t0, 1
	addi	zero, zero, 0
	addi	zero, zero, 1
	addi	a0, zero, 5
	addi	a0, zero, -32
	addi	a0, zero, 32
	addi	sp, sp, 16
	addi	sp, sp, -16
	addi	sp, sp, 32
	addi	sp, sp, 496
	addi	sp, sp, 512
	addi	sp, sp, -512
	addi	sp, sp, -528
	addi	sp, sp, 24
	addi	sp, sp, 0
	addi	a0, sp, 4
	addi	a0, sp, 1020
	addi	a0, sp, 1024
	addi	a0, sp, 2
	addi	a0, sp, 0
	addi	t0, sp, 4
	addiw	a0, a0, -32
	addiw	a0, a0, 31
	addiw	a0, a0, 32
	addiw	a0, a0, 0
	addiw	a0, a1, 0
	addiw	zero, zero, 1
	andi	a0, a0, -32
	andi	a0, a0, 31
	andi	a0, a0, 32
	andi	a0, a0, 0
	andi	t0, t0, 1
	andi	a0, a1, 1
	li	a0, 31
	li	a0, 32
	li	a0, -32
	li	a0, -33
	li	zero, 1
# --- automatic compression: lui edges ------------------------------------
	lui	a0, 1
	lui	a0, 0x1f
	lui	a0, 0x20
	lui	a0, 0xfffe0
	lui	a0, 0xfffdf
	lui	a0, 0xfffff
	lui	a0, 0
	lui	sp, 1
	lui	zero, 1
	lui	ra, 2
# --- automatic compression: shifts by 0/1/31/32/63 -------------------------------
	slli	a0, a0, 0
	slli	a0, a0, 1
	slli	a0, a0, 31
	slli	a0, a0, 32
	slli	a0, a0, 63
	slli	t0, t0, 5
	slli	a0, a1, 5
	slli	zero, zero, 5
	srli	a0, a0, 0
	srli	a0, a0, 1
	srli	a0, a0, 31
	srli	s0, s0, 32
	srli	s0, s0, 63
	srli	t0, t0, 1
	srai	a0, a0, 0
	srai	a5, a5, 1
	srai	a5, a5, 31
	srai	a5, a5, 32
	srai	a5, a5, 63
	srai	a6, a6, 1
	srai	a5, a4, 1
# --- automatic compression: loads and stores -------------------------------
	lw	a0, 0(a1)
	lw	a0, 124(a1)
	lw	a0, 128(a1)
	lw	a0, 2(a1)
	lw	a0, -4(a1)
	lw	t0, 0(a1)
	lw	a0, 0(t0)
	ld	a0, 0(a1)
	ld	a0, 248(a1)
	ld	a0, 256(a1)
	ld	a0, 4(a1)
	sw	a0, 0(a1)
	sw	a0, 124(a1)
	sw	a0, 128(a1)
	sw	t0, 0(a1)
	sd	a0, 248(a1)
	sd	a0, 256(a1)
	sd	a0, 12(a1)
	lw	ra, 0(sp)
	lw	ra, 252(sp)
	lw	ra, 256(sp)
	lw	ra, 2(sp)
	lw	zero, 0(sp)
	ld	ra, 504(sp)
	ld	ra, 512(sp)
	ld	ra, 4(sp)
	ld	zero, 8(sp)
	sw	ra, 252(sp)
	sw	ra, 256(sp)
	sw	zero, 4(sp)
	sd	ra, 504(sp)
	sd	ra, 512(sp)
	sd	zero, 0(sp)
	sd	ra, -8(sp)
	fld	fa0, 0(a0)
	fld	fa0, 256(a0)
	fld	ft0, 0(a0)
	fsd	fa0, 248(a0)
	fld	ft0, 504(sp)
	fsd	ft0, 504(sp)
	fsd	ft0, 512(sp)
# --- automatic compression: jumps and system ------------------------------------
	jr	ra
	jr	a0
	jr	zero
	jr	4(a0)
	jalr	a0
	jalr	ra, a0
	jalr	ra, 0(a0)
	jalr	zero, 0(a0)
	jalr	ra, 4(a0)
	ret
	ebreak
	nop
	unimp
	sext.w	a0, a0
	sext.w	a0, a1
	not	a0, a0
	neg	a0, a0
# --- branches: near (compressible) and far (not compressible) ----------------
near:
	beqz	a0, near
	bnez	a0, near
	beqz	s1, 1f
	bnez	a5, 1f
	beqz	t0, 1f
	beq	a0, zero, 1f
	beq	zero, a0, 1f
	bne	a0, zero, 1f
	bne	zero, a0, 1f
	beq	a0, a1, 1f
	j	1f
	j	near
	jal	1f
	jal	zero, 1f
1:	beqz	a0, far
	bnez	a0, far
	beq	a0, zero, far
	beqz	t0, far
	j	far
	beqz	a0, far2k
	j	far2k
	beqz	a0, far4k
	bnez	a0, far4k
	beqz	t0, far4k
	beq	a0, a1, far4k
	bltu	a0, a1, far4k
	bge	t0, t1, far4k
	blez	a0, far4k
	j	far4k
	jal	far4k
# zero padding: "far" is 300+ bytes away, "far2k" beyond 2 KiB, "far4k" beyond 4 KiB
	.space	300
far:
	beqz	a0, near
	j	near
	.space	1800
far2k:
	j	near
	.space	2400
far4k:
	beqz	a0, 1b
	bnez	s0, near
	bne	a0, a1, near
	j	near
# --- .option norvc / rvc / push / pop ----------------------------------------
	.option	norvc
	addi	a0, a0, 1
	add	a0, a0, a1
	ld	ra, 8(sp)
	beqz	a0, 1f
	j	1f
	ret
	nop
	ebreak
	unimp
1:	.option	rvc
	addi	a0, a0, 1
	.option	push
	.option	norvc
	addi	a0, a0, 1
	mv	a0, a1
	.option	push
	.option	rvc
	addi	a0, a0, 1
	.option	pop
	addi	a0, a0, 1
	.option	pop
	addi	a0, a0, 1
	mv	a0, a1
# --- alignment padding in code -------------------------------------------------
	c.nop
	.align	2
	c.nop
	.align	3
	c.nop
	.p2align	4
	addi	a0, a0, 1
	.balign	8
	.option	norvc
	addi	a0, a0, 1
	nop
	.align	3
	.half	0
	.align	3
	.option	rvc
	.byte	1
	.align	2
	.byte	2, 3, 4
	.align	3
	.half	5
	.balign	8, 0xaa
	.byte	6
	.align	2, 0x55
	.half	7
	.p2align	3, , 2
	.half	8
	.p2align	3, , 4
	.half	9
	.p2align	4, , 14
	c.nop
	.align	5
	ret

	.data
table:	.word	near - _start, far - near, far2k - near, far4k - near
