# asm-test: -Ttext=0x80000000
# Assembler corpus: directives, expressions, symbols and macros. No -Tdata, so ld's
# default script places the output sections: .text (with .text.*), then .rodata
# (with .rodata.*), then .data (with .data.*) one page further on (same offset
# within the page), then .bss. Covers .text/.data/.bss/.section (with flags),
# .globl/.global/.local, .align/.p2align/.balign (code and data, fill values),
# .byte/.half/.short/.word/.long/.dword/.quad, .string/.asciz/.ascii with escapes,
# .zero/.space, .equ/.set (with redefinition), character literals, expression
# operators, label differences and ".", numeric labels, .macro/.endm.
	.globl	_start
	.global	entry2
	.equ	COUNT, 10
	.equ	SHIFT, 3
	.set	MASK, (1 << SHIFT) - 1
	.set	VAR, 1
	.equ	NEGV, -COUNT
	.equ	CH, 'Z'

# --- read-only data (first, so that the .equ of a label difference below is a
# known constant when instructions use it) ---------------------------------------
	.section .rodata
	.align	3
table:	.dword	_start, helper, other, after
	.word	helper - _start, . - table
table_end:
	.equ	table_len, table_end - table
message:
	.string	"Hello, world!\n"
msg_end:
	.equ	msg_len, msg_end - message
	.section .rodata.str, "a"
	.asciz	"tab\there, quote\", backslash\\, octal\101\60\7, hex\x41\x7a, bs\b ff\f cr\r nl\n"
	.ascii	"ab", "cd"
	.ascii	"no terminator"
	.string	"x", "y"
	.byte	0

# --- macros ----------------------------------------------------------------------
	.macro	push reg
	addi	sp, sp, -8
	sd	\reg, 0(sp)
	.endm
	.macro	pop reg
	ld	\reg, 0(sp)
	addi	sp, sp, 8
	.endm
	.macro	addk rd, rs, k=1
	addi	\rd, \rs, \k
	.endm
	.macro	countdown reg, n
	li	\reg, \n
.Lcd\@:
	addi	\reg, \reg, -1
	bnez	\reg, .Lcd\@
	.endm
	.macro	twice insn:vararg
	\insn
	\insn
	.endm
	.macro	spin
1:	nop
	j	1b
	.endm
	.macro	frame size=16
	addi	sp, sp, -\size
	sd	ra, \size-8(sp)
	.endm
	.macro	unframe size=16
	ld	ra, \size-8(sp)
	addi	sp, sp, \size
	.endm
	.macro	loadaddr reg, sym
	la	\reg, \sym
	.endm

	.text
_start:
	push	ra
	push	s0
	pop	s0
	pop	ra
	addk	a0, a0
	addk	a1, a1, 100
	addk	rd=a2, rs=a2, k=-5
	countdown	t0, 10
	countdown	s0, 3
	twice	addi a0, a0, 1
	twice	nop
	spin
	spin
	frame
	unframe
	frame	32
	unframe	32
	loadaddr	a0, message
	loadaddr	a1, counter
# --- expressions -------------------------------------------------------------
	li	a0, COUNT
	li	a0, COUNT * 4 + 2
	li	a0, (COUNT + 2) * 4
	li	a0, COUNT / 3
	li	a0, COUNT % 3
	li	a0, 1 << SHIFT
	li	a0, 0x100 >> 4
	li	a0, 0xf0 & 0x3c
	li	a0, 0xf0 | 0x0f
	li	a0, 0xf0 ^ 0xff
	li	a0, ~0x10
	li	a0, -(3 * 4)
	li	a0, - - 5
	li	a0, MASK
	li	a0, NEGV
	li	a0, 'A'
	li	a0, 'a' - 'A'
	li	a0, '\n'
	li	a0, '\\'
	li	a0, '\''
	li	a0, CH
	li	a0, 0b1011
	li	a0, 0777
	li	a0, 5 > 3
	li	a0, 5 < 3
	li	a0, 5 == 5
	li	a0, 5 != 5
	li	a0, !0
	li	a0, 3 && 0
	li	a0, 3 || 0
	li	a0, VAR
	.set	VAR, VAR + 1
	li	a0, VAR
	.set	VAR, 100
	li	a0, VAR
	addi	a0, a0, MASK
	andi	a1, a1, ~MASK
	slli	a2, a2, SHIFT
	lw	a3, COUNT * 4(sp)
	ld	a4, (COUNT - 2) * 8(sp)
	li	a0, table_len
	li	a0, msg_len
entry2:
# numeric labels reused
1:	addi	a0, a0, -1
	bnez	a0, 1b
1:	addi	a1, a1, -1
	bnez	a1, 1b
	beqz	a2, 1f
	addi	a2, a2, 1
1:	beqz	a3, 1f
	addi	a3, a3, 1
1:	j	2f
2:	j	1b
	ret
# --- code in another text section, with alignment ----------------------------
	.section .text.helper, "ax", @progbits
	.p2align	3
helper:
	addi	a0, a0, 1
	.balign	16
	ret
	.section .text.other, "ax"
other:
	nop
	.align	2
	ret
	.text
after:
	c.nop
	.align	3
	ret
# --- writable data ------------------------------------------------------------
	.data
counter:
	.dword	0
bytes:	.byte	1, 2, 0xff, -1, -128, 255, 'a', '\n', '\\', '\'', '"', CH
halves:	.half	0x1234, -1, 0xffff
	.short	-2, 3
words:	.word	0xdeadbeef, -1, COUNT, label_diff
	.long	0x12345678
dwords:	.dword	0x123456789abcdef0, -1, counter, counter + 8
	.quad	42, table - 8
	.zero	3
	.space	4, 0xab
	.space	2
	.byte	1
	.align	3
	.byte	2
	.p2align	2, 0xcc
	.byte	3
	.balign	16, 0xdd
	.byte	4
	.balign	4
	.local	lsym
lsym:	.word	5
	.globl	gsym
gsym:	.word	6
here:	.dword	.
	.word	. - here
	.word	bytes - counter, dwords - halves
	.equ	label_diff, dwords - words
	.byte	COUNT, MASK, SHIFT
	.section .data.extra, "aw", @progbits
	.align	2
extra:	.word	0x11111111
	.section .data.more, "aw"
	.byte	0x22

# --- zero-initialised data ----------------------------------------------------
	.bss
	.align	4
buffer:	.zero	256
	.section .bss.more, "aw", @nobits
more:	.space	10
