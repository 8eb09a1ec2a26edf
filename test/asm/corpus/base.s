# asm-test: -Ttext=0x80000000 -Tdata=0x80010000
# Assembler corpus: the RV64I base instructions (every one, 32-bit forms under
# .option norvc and again under rvc, where GNU as compresses what it can), the M
# extension, Zicsr with CSR names and numbers, fences, system and privileged
# instructions, and every register name (ABI, xN, fp).
	.globl	_start
	.text
_start:
	.option	push
	.option	norvc
# --- U-type -------------------------------------------------------------------
	lui	a0, 0
	lui	a1, 1
	lui	a2, 0x7ffff
	lui	a3, 0x80000
	lui	a4, 0xfffff
	lui	s11, 12345
	auipc	ra, 0
	auipc	t6, 0xfffff
	auipc	gp, 0x12345
# --- jumps and branches -------------------------------------------------------
	jal	ra, 1f
	jal	x0, 1f
	jal	t0, 1f
	jal	1f
1:	jalr	ra, 0(a0)
	jalr	zero, -2048(t1)
	jalr	t0, 2047(s1)
	jalr	x5, 4(x6)
	jalr	a0
	jalr	t1, a2
	jalr	t2, a3, 16
	beq	a0, a1, 1b
	bne	t0, t1, 1b
	blt	s2, s3, 1f
	bge	a4, zero, 1f
	bltu	x0, x31, 1f
	bgeu	t3, t4, 1f
1:	beq	zero, zero, 1b
# --- loads and stores ---------------------------------------------------------
	lb	a0, 0(a1)
	lh	a1, -2048(a2)
	lw	a2, 2047(a3)
	ld	a3, 8(sp)
	lbu	a4, -1(s0)
	lhu	a5, 2(s1)
	lwu	a6, 4(t0)
	lb	t0, (a0)
	ld	t1, (sp)
	sb	a0, 0(a1)
	sh	a1, -2048(a2)
	sw	a2, 2047(a3)
	sd	a3, 8(sp)
	sb	zero, 1(gp)
	sd	ra, (tp)
# --- immediate ALU ------------------------------------------------------------
	addi	a0, a1, 0
	addi	a0, a1, -2048
	addi	a0, a1, 2047
	addi	x31, x30, -1
	slti	t0, t1, -5
	slti	t0, t1, 2047
	sltiu	t0, t1, 1
	sltiu	t0, t1, -2048
	xori	s0, s1, -1
	xori	s0, s1, 0x7ff
	ori	s2, s3, 0x555
	ori	s2, s3, -0x800
	andi	s4, s5, 0xff
	andi	s4, s5, -16
	slli	a0, a1, 0
	slli	a0, a1, 1
	slli	a0, a1, 31
	slli	a0, a1, 32
	slli	a0, a1, 63
	srli	a2, a3, 0
	srli	a2, a3, 33
	srli	a2, a3, 63
	srai	a4, a5, 0
	srai	a4, a5, 17
	srai	a4, a5, 63
	addiw	a0, a1, 0
	addiw	a0, a1, -2048
	addiw	a0, a1, 2047
	slliw	t0, t1, 0
	slliw	t0, t1, 31
	srliw	t2, t3, 1
	srliw	t2, t3, 31
	sraiw	t4, t5, 0
	sraiw	t4, t5, 31
# --- register ALU -------------------------------------------------------------
	add	a0, a1, a2
	sub	a0, a1, a2
	sll	a3, a4, a5
	slt	a6, a7, s2
	sltu	s3, s4, s5
	xor	s6, s7, s8
	srl	s9, s10, s11
	sra	t3, t4, t5
	or	t6, ra, sp
	and	gp, tp, t0
	addw	a0, a1, a2
	subw	a3, a4, a5
	sllw	a6, a7, t0
	srlw	t1, t2, t3
	sraw	t4, t5, t6
# --- M extension --------------------------------------------------------------
	mul	a0, a1, a2
	mulh	a3, a4, a5
	mulhsu	a6, a7, s2
	mulhu	s3, s4, s5
	div	s6, s7, s8
	divu	s9, s10, s11
	rem	t0, t1, t2
	remu	t3, t4, t5
	mulw	a0, a0, a0
	divw	a1, a2, zero
	divuw	a2, a3, a4
	remw	a5, a6, a7
	remuw	t6, s0, s1
# --- fences, system, privileged -----------------------------------------------
	fence
	fence	rw, rw
	fence	iorw, iorw
	fence	r, w
	fence	i, o
	fence	ow, ir
	fence.tso
	fence.i
	ecall
	ebreak
	unimp
	mret
	sret
	wfi
	sfence.vma
	sfence.vma	a0
	sfence.vma	a0, a1
	sfence.vma	zero, t0
# --- Zicsr: the six instructions with CSR names and numbers --------------------
	csrrw	a0, mstatus, a1
	csrrs	a0, misa, zero
	csrrc	t0, mie, t1
	csrrwi	a0, mtvec, 0
	csrrsi	a0, mip, 31
	csrrci	zero, sstatus, 2
	csrrw	a0, 0x340, a1
	csrrs	a0, 0xc00, x0
	csrrc	a0, 4095, a1
	csrrwi	a0, 0, 17
	csrrsi	a0, 0x7b0, 1
	csrrci	a0, 0x180, 8
	.option	pop
# --- the same base instructions under rvc (GNU picks compressed forms) --------
rvc_part:
	lui	a0, 1
	lui	s0, 0xfffff
	lui	sp, 1
	lui	a0, 0x20
	auipc	a0, 0
	jal	zero, 1f
	jal	ra, 1f
1:	jalr	ra, 0(a0)
	jalr	a0
	jalr	zero, 0(a0)
	beq	s0, zero, 1b
	bne	a5, zero, 1b
	beq	a0, a1, 1b
	lw	a0, 0(a1)
	ld	s0, 8(s1)
	lw	a0, 4(sp)
	ld	a0, 8(sp)
	sw	a0, 124(a5)
	sd	s1, 248(a0)
	sw	ra, 0(sp)
	sd	t6, 504(sp)
	lb	a0, 0(a1)
	lbu	a0, 0(a1)
	lh	a0, 0(a1)
	lhu	a0, 0(a1)
	lwu	a0, 0(a1)
	sb	a0, 0(a1)
	sh	a0, 0(a1)
	addi	a0, a0, 1
	addi	sp, sp, -64
	addi	s0, sp, 16
	addiw	a0, a0, -1
	slli	a0, a0, 3
	srli	s0, s0, 3
	srai	s1, s1, 3
	andi	a5, a5, 7
	add	a0, a0, a1
	sub	s0, s0, s1
	xor	a2, a2, a3
	or	a4, a4, a5
	and	s1, s1, a0
	addw	a0, a0, a1
	subw	a2, a2, a3
	slti	a0, a0, 1
	sltiu	a0, a0, 1
	xori	a0, a0, 1
	ori	a0, a0, 1
	mul	a0, a0, a1
	ebreak
	unimp
	ecall
	nop
# --- every register name ------------------------------------------------------
regs:
	.option	push
	.option	norvc
	add	x0, x1, x2
	add	x3, x4, x5
	add	x6, x7, x8
	add	x9, x10, x11
	add	x12, x13, x14
	add	x15, x16, x17
	add	x18, x19, x20
	add	x21, x22, x23
	add	x24, x25, x26
	add	x27, x28, x29
	add	x30, x31, x0
	add	zero, ra, sp
	add	gp, tp, t0
	add	t1, t2, s0
	add	fp, s1, a0
	add	a1, a2, a3
	add	a4, a5, a6
	add	a7, s2, s3
	add	s4, s5, s6
	add	s7, s8, s9
	add	s10, s11, t3
	add	t4, t5, t6
	.option	pop
	add	fp, fp, s1
	addi	fp, sp, 32
# --- CSR names: machine, supervisor, user/FP, counters, PMP, debug ------------
csrs:
	csrr	a0, mvendorid
	csrr	a0, marchid
	csrr	a0, mimpid
	csrr	a0, mhartid
	csrr	a0, mstatus
	csrr	a0, misa
	csrr	a0, medeleg
	csrr	a0, mideleg
	csrr	a0, mie
	csrr	a0, mtvec
	csrr	a0, mcounteren
	csrr	a0, mscratch
	csrr	a0, mepc
	csrr	a0, mcause
	csrr	a0, mtval
	csrr	a0, mip
	csrr	a0, mcycle
	csrr	a0, minstret
	csrr	a0, mhpmcounter3
	csrr	a0, mhpmcounter31
	csrr	a0, mhpmevent3
	csrr	a0, mcountinhibit
	csrr	a0, sstatus
	csrr	a0, sie
	csrr	a0, stvec
	csrr	a0, scounteren
	csrr	a0, sscratch
	csrr	a0, sepc
	csrr	a0, scause
	csrr	a0, stval
	csrr	a0, sip
	csrr	a0, satp
	csrr	a0, fflags
	csrr	a0, frm
	csrr	a0, fcsr
	csrr	a0, cycle
	csrr	a0, time
	csrr	a0, instret
	csrr	a0, hpmcounter3
	csrr	a0, hpmcounter31
	csrr	a0, pmpcfg0
	csrr	a0, pmpcfg2
	csrr	a0, pmpcfg14
	csrr	a0, pmpaddr0
	csrr	a0, pmpaddr15
	csrr	a0, pmpaddr63
	csrr	a0, tselect
	csrr	a0, tdata1
	csrr	a0, dcsr
	csrr	a0, dpc
	csrr	a0, dscratch0
	csrw	mepc, a0
	csrw	0x305, t0
	csrs	mstatus, a1
	csrc	mstatus, a2
	csrwi	mscratch, 5
	csrsi	sstatus, 2
	csrci	sstatus, 31
	ret

	.data
words:	.word	1, 2, 3
	.dword	_start, rvc_part, regs, csrs
